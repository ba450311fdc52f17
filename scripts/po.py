"""Translation helper for developers.

    python scripts/po.py missing [lt]         list untranslated or fuzzy entries as JSON
    python scripts/po.py fill FILE.json [lt]  fill msgstr from {"msgid": "translation"}
                                              (plural, Lithuanian has four forms as in
                                               Django's rule: {"msgid": ["1, 21 …",
                                               "2–9, 22 …", "1,5 (fraction)",
                                               "0, 10–20, 30 …"]};
                                               context: key "context\\u0004msgid")
Works on every django.po of the language under the project.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues(language: str):
    for path in sorted(ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
        if ".venv" not in path.parts:
            yield path, polib.pofile(str(path), wrapwidth=0, encoding="utf-8")


def key(entry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def missing(language: str) -> dict:
    found = {}
    for _path, po in catalogues(language):
        for entry in po:
            empty = not entry.msgstr and not any(entry.msgstr_plural.values())
            if (empty or "fuzzy" in entry.flags) and not entry.obsolete:
                found[key(entry)] = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else ""
    return found


def fill(source: str, language: str) -> None:
    translations = json.loads(Path(source).read_text(encoding="utf-8"))
    for path, po in catalogues(language):
        changed = False
        for entry in po:
            value = translations.get(key(entry))
            if not value:
                continue
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(value))
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            changed = True
        if changed:
            po.save(str(path))


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["missing"]
    if command == "missing":
        print(json.dumps(missing(args[0] if args else "lt"), ensure_ascii=False, indent=1))
    elif command == "fill":
        fill(args[0], args[1] if len(args) > 1 else "lt")
    else:
        sys.exit(__doc__)
