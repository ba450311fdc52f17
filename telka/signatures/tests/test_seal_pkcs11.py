"""The LAG's seal on a PKCS#11 token (issue 17 item 4): with TELKA_SEAL_PKCS11_* set,
the PDFs Telka issues are sealed by the key on the token (SoftHSM2 here), and validate
with their timestamp; a wrong PIN or key label fails loudly with the setting to fix."""

import pytest

from telka.signatures.seal import SealError, seal_pdf, seal_signer
from telka.signatures.validation import validate_pdf

pytestmark = pytest.mark.usefixtures("db", "token_seal", "trusted_root")


@pytest.fixture
def draft():
    from telka.calls.demo import tiny_pdf

    return tiny_pdf("Kvitas (test)")


def test_a_pdf_sealed_on_the_token_validates_with_its_timestamp(draft):
    (check,) = validate_pdf(seal_pdf(draft)).signatures
    assert check.problem == "", check.problem_text
    assert check.signer == "TEST ONLY LAG seal"
    assert check.timestamped and check.timestamp_trusted
    assert check.coverage == "ENTIRE_REVISION"  # B-LT: revocation data added after the seal
    assert "TEST ONLY Telka Root CA" in check.anchor


def test_the_chain_on_the_token_is_embedded(draft):
    subjects = {c.subject.human_friendly for c in seal_signer().cert_registry}
    assert any("Qualified CA" in s for s in subjects) and any("Root CA" in s for s in subjects)


@pytest.mark.parametrize(
    "setting, value", [("TELKA_SEAL_PKCS11_PIN", "9999"), ("TELKA_SEAL_PKCS11_KEY_LABEL", "nope")]
)
def test_a_wrong_pin_or_label_fails_loudly(draft, settings, setting, value):
    setattr(settings, setting, value)
    with pytest.raises(SealError, match="TELKA_SEAL_PKCS11_MODULE/TOKEN_LABEL/KEY_LABEL"):
        seal_pdf(draft)
