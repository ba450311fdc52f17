"""Presentation filters shared by every app's templates."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.urls import get_script_prefix
from django.utils import formats, translation
from django.utils.safestring import mark_safe

from telka.lib.html import clean_html

register = template.Library()


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


# Language -> str.translate table from Python's "1,234.5" to the language's separators
# (formats.get_format asks the active language and its format modules on every call;
# a table of amounts calls this filter hundreds of times).
_SEPARATORS: dict[str, dict[int, str]] = {}


def _separators() -> dict[int, str]:
    language = translation.get_language()
    table = _SEPARATORS.get(language)
    if table is None:
        table = str.maketrans(
            {
                ",": formats.get_format("THOUSAND_SEPARATOR"),
                ".": formats.get_format("DECIMAL_SEPARATOR"),
            }
        )
        _SEPARATORS[language] = table
    return table


def _format(amount: Decimal, places: int) -> str:
    """Round half-up to `places` (numberformat alone truncates) and group thousands
    (what django.utils.numberformat.format writes with grouping=3 and force_grouping)."""
    amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not amount:
        amount = abs(amount)  # no "-0,00"
    return f"{amount:,.{places}f}".translate(_separators())


@register.filter
def eur(value, places: int = 2) -> str:
    """327622.72 -> '327 622,72 €' in Lithuanian, '€327,622.72' in English."""
    amount = _decimal(value)
    if amount is None:
        return ""
    text = _format(amount, int(places))
    return f"€{text}" if translation.get_language() == "en" else f"{text}\xa0€"


@register.filter
def number(value, places: int = 0) -> str:
    """Group thousands the local way: 1095 -> '1 095' (lt) / '1,095' (en)."""
    amount = _decimal(value)
    return "" if amount is None else _format(amount, int(places))


@register.filter
def percent(value, places: int = 0) -> str:
    """0.4567 -> '45,7 %' style, taking a share (0..1)."""
    share = _decimal(value)
    if share is None:
        return ""
    return f"{number(share * 100, places)}\xa0%"


@register.filter
def filesize(value) -> str:
    """Bytes as kB/MB with local decimals."""
    size = _decimal(value) or Decimal(0)
    if size < 1024:
        return f"{number(size)}\xa0B"
    if size < 1024 * 1024:
        return f"{number(size / 1024, 0)}\xa0kB"
    return f"{number(size / (1024 * 1024), 1)}\xa0MB"


def localized_text(obj, field: str) -> tuple[str, str]:
    """The English variant of a content field when the page is English and it exists."""
    if translation.get_language() == "en":
        english = getattr(obj, f"{field}_en", "")
        if english:
            return english, "en"
    return getattr(obj, field, ""), "lt"


@register.filter
def localized(obj, field: str) -> str:
    """{{ lag|localized:"vision" }}: content in the page language, Lithuanian as fallback."""
    return localized_text(obj, field)[0]


@register.filter
def localized_lang(obj, field: str) -> str:
    """The language of what `localized` returns, for a lang="" attribute."""
    return localized_text(obj, field)[1]


@register.filter
def sanitised(value) -> str:
    """Render stored rich text safely: cleaned again on output, whatever was stored."""
    return mark_safe(clean_html(str(value or "")))  # noqa: S308 — cleaned by nh3 just above


# Where the open-data API's docs are (telka/api/api.py: mounted at api/, docs_url "/docs").
API_DOCS = "api/docs"


@register.simple_tag
def api_docs_url() -> str:
    """The API docs page, linked from every page's footer without loading the API (its
    URLs load with the first request under /api/, telka/urls.py)."""
    return get_script_prefix() + API_DOCS
