"""The space a seal reserves for its signature is worked out once per process and kind
of seal, not before every receipt; a reservation that has become too small (a longer
timestamp answer) is noticed and the document is still sealed, never refused."""

import pytest
from asn1crypto import x509

from telka.signatures import seal
from telka.signatures.validation import validate_pdf

from . import pki

pytestmark = pytest.mark.usefixtures("db", "test_seal")


@pytest.fixture
def draft():
    from telka.calls.demo import tiny_pdf

    seal._reserved.clear()
    yield tiny_pdf("Kvitas (test)")
    seal._reserved.clear()


def _checks(data: bytes):
    return validate_pdf(data, [x509.Certificate.load(pki.cert_der("root"))]).signatures


def test_later_seals_reserve_what_the_first_one_needed_and_validate(draft):
    first = seal.seal_pdf(draft)
    (reserved,) = seal._reserved.values()
    second = seal.seal_pdf(draft)
    assert seal._reservation(first) == seal._reservation(second) == reserved
    for data in (first, second):
        (check,) = _checks(data)
        assert check.intact and check.trusted and check.timestamp_trusted


def test_a_reservation_grown_too_small_is_made_again(draft):
    seal.seal_pdf(draft)
    (kind,) = seal._reserved
    seal._reserved[kind] = 64  # far less than any signature with its certificates
    data = seal.seal_pdf(draft)
    (check,) = _checks(data)
    assert check.intact and check.trusted
    assert seal._reserved[kind] == seal._reservation(data) > 64
