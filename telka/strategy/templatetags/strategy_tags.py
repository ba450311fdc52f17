"""Filters for tracked changes: signed money and number deltas."""

from decimal import Decimal

from django import template

from telka.templatetags.telka import eur, number

register = template.Library()
MINUS = "\u2212"  # a real minus sign: reads better than a hyphen next to a figure


def _sign(value) -> str:
    return "+" if Decimal(value or 0) > 0 else (MINUS if Decimal(value or 0) < 0 else "±")


@register.filter
def signed_eur(value) -> str:
    """+327 622,72 € / −100 000,00 € / ±0,00 €"""
    return _sign(value) + eur(abs(Decimal(value or 0)))


@register.filter
def signed_number(value) -> str:
    amount = Decimal(value or 0)
    places = 0 if amount == amount.to_integral_value() else 2
    return _sign(value) + number(abs(amount), places)


@register.filter
def plain_number(value) -> str:
    """A target value without needless decimals: 50.00 -> 50."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    return number(amount, 0 if amount == amount.to_integral_value() else 2)
