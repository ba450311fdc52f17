"""`get_FOO_display()` without Django's cost per call.

Django's Model._get_FIELD_display builds a dictionary of the field's choices on every
call, and to do so hashes each (value, label) pair, which translates every label: a
budget line's category (a dozen choices) shown in a report's table costs a dozen
translations per row. `ChoiceLabels` keeps one dictionary of value → (lazy) label per
field with fixed choices; the label is still translated when it is shown, in the
language active then, and the result is what Django's method returns.
"""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_LABELS: dict = {}  # field → {value: label}, for fields with a fixed list of choices


class ChoiceLabels:
    """A model mixin (before models.Model in the bases): get_FOO_display() reads a
    dictionary made once per field."""

    def _get_FIELD_display(self, field):
        labels = _LABELS.get(field)
        if labels is None:
            if not isinstance(field.choices, list | tuple):  # callable choices: each time
                return super()._get_FIELD_display(field)
            labels = {make_hashable(value): label for value, label in field.flatchoices}
            _LABELS[field] = labels
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
