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


GRANTED = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/granted"
WITHDRAWN = "http://uri.etsi.org/TrstSvc/TrustedList/Svcstatus/withdrawn"


def trusted_list(tmp_path, *, qca_status: str = GRANTED, sequence: int = 42) -> Path:
    """The test list, the qualified CA's service `qca_status` (granted unless told)."""
    xml = TEMPLATE.read_text().replace("STATUS_QCA", qca_status)
    xml = xml.replace("<tsl:TSLSequenceNumber>42<", f"<tsl:TSLSequenceNumber>{sequence}<")
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


def _import(path: Path) -> str:
    import io

    out = io.StringIO()
    call_command("import_trust_anchors", trusted_list=[path], stdout=out)
    return out.getvalue()


def _signed_declaration() -> bytes:
    import weasyprint

    return pki.sign(weasyprint.HTML(string="<p>Deklaracija</p>").write_pdf(), "chair", "Sig")


def test_each_anchor_keeps_its_service_type_status_and_qualifiers(tmp_path):
    _import(trusted_list(tmp_path))
    qca = TrustAnchor.objects.get(subject__contains="Qualified CA")
    assert qca.service_type == "http://uri.etsi.org/TrstSvc/Svctype/CA/QC"
    assert qca.service_status == GRANTED
    assert qca.qualifiers == ["ForeSignatures", "QCForESig"]
    tsa = TrustAnchor.objects.get(subject__contains="Timestamps")
    assert tsa.service_type == "http://uri.etsi.org/TrstSvc/Svctype/TSA/QTST"
    assert tsa.qualifiers == []


def test_a_signature_under_a_granted_qualified_ca_of_the_list_is_qualified(tmp_path, pki_services):
    _import(trusted_list(tmp_path))
    (check,) = validate_pdf(_signed_declaration()).signatures
    assert check.problem == "" and check.qualification == "qes"
    assert check.service_status == GRANTED
    assert check.service_text == (
        "qualified certificate service (CA/QC), granted; for electronic signatures, "
        "qualified certificates for electronic signatures"
    )


def test_a_folder_anchor_gives_at_most_an_advanced_signature(tmp_path, pki_services):
    folder = tmp_path / "cas"
    folder.mkdir()
    (folder / "qca.der").write_bytes(pki.cert_der("qca"))
    call_command("import_trust_anchors", str(folder), stdout=open("/dev/null", "w"))
    (check,) = validate_pdf(_signed_declaration()).signatures
    # The certificate declares itself qualified (QC statements, QSCD), but nothing confirms it.
    assert check.problem == "" and check.qualification == "ades"
    assert check.service_type == "" and check.service_text == ""


def test_a_service_withdrawn_since_no_longer_makes_signatures_qualified(tmp_path, pki_services):
    from telka.audit.models import AuditEvent

    _import(trusted_list(tmp_path))
    output = _import(trusted_list(tmp_path, qca_status=WITHDRAWN, sequence=43))
    assert "Service type or status changed: Common Name: TEST ONLY Telka Qualified CA" in output
    qca = TrustAnchor.objects.get(subject__contains="Qualified CA")
    assert qca.service_status == WITHDRAWN
    event = AuditEvent.objects.get(action="signatures.anchor_service_changed")
    assert event.changes["before"]["service_status"] == GRANTED
    assert event.changes["after"]["service_status"] == WITHDRAWN
    (check,) = validate_pdf(_signed_declaration()).signatures
    assert check.problem == "" and check.qualification == "ades"
    assert check.service_text.startswith("qualified certificate service (CA/QC), withdrawn")


def test_a_withdrawn_service_not_yet_known_is_not_imported(tmp_path):
    _import(trusted_list(tmp_path, qca_status=WITHDRAWN))
    assert not TrustAnchor.objects.filter(subject__contains="Qualified CA").exists()
    assert not TrustAnchor.objects.filter(subject__contains="Rogue").exists()
