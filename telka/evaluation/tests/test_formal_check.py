"""The formal check as staff and applicants use it through the pages."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.evaluation.models import Clarification, ClarificationStatus, Verdict

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _answers(proposal, verdicts: dict[str, str]):
    data = {}
    for item in proposal.call.checklist_items.all():
        data[f"verdict_{item.pk}"] = verdicts.get(item.code, Verdict.PASS)
        data[f"comment_{item.pk}"] = "Trūksta kainų apklausos" if item.code in verdicts else ""
    return data


@pytest.fixture
def started(client, proposal, sara):
    client.force_login(sara)
    response = client.post(reverse("evaluation:start_check", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "admin_check"
    return proposal


def test_staff_work_through_the_checklist_and_declare_eligible(
    client, started, ana, django_capture_on_commit_callbacks
):
    url = reverse("evaluation:check", args=[started.pk])
    response = client.post(url, _answers(started, {}))
    assert response.status_code == 302
    assert not started.admin_check.answers.filter(verdict="").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("evaluation:eligible", args=[started.pk]))
    assert response["Location"] == reverse("evaluation:assessors", args=[started.pk])
    started.refresh_from_db()
    assert started.status == "eligible"
    assert [m.to for m in mail.outbox] == [["ana@example.test"], ["contact1@example.test"]]
    assert "atitiko administracinės atitikties reikalavimus" in mail.outbox[0].subject


def test_eligibility_is_refused_while_an_item_fails(client, started):
    client.post(
        reverse("evaluation:check", args=[started.pk]), _answers(started, {"5": Verdict.FAIL})
    )
    response = client.post(reverse("evaluation:eligible", args=[started.pk]), follow=True)
    assert "Punktai 5 neatitinka reikalavimų" in response.content.decode()
    started.refresh_from_db()
    assert started.status == "admin_check"


def test_a_rejection_needs_reasons_and_keeps_what_was_typed(client, started):
    response = client.post(reverse("evaluation:reject", args=[started.pk]), {"reasons": ""})
    assert response.status_code == 400
    started.refresh_from_db()
    assert started.status == "admin_check"
    response = client.post(
        reverse("evaluation:reject", args=[started.pk]),
        {"reasons": "Pareiškėjas neveikia VVG teritorijoje."},
    )
    started.refresh_from_db()
    assert started.status == "admin_rejected"
    assert started.admin_check.reasons == "Pareiškėjas neveikia VVG teritorijoje."
    assert AuditEvent.objects.filter(action="proposal.admin_rejected").exists()


def _request(client, proposal):
    client.post(
        reverse("evaluation:check", args=[proposal.pk]), _answers(proposal, {"10": Verdict.FAIL})
    )
    item = proposal.call.checklist_items.get(code="10")
    return client.post(
        reverse("evaluation:request_clarification", args=[proposal.pk]),
        {
            f"description_{item.pk}": "Pridėkite kainų apklausos pažymą.",
            f"section_{item.pk}": "attachments",
            "message": "Ačiū.",
        },
    )


def test_the_applicant_corrects_only_the_listed_part_once(
    client, started, ana, sara, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _request(client, started).status_code == 302
    clarification = Clarification.objects.get()
    assert "Pridėkite kainų apklausos pažymą." in mail.outbox[0].body
    assert clarification.due_on > timezone.localdate()
    client.force_login(ana)
    url = reverse("evaluation:clarification", args=[clarification.pk])
    page = client.get(url).content.decode()
    assert "Pridėkite kainų apklausos pažymą." in page and 'name="p-title"' not in page
    deficiency = clarification.deficiencies.get()
    bad = client.post(
        url,
        {
            f"c-response_{deficiency.pk}": "",
            f"c-file_{deficiency.pk}": SimpleUploadedFile("a.pdf", b"MZ not a pdf"),
        },
    )
    assert bad.status_code == 200 and started.submissions.count() == 1
    upload = SimpleUploadedFile("pazyma.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {f"c-response_{deficiency.pk}": "Pažyma pridėta.", f"c-file_{deficiency.pk}": upload},
        )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == "admin_check"
    latest = started.submissions.get(version=2)
    assert [f.original_name for f in latest.files.all()] == ["pazyma.pdf"]
    assert started.submissions.get(version=1).files.count() == 0
    assert any(m.to == ["sara@example.test"] for m in mail.outbox)
    assert_only_once(client, url, deficiency, started, sara)


def assert_only_once(client, url, deficiency, proposal, sara):
    again = client.post(url, {f"c-response_{deficiency.pk}": "Dar kartą."}, follow=True)
    assert proposal.submissions.count() == 2 and "Dar kartą." not in again.content.decode()
    client.force_login(sara)
    assert _request(client, proposal).status_code == 400  # INV-15: the item had its round


def test_a_missed_deadline_rejects_once_however_often_the_job_runs(
    client, started, django_capture_on_commit_callbacks
):
    _request(client, started)
    clarification = Clarification.objects.get()
    later = (clarification.due_at + datetime.timedelta(seconds=1)).isoformat()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_clarifications", now=later, stdout=out)
        call_command("expire_clarifications", now=later, stdout=out)
    assert out.getvalue().count("rejected K4-001") == 1
    assert "0 proposal(s) rejected" in out.getvalue()
    started.refresh_from_db()
    clarification.refresh_from_db()
    assert (
        started.status == "admin_rejected" and clarification.status == ClarificationStatus.EXPIRED
    )
    assert "10" in started.admin_check.reasons
    assert AuditEvent.objects.filter(action="proposal.clarification_expired").count() == 1
    assert sum("neatitiko" in m.subject for m in mail.outbox) == 2  # organisation member + contact


def test_before_the_deadline_the_job_does_nothing(client, started):
    _request(client, started)
    clarification = Clarification.objects.get()
    call_command(
        "expire_clarifications", now=clarification.due_at.isoformat(), stdout=io.StringIO()
    )
    started.refresh_from_db()
    assert started.status == "clarification"


def test_staff_configure_the_checklist_of_a_call(client, call, sara):
    client.force_login(sara)
    url = reverse("evaluation:checklist", args=[call.pk])
    page = client.get(url).content.decode()
    assert "Pareiškėjas atitinka" in page and "Biudžetas" in page
    client.post(
        url,
        {
            "code": "12",
            "title": "Pridėta pažyma apie skolas",
            "position": 12,
            "section": "attachments",
        },
    )
    item = call.checklist_items.get(code="12")
    duplicate = client.post(url, {"code": "12", "title": "Kitas", "position": 13})
    assert duplicate.status_code == 200 and call.checklist_items.filter(code="12").count() == 1
    client.post(reverse("evaluation:delete_item", args=[item.pk]))
    assert not call.checklist_items.filter(code="12").exists()


def _form_data(form) -> dict:
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = "on" if value is True else value
    return data


def test_a_flagged_project_part_is_corrected_with_its_own_form(client, started, ana, sara):
    from telka.calls.sections import get_section

    client.post(
        reverse("evaluation:check", args=[started.pk]), _answers(started, {"4": Verdict.FAIL})
    )
    item = started.call.checklist_items.get(code="4")
    client.post(
        reverse("evaluation:request_clarification", args=[started.pk]),
        {f"description_{item.pk}": "Patikslinkite pavadinimą.", f"section_{item.pk}": "project"},
    )
    clarification = Clarification.objects.get()
    deficiency = clarification.deficiencies.get()
    client.force_login(ana)
    url = reverse("evaluation:clarification", args=[clarification.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' in page and 'name="lines-TOTAL_FORMS"' not in page  # budget not offered
    (project_form,) = get_section("project").build(started, None).values()
    data = _form_data(project_form) | {"title": "Jaunimo dirbtuvės Aleksote"}
    response = client.post(
        url, {**data, f"c-response_{deficiency.pk}": "Pavadinimas patikslintas."}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    started.refresh_from_db()
    assert started.title == "Jaunimo dirbtuvės Aleksote"
    versions = {s.version: s.content for s in started.submissions.all()}
    assert versions[1]["project"]["title"] == "Projektas 1"
    assert versions[2]["project"]["title"] == "Jaunimo dirbtuvės Aleksote"
