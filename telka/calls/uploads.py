"""Attachments: type checked by content (magic bytes), never by the file name, and
uploads streamed to disk with a per-file limit enforced while the bytes arrive."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext as _

from .active_content import content_problem

# Most files one proposal may carry; the total size limit comes from settings.
MAX_ATTACHMENTS = 40
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: frozenset[str]


PDF = FileType("PDF", "application/pdf", frozenset({".pdf"}))
PNG = FileType("PNG", "image/png", frozenset({".png"}))
JPEG = FileType("JPG", "image/jpeg", frozenset({".jpg", ".jpeg"}))
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    frozenset({".docx"}),
)
XLSX = FileType(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    frozenset({".xlsx"}),
)
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", frozenset({".odt"}))
# A signed container (ETSI EN 319 162): declarations signed with an ID card or a mobile
# signature often come as one; telka.signatures.asice validates its signatures.
ASICE = FileType("ASiC-E", "application/vnd.etsi.asic-e+zip", frozenset({".asice", ".sce"}))
ACCEPTED = [PDF, DOCX, XLSX, ODT, ASICE, JPEG, PNG]
ACCEPT_ATTRIBUTE = ",".join(sorted(ext for t in ACCEPTED for ext in t.extensions))


def type_label(content_type: str) -> str:
    """ "PDF", "DOCX"… for a stored content type."""
    return next((t.label for t in ACCEPTED if t.content_type == content_type), "")


def _zip_type(stream: IO[bytes]) -> FileType | None:
    """DOCX, XLSX, ODT and ASiC-E are all ZIP archives; tell them apart by their members.
    Only the archive's directory (and ODT's tiny `mimetype` member) is read."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    kind = member.read(100).strip()
                    if kind == ODT.content_type.encode():
                        return ODT
                    if kind == ASICE.content_type.encode():
                        return ASICE
                return None
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DOCX
                if any(n.startswith("xl/") for n in names):
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sniff(stream: IO[bytes]) -> FileType | None:
    """The accepted type the bytes really are, or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        found = _zip_type(stream)
        stream.seek(0)
        return found
    return None


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Writes every uploaded file straight to a temporary file (never whole in memory)
    and stops writing one the moment it passes TELKA_ATTACHMENT_MAX_BYTES: the file is
    then left out of request.FILES and its name recorded in request.oversized_uploads."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.TELKA_ATTACHMENT_MAX_BYTES
        if request is not None:
            request.oversized_uploads = []

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.too_large or self.received > self.limit:
            self.too_large = True
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int):
        if not self.too_large:
            return super().file_complete(file_size)
        self.file.close()
        if self.request is not None:
            self.request.oversized_uploads.append(self.file_name)
        return None


def upload_problems(upload) -> list[str]:
    """What is wrong with one uploaded file, in words for the uploader: empty, not one
    of the accepted types by its content, a name that hides its real type, or a
    dangerous inside (zip bomb, PDF scripts: see active_content.py). A good
    file gets `detected` (its FileType) set for the caller."""
    if upload.size == 0:
        return [_("“%(name)s” is empty.") % {"name": upload.name}]
    found = sniff(upload)
    if found is None:
        return [
            _("“%(name)s” is not a PDF, DOCX, XLSX, ODT, ASiC-E, JPG or PNG file.")
            % {"name": upload.name}
        ]
    if extension(upload.name) not in found.extensions:
        return [
            _("“%(name)s” is really a %(type)s file: its name must end in %(ext)s.")
            % {"name": upload.name, "type": found.label, "ext": sorted(found.extensions)[0]}
        ]
    problem = content_problem(upload.name, upload)
    if problem:
        return [problem]
    upload.detected = found
    return []
