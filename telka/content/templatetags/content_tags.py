"""Date presentation of the public site."""

import datetime

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

register = template.Library()

# The LAG writes document dates as "Atnaujinta 2020 01 24"; English readers get "24 Jan 2020".
UPDATED_FORMATS = {"lt": "Y m d", "en": "j M Y"}


@register.filter
def updated_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    return date_format(value, UPDATED_FORMATS.get(translation.get_language(), "Y-m-d"))


@register.filter
def same_day(start: datetime.datetime, end: datetime.datetime) -> bool:
    return timezone.localdate(start) == timezone.localdate(end)
