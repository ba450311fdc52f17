"""The field layout every Telka form page shares (accounts, calls, strategy,
consultations): each field in a spaced <div class="field">, tick boxes before their
label, no colon after labels. Mix it in first: `class ProfileForm(Layout, forms.Form)`."""


class Layout:
    template_name_div = "forms/layout.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
