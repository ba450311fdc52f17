from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """{{ proposals|get_item:pk }}: a value of a dict by a key from the loop."""
    return mapping.get(key)
