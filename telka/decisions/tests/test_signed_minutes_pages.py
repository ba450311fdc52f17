"""The signed-minutes upload on the meeting page, its validation report (with a new
validation on request) and the trust anchors page: staff only, Lithuanian and English."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from telka.decisions.models import Minutes
from telka.signatures.models import TrustAnchor, Validation
from telka.signatures.tests import pki
from telka.signatures.tests.conftest import pki_services, trusted_root  # noqa: F401

from .test_signed_minutes import both_signed, closed  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lithuanian")]


@pytest.fixture
def uploaded(client, closed, sara):  # noqa: F811
    """Staff download the minutes for signing and upload them signed, through the pages."""
    client.force_login(sara)
    response = client.get(reverse("decisions:minutes_for_signing", args=[closed.pk]))
    assert response["Content-Type"] == "application/pdf"
    signed = both_signed(response.content)
    response = client.post(
        reverse("decisions:upload_signed_minutes", args=[closed.pk]),
        {"signed_pdf": SimpleUploadedFile("signed.pdf", signed, "application/pdf")},
        follow=True,
    )
    assert "Parašai patikrinti" in response.text
    return Minutes.objects.get(meeting=closed).signed_document


def test_a_refused_upload_shows_the_reason_on_the_meeting_page(client, closed, sara):  # noqa: F811
    client.force_login(sara)
    draft = client.get(reverse("decisions:minutes_for_signing", args=[closed.pk])).content
    response = client.post(
        reverse("decisions:upload_signed_minutes", args=[closed.pk]),
        {"signed_pdf": SimpleUploadedFile("s.pdf", both_signed(draft, secretary="outsider"))},
        follow=True,
    )
    assert "PETRAS OUTSIDERIS nėra nei posėdžio pirmininkas" in response.text
    assert not Minutes.objects.filter(meeting=closed).exists()


def test_the_report_shows_signer_time_issuer_qualification_integrity_and_anchor(client, uploaded):
    response = client.get(reverse("signatures:report", args=[uploaded.pk]))
    for text in [
        "PETRAS VIEŠASIS",
        "PNOLT-38001010001",
        "patikima laiko žyma",
        "TEST ONLY Telka Qualified CA",
        "Kvalifikuotas elektroninis parašas",
        "nepažeistas",
        "TEST ONLY Telka Root CA",
        "Kvalifikuotų sertifikatų paslauga (CA/QC), suteiktas",
    ]:
        assert text in response.text, text
    english = client.get("/en" + reverse("signatures:report", args=[uploaded.pk]))
    assert "Qualified electronic signature" in english.text and "trusted timestamp" in english.text
    assert "Qualified certificate service (CA/QC), granted" in english.text


def test_the_report_is_also_a_pdf(client, uploaded):
    import io

    import pypdf

    response = client.get(reverse("signatures:report_pdf", args=[uploaded.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Parašų patikros ataskaita" in text and "PNOLT-38001010001" in text


def test_validating_again_keeps_both_results(client, uploaded, sara):
    TrustAnchor.objects.all().delete()  # the LAG no longer trusts the CA
    response = client.post(reverse("signatures:revalidate", args=[uploaded.pk]), follow=True)
    assert "nebegalioja" in response.text
    assert [v.ok for v in Validation.objects.filter(document=uploaded)] == [False, True]
    assert "neveda į patikimą sertifikavimo įstaigą" in response.text


def test_the_trust_anchors_page_lists_source_and_date(client, sara, trusted_root):  # noqa: F811
    client.force_login(sara)
    response = client.get(reverse("signatures:anchors"))
    assert "TEST ONLY Telka Root CA" in response.text and "tests" in response.text
    assert trusted_root.fingerprint in response.text
    assert "kvalifikuotų sertifikatų paslauga (CA/QC), suteiktas" in response.text
    english = client.get("/en" + reverse("signatures:anchors")).text
    assert "Trust anchors" in english
    assert "qualified certificate service (CA/QC), granted" in english


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "otto"])
def test_only_staff_see_reports_and_anchors_and_upload(client, uploaded, closed, persona, request):  # noqa: F811
    client.logout()
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("signatures:anchors")).status_code == 404
    assert client.get(reverse("signatures:report", args=[uploaded.pk])).status_code == 404
    assert client.post(reverse("signatures:revalidate", args=[uploaded.pk])).status_code == 404
    assert client.get(reverse("signatures:report_pdf", args=[uploaded.pk])).status_code == 404
    assert client.get(reverse("decisions:minutes_for_signing", args=[closed.pk])).status_code == 404
    assert Validation.objects.count() == 1


def test_visitors_are_sent_to_log_in(client, uploaded):
    client.logout()
    response = client.get(reverse("signatures:report", args=[uploaded.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_report_page_runs_a_bounded_number_of_queries(client, uploaded):
    from tests.base import count_queries

    before = count_queries(client, reverse("signatures:report", args=[uploaded.pk]))
    for _ in range(3):
        client.post(reverse("signatures:revalidate", args=[uploaded.pk]))
    assert count_queries(client, reverse("signatures:report", args=[uploaded.pk])) == before


def test_the_import_command_stores_ca_certificates_with_their_source(tmp_path, db):
    from django.core.management import call_command

    from telka.audit.models import AuditEvent

    root = pki.test_pki().get_cert("root")
    from asn1crypto import pem

    (tmp_path / "root.pem").write_bytes(pem.armor("CERTIFICATE", root.dump()))
    (tmp_path / "qca.cer").write_bytes(pki.cert_der("qca"))
    (tmp_path / "chair.der").write_bytes(pki.cert_der("chair"))  # not a CA: skipped
    call_command("import_trust_anchors", str(tmp_path), source="Lietuvos patikimas sąrašas")
    call_command("import_trust_anchors", str(tmp_path), source="again")
    assert sorted(TrustAnchor.objects.values_list("subject", "source")) == [
        ("Common Name: TEST ONLY Telka Qualified CA, Organization: Telka Test PKI, Country: LT", "Lietuvos patikimas sąrašas"),
        ("Common Name: TEST ONLY Telka Root CA, Organization: Telka Test PKI, Country: LT", "Lietuvos patikimas sąrašas"),
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="signatures.anchor_imported").count() == 2
