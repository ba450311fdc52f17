from django import template

from telka.evaluation.reconcile import local_points

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """{{ proposals|get_item:pk }}: a value of a dict by a key from the loop."""
    return mapping.get(key)


@register.filter
def points(value) -> str:
    """30.00 → "30", 12.50 → "12,5" (lt) / "12.5" (en): points as people write them."""
    return local_points(value)
