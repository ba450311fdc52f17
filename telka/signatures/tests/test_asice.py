"""ASiC-E containers with XAdES signatures (issue 17 item 3): a container signed by a
qualified signer chaining to a trust anchor is valid; a changed file, a file added
without being signed, a changed signature, a revoked or expired signer (at the signing
time: the timestamp's when there is one, else the claimed time), an unknown CA and a
file that is no container are each reported with their own reason."""

import datetime
import io
import zipfile

import pytest

from telka.signatures.asice import is_asice, validate_asice
from telka.signatures.models import Validation
from telka.signatures.validation import validate_file
from telka.signatures.workflow import record_validated, revalidate

from . import pki

pytestmark = pytest.mark.usefixtures("pki_services", "trusted_root")

FILES = {"deklaracija.pdf": b"%PDF-1.4 declaration", "priedas.txt": "Partnerio raštas".encode()}


def rezip(data: bytes, change) -> bytes:
    """The container with its members passed through `change(name, bytes) -> bytes`
    (None drops a member), and new members from change("", None) -> dict."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info))
            if content is not None:
                target.writestr(info, content)
        for name, content in (change("", None) or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def only(data: bytes):
    report = validate_asice(data)
    assert report.readable and len(report.signatures) == 1
    return report.signatures[0]


def test_a_qualified_signature_over_every_file_is_valid():
    check = only(pki.asice(FILES, "chair", timestamp=True))
    assert check.problem == ""
    assert check.signer == "PETRAS VIEŠASIS"
    assert check.subject_serial == "PNOLT-38001010001"
    assert check.qualification == "qes"
    assert check.timestamped and check.timestamp_trusted
    assert check.anchor.startswith("Common Name: TEST ONLY Telka Root CA")
    assert check.coverage == "ENTIRE_FILE"


def test_a_file_changed_after_signing_is_refused():
    signed = pki.asice(FILES, "chair")
    changed = rezip(signed, lambda n, b: b"%PDF-1.4 other" if n == "deklaracija.pdf" else b)
    check = only(changed)
    assert check.problem == "broken"
    assert "the file was changed" in check.problem_text


def test_a_file_added_without_a_signature_is_refused():
    signed = pki.asice(FILES, "chair", signed_files=["deklaracija.pdf"])
    assert only(signed).problem == "files"
    added = rezip(pki.asice(FILES, "chair"), lambda n, b: {"kita.pdf": b"%PDF"} if n == "" else b)
    check = only(added)
    assert check.problem == "files"
    assert check.problem_text == "the signature does not cover every file in the container"


def test_a_changed_signature_is_refused():
    signed = pki.asice(FILES, "chair")

    def tamper(name, content):
        if name == "META-INF/signatures0.xml":
            return content.replace(b"SigningTime>20", b"SigningTime>19", 1)
        return content

    assert only(rezip(signed, tamper)).problem == "broken"


@pytest.mark.parametrize(
    ("label", "problem", "message"),
    [
        ("revoked", "revoked", "the signer's certificate was revoked"),
        ("expired", "expired", "the signer's certificate was not valid at the time of signing"),
        ("rogue-signer", "untrusted", "does not chain to a trusted certification authority"),
    ],
)
def test_bad_signers_are_refused_with_their_reason(label, problem, message):
    check = only(pki.asice(FILES, label, timestamp=True))
    assert check.problem == problem
    assert message in check.problem_text


def test_the_timestamp_not_the_claimed_time_is_the_signing_time():
    """The expired signer claims to have signed while the certificate was valid; the
    timestamp says it signed just now, so it is refused."""
    claimed = datetime.datetime(2020, 6, 1, tzinfo=datetime.UTC)
    check = only(pki.asice(FILES, "expired", timestamp=True, signing_time=claimed))
    assert check.problem == "expired"
    # The timestamp's moment, compared as an instant (the test may run around midnight
    # in the process's local time zone, which is not the timestamp's).
    now = datetime.datetime.now(datetime.UTC)
    assert abs(check.signed_at_time - now) < datetime.timedelta(minutes=10)


def test_without_a_timestamp_the_claimed_signing_time_is_used():
    claimed = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
    check = only(pki.asice(FILES, "chair", signing_time=claimed))
    assert check.problem == ""
    assert check.signed_at_time == claimed
    assert not check.timestamped


def test_without_a_timestamp_a_revocation_after_the_claimed_time_still_refuses():
    claimed = datetime.datetime(2021, 1, 5, tzinfo=datetime.UTC)  # revoked since 2021-06-01
    assert only(pki.asice(FILES, "revoked", signing_time=claimed)).problem == "revoked"


def test_a_file_that_is_not_a_container_is_not_readable():
    assert not is_asice(b"%PDF-1.4")
    assert not validate_asice(b"PK\x03\x04 broken").readable
    odt = rezip(
        pki.asice(FILES, "chair"), lambda n, b: b"application/zip" if n == "mimetype" else b
    )
    assert not validate_asice(odt).readable


def test_a_container_without_signatures_has_none():
    unsigned = rezip(pki.asice(FILES, "chair"), lambda n, b: None if "signatures" in n else b)
    report = validate_file(unsigned)
    assert report.readable and report.signatures == [] and not report.ok


def test_a_container_is_kept_with_its_report_and_validated_again(lag, sara):
    data = pki.asice(FILES, "chair", timestamp=True)
    document = record_validated(
        lag=lag, title="Deklaracija", filename="deklaracija.asice", data=data,
        report=validate_file(data), actor=sara,
    )  # fmt: skip
    again = revalidate(document=document, actor=sara)
    assert again.ok and again.checks[0].signer == "PETRAS VIEŠASIS"
    assert Validation.objects.filter(document=document).count() == 2
