"""The field layout every Telka form page shares (accounts, calls, strategy,
consultations): each field in a spaced <div class="field">, tick boxes before their
label, no colon after labels. Mix it in first: `class ProfileForm(Layout, forms.Form)`.
Also the form fields every app uses where Django's own would let the database fail."""

from django import forms
from django.utils.choices import BlankChoiceIterator
from django.utils.translation import gettext_noop


class Layout:
    template_name_div = "forms/layout.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        _share_choices(type(self))
        super().__init__(*args, **kwargs)


class SharedChoices(list):
    """A field's list of choices that every form's copy of the field shares.

    Each form deep-copies its class's fields, and a choice field's copy deep-copies its
    choices: every lazy label of every option, again for each row of a formset (most of
    the time a budget section took to build its forms). Nothing changes a list of
    choices in place; a form that needs other choices assigns a new list to
    `field.choices`, which replaces this one on its own copy."""

    def __deepcopy__(self, memo):
        return self


def _share_choices(form_class) -> None:
    if "_choices_shared" in form_class.__dict__:
        return
    for field in getattr(form_class, "base_fields", {}).values():
        choices = getattr(field, "_choices", None)
        if isinstance(choices, BlankChoiceIterator) and type(choices.choices) in (list, tuple):
            choices = list(choices)  # a model field's fixed choices after the empty one
        if type(choices) is list:
            field._choices = field.widget.choices = SharedChoices(choices)
    form_class._choices_shared = True


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
