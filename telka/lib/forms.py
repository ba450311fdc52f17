"""The field layout every Telka form page shares (accounts, calls, strategy,
consultations): each field in a spaced <div class="field">, tick boxes before their
label, no colon after labels. Mix it in first: `class ProfileForm(Layout, forms.Form)`.
Also the form fields every app uses where Django's own would let the database fail."""

import copy

from django import forms
from django.utils.choices import BlankChoiceIterator
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_noop


class Layout:
    template_name_div = "forms/layout.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        # Each form deep-copies `self.base_fields`: this copy of them in the active
        # language is cheaper to copy and to show (see translated_fields).
        self.base_fields = translated_fields(type(self))
        super().__init__(*args, **kwargs)


class SharedChoices(list):
    """A field's list of choices that every form's copy of the field shares: nothing
    changes a list of choices in place (a form that needs other choices assigns a new
    list to `field.choices`, on its own copy)."""

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):  # a widget's copy of its choices
        return self


class KeptFields(dict):
    """A form class's fields in one language (translated_fields): each form's deep copy
    (BaseForm.__init__) copies each field with its own __deepcopy__, without the generic
    dispatch of copy.deepcopy for every name and field."""

    def __deepcopy__(self, memo):
        return {name: field.__deepcopy__(memo) for name, field in self.items()}


def translated_fields(form_class) -> dict:
    """The form class's fields with their labels, help texts and fixed choices already
    in the active language, made once per class and language.

    Django copies every field of the class for each form, and a choice field's copy
    copies each lazily translated label of its choices; showing the form then looks
    each lazy label up in the catalogue again, more than once. On a budget section of
    ten rows that was a third of the page's time. These copies hold plain text, and
    their choices are shared (SharedChoices) instead of copied."""
    kept = form_class.__dict__.get("_translated_fields")
    if kept is None:
        kept = {}
        form_class._translated_fields = kept  # on the class: gone with it
    language = get_language()
    fields = kept.get(language)
    if fields is None:
        fields = KeptFields(copy.deepcopy(form_class.base_fields))
        for field in fields.values():
            _translate(field)
        kept[language] = fields
    return fields


def _translate(field: forms.Field) -> None:
    if isinstance(field.label, Promise):
        field.label = str(field.label)
    if isinstance(field.help_text, Promise):
        field.help_text = str(field.help_text)
    choices = getattr(field, "_choices", None)
    if isinstance(choices, BlankChoiceIterator) and type(choices.choices) in (list, tuple):
        choices = list(choices)  # a model field's fixed choices after the empty one
    if type(choices) is list:
        field._choices = field.widget.choices = SharedChoices(
            (_text(value), [(v, _text(label)) for v, label in label_or_group])
            if isinstance(label_or_group, list | tuple)
            else (value, _text(label_or_group))
            for value, label_or_group in choices
        )


def _text(text):
    return str(text) if isinstance(text, Promise) else text


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
