"""Every marked string has a Lithuanian translation (Lithuanian is the default language)."""

from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import ngettext

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = [p for p in ROOT.glob("**/locale/lt/LC_MESSAGES/django.po") if ".venv" not in p.parts]


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_a_lithuanian_translation(path):
    catalogue = polib.pofile(str(path), encoding="utf-8")
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == [] and fuzzy == [], f"run 'python scripts/po.py missing': {missing + fuzzy}"


def test_placeholders_survive_translation():
    for path in CATALOGUES:
        for entry in polib.pofile(str(path), encoding="utf-8").translated_entries():
            if entry.msgid_plural:
                continue
            for token in ("%(", "{"):
                assert entry.msgid.count(token) == entry.msgstr.count(token), (path, entry.msgid)


def test_every_lithuanian_plural_has_the_four_forms_django_uses():
    """Django's Lithuanian plural rule picks form 3 for 0, 10–20, 30 …: an entry with
    three forms shows English for "0 meetings" (issue 15, finding 5)."""
    short = [
        (str(path.relative_to(ROOT)), entry.msgid)
        for path in CATALOGUES
        for entry in polib.pofile(str(path), encoding="utf-8")
        if entry.msgid_plural and len([v for v in entry.msgstr_plural.values() if v]) != 4
    ]
    assert short == []


@pytest.mark.parametrize(("n", "expected"), [(0, "posėdžių"), (1, "posėdis"), (12, "posėdžių")])
def test_counts_of_zero_and_teens_are_lithuanian(n, expected):
    with translation.override("lt"):
        text = ngettext(
            "%(n)s meeting or written procedure is open",
            "%(n)s meetings or written procedures are open",
            n,
        ) % {"n": n}
    assert expected in text


def test_the_empty_choice_of_a_drop_down_is_lithuanian():
    from django.db.models.fields import BLANK_CHOICE_LABEL

    with translation.override("lt"):
        assert str(BLANK_CHOICE_LABEL) == "– Pasirinkite –"
