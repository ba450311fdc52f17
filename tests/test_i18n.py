"""Every marked string has a Lithuanian translation (Lithuanian is the default language)."""

from pathlib import Path

import polib
import pytest

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
