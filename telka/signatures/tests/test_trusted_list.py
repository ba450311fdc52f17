"""Trust anchors from an EU trusted list file (issue 17 item 5): the granted qualified
CA and timestamp services are imported with the list's territory, number and date; a
withdrawn service is not; signatures chaining to an imported CA are then trusted."""

import base64
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from telka.signatures.models import TrustAnchor
from telka.signatures.validation import validate_pdf

from . import pki

pytestmark = pytest.mark.django_db

TEMPLATE = Path(__file__).parent / "data" / "trusted-list.xml"


def trusted_list(tmp_path) -> Path:
    xml = TEMPLATE.read_text()
    for label, placeholder in [
        ("qca", "CERT_QCA"),
        ("tsa", "CERT_TSA"),
        ("rogue-root", "CERT_WITHDRAWN"),
    ]:
        xml = xml.replace(placeholder, base64.b64encode(pki.cert_der(label)).decode())
    path = tmp_path / "LT-TL.xml"
    path.write_text(xml)
    return path


def test_granted_services_of_a_trusted_list_become_trust_anchors(tmp_path, pki_services):
    call_command(
        "import_trust_anchors", trusted_list=[trusted_list(tmp_path)], stdout=open("/dev/null", "w")
    )
    anchors = dict(TrustAnchor.objects.values_list("subject", "source"))
    source = "EU trusted list LT no. 42 (2026-11-01)"
    assert anchors == {
        "Common Name: TEST ONLY Telka Qualified CA, Organization: Telka Test PKI, Country: LT": source,
        "Common Name: TEST ONLY Telka Timestamps, Organization: Telka Test PKI, Country: LT": source,
    }
    import weasyprint

    signed = pki.sign(
        weasyprint.HTML(string="<p>Deklaracija</p>").write_pdf(), "chair", "Sig", timestamp=True
    )
    (check,) = validate_pdf(signed).signatures
    assert check.problem == "" and check.timestamp_trusted
    assert "TEST ONLY Telka Qualified CA" in check.anchor


def test_a_file_that_is_not_a_trusted_list_is_refused(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>not a list</body></html>")
    with pytest.raises(CommandError, match="not an ETSI TS 119 612 trusted list"):
        call_command("import_trust_anchors", trusted_list=[bad])
    assert not TrustAnchor.objects.exists()
