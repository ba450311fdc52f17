"""Dangerous insides of accepted file types, found before a file is stored.

Office files (DOCX, XLSX, ODT) are ZIP archives: one of 1 MiB can unpack to
gigabytes (a "zip bomb") in whatever opens it next — the LAG's computers, a
preview, a virus scanner. An archive is refused when its entries declare more
than TELKA_OFFICE_MAX_UNPACKED_BYTES in total or more than
TELKA_OFFICE_MAX_ENTRIES entries, and every entry is then unpacked once (up to
that declared size, never more) so that an archive lying about its sizes fails
its checksums and is refused too.

PDFs are refused when they carry active content: scripts (/JavaScript, /JS),
actions that start programs, submit or import data (/Launch, /SubmitForm,
/ImportData), embedded files (/EmbeddedFile, /EmbeddedFiles, /FileAttachment),
multimedia players (/RichMedia) or XFA forms (/XFA). Names are read both from
the raw bytes (with PDF's #xx escapes decoded) and, through pypdf, from every
object including those packed in compressed object streams. Plain
/OpenAction (open at page 1, zoom) is harmless and allowed; one that runs
a script is caught by its /JS.
"""

import io
import logging
import re
import zipfile
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

ACTIVE_PDF_NAMES = frozenset(
    {
        "JavaScript",
        "JS",
        "Launch",
        "SubmitForm",
        "ImportData",
        "EmbeddedFile",
        "EmbeddedFiles",
        "FileAttachment",
        "RichMedia",
        "XFA",
    }
)
PDF_NAME = re.compile(rb"/([A-Za-z0-9#]+)")
HEX_ESCAPE = re.compile(r"#([0-9A-Fa-f]{2})")
CHUNK = 64 * 1024


def _pdf_name(raw: bytes) -> str:
    text = raw.decode("latin-1")
    return HEX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _raw_pdf_names(data: bytes) -> set[str]:
    return {_pdf_name(m.group(1)) for m in PDF_NAME.finditer(data)} & ACTIVE_PDF_NAMES


def _walk(value, found: set[str]) -> None:
    """Collect active names in one pypdf object and everything it contains."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    if isinstance(value, NameObject):
        if value[1:] in ACTIVE_PDF_NAMES:
            found.add(value[1:])
    elif isinstance(value, DictionaryObject):
        for key, item in value.items():
            _walk(NameObject(key), found)
            _walk(item, found)
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk(item, found)


def _parsed_pdf_names(data: bytes) -> set[str]:
    """Active names in every object of the PDF, compressed object streams included.
    A PDF pypdf cannot parse gives only what the raw scan finds."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    found: set[str] = set()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        numbers = {num for gen in reader.xref.values() for num in gen}
        numbers |= set(reader.xref_objStm)
        for num in sorted(numbers):
            _walk(reader.get_object(num), found)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as e:
        log.info("PDF not fully parsed (%s); raw scan only", type(e).__name__)
    return found


def pdf_active_content(stream: IO[bytes]) -> list[str]:
    """The active-content names a PDF carries, sorted; [] for a clean PDF."""
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    return sorted(_raw_pdf_names(data) | _parsed_pdf_names(data))


def _unpack_problem(archive: zipfile.ZipFile) -> str | None:
    max_entries = settings.TELKA_OFFICE_MAX_ENTRIES
    max_bytes = settings.TELKA_OFFICE_MAX_UNPACKED_BYTES
    entries = archive.infolist()
    if len(entries) > max_entries:
        return _("it holds %(count)s parts, more than the %(limit)s allowed") % {
            "count": len(entries),
            "limit": max_entries,
        }
    declared = sum(entry.file_size for entry in entries)
    if declared > max_bytes:
        return _("it unpacks to %(size)s, more than the %(limit)s allowed") % {
            "size": filesizeformat(declared),
            "limit": filesizeformat(max_bytes),
        }
    for entry in entries:
        with archive.open(entry) as member:
            while member.read(CHUNK):
                pass
    return None


def office_problem(stream: IO[bytes]) -> str | None:
    """Why a ZIP-based office file may not be stored (too big unpacked, too many
    parts, damaged), in words for the uploader, or None."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            return _unpack_problem(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        return _("it is damaged and cannot be unpacked")
    finally:
        stream.seek(0)


def content_problem(name: str, stream: IO[bytes]) -> str | None:
    """One sentence for the uploader when the file's inside is refused, or None.
    Decided by the bytes (PDF or ZIP signature), whatever the file is called."""
    stream.seek(0)
    head = stream.read(5)
    stream.seek(0)
    if head.startswith(b"%PDF"):
        names = pdf_active_content(stream)
        if names:
            return _(
                "“%(name)s” contains active content (%(what)s) that could run on the "
                "LAG's computers. Save or print it again as a plain PDF and upload that."
            ) % {"name": name, "what": ", ".join(names)}
    elif head.startswith(b"PK\x03\x04"):
        reason = office_problem(stream)
        if reason:
            return _("“%(name)s” is refused: %(reason)s. Save it again and upload that.") % {
                "name": name,
                "reason": reason,
            }
    return None
