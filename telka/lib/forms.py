"""The field layout every Telka form page shares (accounts, calls, strategy,
consultations): each field in a spaced <div class="field">, tick boxes before their
label, no colon after labels. Mix it in first: `class ProfileForm(Layout, forms.Form)`.
Also the form fields every app uses where Django's own would let the database fail."""

from django import forms
from django.utils.translation import gettext_noop


class Layout:
    template_name_div = "forms/layout.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# Django 6.1's label for the empty choice of a drop-down has no Lithuanian translation in
# Django's own catalogue; marking it here puts it in ours, which takes precedence.
gettext_noop("- Select an option -")


# The largest number an `integer` column holds on PostgreSQL (SQLite takes 64 bits).
INTEGER_MAX = 2_147_483_647


class IntegerField(forms.IntegerField):
    """A whole number the database can store: without narrower bounds it is kept
    within PostgreSQL's integer range, so a 26-digit number gets the usual
    translated "Ensure this value is less than or equal to…" and not a server error."""

    def __init__(self, *, min_value=None, max_value=None, **kwargs):
        super().__init__(
            min_value=-INTEGER_MAX - 1 if min_value is None else min_value,
            max_value=INTEGER_MAX if max_value is None else max_value,
            **kwargs,
        )
