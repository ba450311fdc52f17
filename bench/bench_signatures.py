"""Sealing a receipt and validating two-signature minutes (issue 17), median times.

No database: the offline test PKI (certomancer; the TSA and OCSP responder answer in
process through requests-mock, so no network time is counted). Measured over 20 runs
each: sealing a one-page receipt PDF without and with a timestamp (PAdES-B-B and B-T),
with the timestamp and the seal's revocation data embedded (B-LT, OCSP), and validating minutes signed by the chair (with a timestamp) and the secretary,
revocation checked by OCSP for both signers.

Goal: sealing (with a timestamp) and validating each < 0.5 s. Receipts are sealed where they are made:
in the e-mail task run by the task worker, and when an applicant downloads one; the
submission request itself does not seal, so the submission rush figures do not change.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

RUNS = 20
ROOT = Path(__file__).resolve().parent.parent


def _median(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4)


def _sealing(settings, seal, pki, receipt: bytes) -> tuple[float, float, float]:
    """Median times of sealing as PAdES-B-B, B-T and B-LT."""
    settings.TELKA_SEAL_TSA_URL = ""
    seal.seal_pdf(receipt)  # loads the key once, as a running server has
    plain = _median(lambda: seal._sign(receipt, long_term=False))
    settings.TELKA_SEAL_TSA_URL = pki.TSA_URL
    stamped = _median(lambda: seal._sign(receipt, long_term=False))
    return plain, stamped, _median(lambda: seal._sign(receipt, long_term=True))


def run() -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")
    import django

    django.setup()
    import weasyprint
    from asn1crypto import x509
    from django.conf import settings

    from telka.signatures import seal
    from telka.signatures.tests import pki
    from telka.signatures.validation import validate_pdf

    receipt = weasyprint.HTML(string="<h1>Kvitas K4-001</h1><p>Gauta.</p>").write_pdf()
    with tempfile.TemporaryDirectory() as folder, pki.services():
        path = Path(folder) / "seal.p12"
        path.write_bytes(pki.pkcs12_bytes("seal", b"bench"))
        settings.TELKA_SEAL_PKCS12, settings.TELKA_SEAL_PASSPHRASE = str(path), "bench"
        plain, stamped, long_term = _sealing(settings, seal, pki, receipt)
        minutes = seal.with_signature_fields(receipt, ["Chair", "Secretary"])
        signed = pki.sign(
            pki.sign(minutes, "chair", "Chair", timestamp=True), "secretary", "Secretary"
        )
        anchors = [x509.Certificate.load(pki.cert_der("root"))]
        assert validate_pdf(signed, anchors).ok
        validating = _median(lambda: validate_pdf(signed, anchors))
    return {
        "seal receipt, PAdES-B-B (median s)": plain,
        "seal receipt, PAdES-B-T with timestamp (median s)": stamped,
        "seal receipt, PAdES-B-LT with timestamp and OCSP (median s)": long_term,
        "validate 2-signature minutes with OCSP (median s)": validating,
        "runs": RUNS,
    }
