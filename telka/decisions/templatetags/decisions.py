from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """{{ figures.names|get_item:pk }}: a value of a dict by a key from the loop."""
    return mapping.get(key) if mapping else None
