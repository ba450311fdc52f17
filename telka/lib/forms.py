"""The field layout every Telka form page shares (accounts, calls, strategy,
consultations): each field in a spaced <div class="field">, tick boxes before their
label, no colon after labels. Mix it in first: `class ProfileForm(Layout, forms.Form)`."""

from django.utils.translation import gettext_noop


class Layout:
    template_name_div = "forms/layout.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# Django 6.1's label for the empty choice of a drop-down has no Lithuanian translation in
# Django's own catalogue; marking it here puts it in ours, which takes precedence.
gettext_noop("- Select an option -")
