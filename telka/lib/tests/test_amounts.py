"""The amount filters write what Django's number formatting writes (rounded half-up,
thousands grouped in the language's way), in Lithuanian and English."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import formats, translation
from django.utils.numberformat import format as number_format

from telka.templatetags.telka import eur, number

VALUES = [
    "0",
    "0.005",
    "-0.004",
    "7",
    "999.995",
    "1000",
    "-1234.5",
    "327622.72",
    "12345678.9",
    "1E+6",
]


def django_way(value: str, places: int) -> str:
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(
        amount,
        decimal_sep=formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=places,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@pytest.mark.parametrize("language", ["lt", "en"])
@pytest.mark.parametrize("value", VALUES)
def test_amounts_are_written_as_django_writes_them(language, value):
    with translation.override(language):
        for places in (0, 1, 2):
            assert number(value, places) == django_way(value, places)
        money = eur(value)
        assert django_way(value, 2) in money
        assert money.startswith("€") if language == "en" else money.endswith("\xa0€")


def test_lithuanian_and_english_amounts():
    with translation.override("lt"):
        lt = eur("327622.72")
    with translation.override("en"):
        en = eur("327622.72")
    assert (lt, en) == ("327\xa0622,72\xa0€", "€327,622.72")
