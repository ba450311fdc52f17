"""Hostile files for upload tests, generated in milliseconds: a DOCX zip bomb
(1 MiB packed, 1 GiB unpacked), office files with too many parts or lying sizes,
and PDFs with scripts, launch actions and embedded files."""

import io
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

MIB = 1 << 20


def _deflated_zeros(mebibytes: int) -> tuple[bytes, int]:
    """Raw deflate of `mebibytes` MiB of zeros and its CRC-32. After a full flush the
    compressor forgets its history, so every 1 MiB block compresses to the same bytes:
    compress one, repeat it."""
    block = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(block, crc)
    return one * mebibytes + compressor.flush(zlib.Z_FINISH), crc


def _zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A ZIP written by hand from (name, deflated data, crc, packed size, unpacked size)
    so that sizes can be whatever the test needs."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, packed, unpacked in entries:
        offset = out.tell()
        raw = name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, packed, unpacked, len(raw), 0
            )
        )
        out.write(raw + data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                packed,
                unpacked,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(
        struct.pack(
            "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0
        )
    )
    return out.getvalue()


def _small(name: str, text: bytes) -> tuple[str, bytes, int, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(text) + compressor.flush()
    return name, data, zlib.crc32(text), len(data), len(text)


def docx_bomb(mebibytes: int = 1024) -> bytes:
    """A DOCX of about 1 MiB whose one image unpacks to `mebibytes` MiB."""
    data, crc = _deflated_zeros(mebibytes)
    return _zip(
        [
            _small("[Content_Types].xml", b"<Types/>"),
            _small("word/document.xml", b"<w:document/>"),
            ("word/media/image1.png", data, crc, len(data), mebibytes * MIB),
        ]
    )


def docx_lying_about_sizes() -> bytes:
    """A DOCX whose entry says it unpacks to 1 KiB but really holds 50 MiB."""
    data, crc = _deflated_zeros(50)
    return _zip(
        [
            _small("[Content_Types].xml", b"<Types/>"),
            _small("word/document.xml", b"<w:document/>"),
            ("word/media/image1.png", data, crc, len(data), 1024),
        ]
    )


def xlsx_with_parts(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        for number in range(count):
            archive.writestr(f"xl/worksheets/sheet{number}.xml", "")
    return buffer.getvalue()


def _pdf(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_open_action(JavaScript("app.alert('pwned');"))
    return _pdf(writer)


def pdf_with_open_action_script() -> bytes:
    """JavaScript run by /OpenAction, its names hex-escaped (/J#61vaScript, /J#53)."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    data = _pdf(writer)
    return data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")


def pdf_with_launch() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(action)}
    )
    return _pdf(writer)


def pdf_with_embedded_file() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    return _pdf(writer)


def pdf_opening_at_page_one() -> bytes:
    """A harmless /OpenAction (go to page 1): must be accepted."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer._root_object[NameObject("/OpenAction")] = writer.pages[0].indirect_reference
    return _pdf(writer)
