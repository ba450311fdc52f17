"""Compile every locale/**/*.po under the project into .mo files.

Pure Python, so a newcomer does not need GNU gettext installed to run Telka.
Fuzzy entries are skipped, as msgfmt does by default.
"""

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git", "var"}


def parse_po(text: str) -> dict[bytes, bytes]:
    messages: dict[bytes, bytes] = {}
    entry: dict[str, list[str]] = {}
    key = None
    fuzzy = False

    def flush() -> None:
        nonlocal entry, fuzzy
        # The header (msgid "") carries the charset; keep it even when marked fuzzy.
        if "msgid" in entry and (not fuzzy or entry["msgid"] == [""]):
            add_entry(messages, entry)
        entry, fuzzy = {}, False

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key].append(ast.literal_eval(line))
        else:
            word, _, rest = line.partition(" ")
            if word == "msgid" and "msgid" in entry:
                flush()
            key = word
            entry[key] = [ast.literal_eval(rest)]
    return messages


def add_entry(messages: dict[bytes, bytes], entry: dict[str, list[str]]) -> None:
    msgid = "".join(entry["msgid"])
    if "msgctxt" in entry:
        msgid = "".join(entry["msgctxt"]) + "\x04" + msgid
    if "msgid_plural" in entry:
        msgid += "\x00" + "".join(entry["msgid_plural"])
        forms = sorted(k for k in entry if k.startswith("msgstr["))
        msgstr = "\x00".join("".join(entry[k]) for k in forms)
    else:
        msgstr = "".join(entry.get("msgstr", []))
    if msgstr.replace("\x00", "") or msgid == "":
        messages[msgid.encode()] = msgstr.encode()


def build_mo(messages: dict[bytes, bytes]) -> bytes:
    keys = sorted(messages)
    ids = b"".join(k + b"\x00" for k in keys)
    strs = b"".join(messages[k] + b"\x00" for k in keys)
    count = len(keys)
    ids_start = 7 * 4 + 16 * count
    strs_start = ids_start + len(ids)
    table_ids, table_strs, offset_id, offset_str = [], [], 0, 0
    for k in keys:
        table_ids += [len(k), ids_start + offset_id]
        table_strs += [len(messages[k]), strs_start + offset_str]
        offset_id += len(k) + 1
        offset_str += len(messages[k]) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    tables = struct.pack(f"{len(table_ids)}i", *table_ids) + struct.pack(
        f"{len(table_strs)}i", *table_strs
    )
    return header + tables + ids + strs


def main() -> int:
    count = 0
    for po in ROOT.rglob("*.po"):
        if SKIP.intersection(po.relative_to(ROOT).parts) or "LC_MESSAGES" not in po.parts:
            continue
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.write_bytes(build_mo(parse_po(po.read_text(encoding="utf-8"))))
        count += 1
    print(f"    {count} catalogue(s) compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
