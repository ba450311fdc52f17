import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from telka.audit.models import AuditEvent
from telka.calls import workflow
from telka.calls.models import Allocation, Call, CallStatus, Criterion
from tests import base
from tests.base import count_queries

from .helpers import PDF, draft_call, make_proposal, open_call


@pytest.fixture
def staff(client, sara):
    client.force_login(sara)
    return client


def call_form(strategy, **fields) -> dict:
    return {
        "number": "7",
        "title": "Naujas kvietimas",
        "strategy": strategy.pk,
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-04-01T16:00",
        "eligible_applicants": "NVO",
        "territory_rule": "applicant",
        "min_score": "60",
        "tie_break_by_submission": "on",
        "assessors_required": "2",
        "reconciliation_threshold_percent": "30",
        "complaint_window_days": "14",
        "complaint_window_unit": "calendar",
        "clarification_working_days": "5",
        "agency_application_days": "30",
        "agency_application_unit": "calendar",
        "eligible_legal_forms": ["association"],
        **fields,
    }


def test_staff_create_a_call_to_the_minute_in_vilnius_time(staff, lag, strategy, sara):
    response = staff.post(reverse("calls:manage_create"), call_form(strategy))
    call = Call.objects.get()
    assert response.url == reverse("calls:manage_allocations", args=[call.pk])
    assert call.opens_at.isoformat() == "2030-03-01T07:00:00+00:00"
    assert (call.lag, call.status, call.eligible_legal_forms) == (lag, "draft", ["association"])
    assert AuditEvent.objects.for_object(call).get().action == "call.created"


def test_a_call_number_is_unique_per_lag(staff, lag, strategy):
    draft_call(lag, strategy, number="7")
    response = staff.post(reverse("calls:manage_create"), call_form(strategy))
    assert "Kitas kvietimas jau turi šį numerį." in response.content.decode()
    assert Call.objects.count() == 1


def test_staff_set_the_money_per_measure(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    measure = strategy.measures().first()
    staff.post(
        reverse("calls:manage_allocations", args=[call.pk]),
        {
            "allocations-TOTAL_FORMS": "1",
            "allocations-INITIAL_FORMS": "0",
            "allocations-0-measure": measure.pk,
            "allocations-0-amount": "60000",
            "allocations-0-max_per_project": "15000",
            "allocations-0-max_rate_percent": "92.5",
        },
    )
    allocation = Allocation.objects.get(call=call)
    assert (allocation.amount, allocation.max_rate_percent) == (Decimal(60000), Decimal("92.5"))


def test_a_maximum_above_the_allocation_is_refused(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    response = staff.post(
        reverse("calls:manage_allocations", args=[call.pk]),
        {
            "allocations-TOTAL_FORMS": "1",
            "allocations-INITIAL_FORMS": "0",
            "allocations-0-measure": strategy.measures().first().pk,
            "allocations-0-amount": "1000",
            "allocations-0-max_per_project": "5000",
            "allocations-0-max_rate_percent": "90",
        },
    )
    assert (
        "Didžiausia suma projektui negali būti didesnė už pačią sumą veiksmui."
        in response.content.decode()
    )
    assert not Allocation.objects.exists()


def test_staff_set_the_criteria(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    data = {"criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0"}
    data.update(
        {
            "criteria-0-code": "B1",
            "criteria-0-title": "Atitiktis",
            "criteria-0-kind": "pass_fail",
            "criteria-0-max_points": "5",
        }
    )
    data.update(
        {
            "criteria-1-code": "S1",
            "criteria-1-title": "Nauda",
            "criteria-1-kind": "scored",
            "criteria-1-max_points": "40",
            "criteria-1-min_points": "10",
        }
    )
    staff.post(reverse("calls:manage_criteria", args=[call.pk]), data)
    assert list(Criterion.objects.values_list("code", "max_points", "position")) == [
        ("B1", None, 0),
        ("S1", Decimal(40), 1),
    ]


def test_criteria_of_a_published_call_cannot_be_changed(staff, lag, strategy):
    call = open_call(lag, strategy)
    criterion = call.criteria.get(code="S1")
    data = {
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "1",
        "criteria-0-id": criterion.pk,
        "criteria-0-code": "S1",
        "criteria-0-title": "Pakeista",
        "criteria-0-kind": "scored",
        "criteria-0-max_points": "99",
    }
    response = staff.post(reverse("calls:manage_criteria", args=[call.pk]), data, follow=True)
    assert "kriterijai ir lėšos nebekeičiami" in response.content.decode()
    criterion.refresh_from_db()
    assert (criterion.title, criterion.max_points) == ("Indėlis į rodiklius", Decimal(60))


def test_approving_and_publishing_from_the_staff_area(staff, lag, strategy):
    call = draft_call(lag, strategy)
    staff.post(
        reverse("calls:manage_approve", args=[call.pk]),
        {"approved_on": "2026-01-10", "reference": "Protokolas Nr. 1"},
    )
    staff.post(reverse("calls:manage_publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN and call.approval_reference == "Protokolas Nr. 1"


def test_an_approval_dated_in_the_future_is_refused(staff, lag, strategy):
    call = draft_call(lag, strategy)
    response = staff.post(
        reverse("calls:manage_approve", args=[call.pk]),
        {"approved_on": "2030-01-10", "reference": "Protokolas Nr. 1"},
        follow=True,
    )
    assert "Valdybos pritarimo data negali būti ateityje." in response.content.decode()
    call.refresh_from_db()
    assert (call.status, call.approved_on, call.approval_reference) == (CallStatus.DRAFT, None, "")


def test_publishing_shows_what_is_missing(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    response = staff.post(
        reverse("calls:manage_approve", args=[call.pk]),
        {"approved_on": "2026-01-10", "reference": "Protokolas Nr. 1"},
        follow=True,
    )
    page = response.content.decode()
    assert "Nurodykite mažiausią bendrą balų sumą." in page
    assert Call.objects.get(pk=call.pk).status == CallStatus.DRAFT


def test_staff_add_a_document_checked_by_content(staff, lag, strategy):
    call = open_call(lag, strategy)
    staff.post(
        reverse("calls:manage_document_add", args=[call.pk]),
        {"title": "Sąlygos", "file": SimpleUploadedFile("s.pdf", PDF)},
    )
    response = staff.post(
        reverse("calls:manage_document_add", args=[call.pk]),
        {"title": "Bloga", "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
        follow=True,
    )
    assert list(call.documents.values_list("title", "content_type")) == [
        ("Sąlygos", "application/pdf")
    ]
    assert "pagal turinį" in response.content.decode()
    assert AuditEvent.objects.filter(action="call.document_added").count() == 1


def registered(call, count: int, start: int = 0):
    proposals = []
    for number in range(start, start + count):
        user = base.make_user(f"applicant{number}@example.test")
        organisation = base.make_organisation(
            user, legal_code=f"{400000000 + number}", name=f"Org {number}"
        )
        proposal = make_proposal(call, organisation, user)
        proposals.append(workflow.submit_proposal(proposal=proposal, actor=user))
    return proposals


def test_the_proposal_list_filters_searches_and_exports(staff, lag, strategy):
    call = open_call(lag, strategy)
    first, second = registered(call, 2)
    url = reverse("calls:manage_proposals", args=[call.pk])
    assert [p.reg_number for p in staff.get(url, {"q": "Org 1"}).context["page_obj"]] == ["K4-002"]
    assert [p.reg_number for p in staff.get(url, {"status": "registered"}).context["page_obj"]] == [
        "K4-001",
        "K4-002",
    ]
    assert list(staff.get(url, {"status": "withdrawn"}).context["page_obj"]) == []
    export = staff.get(reverse("calls:manage_proposals_xlsx", args=[call.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Registracijos numeris"
    assert [(r[0], r[4], r[9]) for r in rows[1:]] == [
        ("K4-001", "Org 0", 13000),
        ("K4-002", "Org 1", 13000),
    ]


def test_staff_see_the_submitted_version_and_its_pdf(staff, lag, strategy):
    call = open_call(lag, strategy)
    (proposal,) = registered(call, 1)
    page = staff.get(reverse("calls:manage_proposal", args=[proposal.pk])).content.decode()
    copy = proposal.submissions.get().files.get()
    assert "Jaunimo dirbtuvės" in page and copy.sha256 in page
    assert b"".join(staff.get(copy.get_absolute_url()).streaming_content) == PDF
    pdf = staff.get(reverse("calls:manage_proposal_pdf", args=[proposal.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "K4-001" in text and "Jaunimo dirbtuvės" in text


def test_lists_run_the_same_number_of_queries_for_1_and_20_rows(staff, lag, strategy, sara):
    call = open_call(lag, strategy)
    registered(call, 1)
    urls = [reverse("calls:manage_proposals", args=[call.pk]), reverse("calls:manage")]
    one = [count_queries(staff, url) for url in urls]
    registered_more = registered(call, 19, start=1)
    for number in range(19):
        draft_call(lag, strategy, number=f"x{number}")
    assert [count_queries(staff, url) for url in urls] == one
    owner = registered_more[0].created_by
    staff.force_login(owner)
    mine = reverse("calls:my_proposals")
    single = count_queries(staff, mine)
    for _ in range(19):
        make_proposal(call, registered_more[0].organisation, owner, complete=False)
    assert count_queries(staff, mine) == single


def test_the_calls_history_reads_as_words_not_codes(staff, lag, strategy):
    call = draft_call(lag, strategy)
    staff.post(
        reverse("calls:manage_approve", args=[call.pk]),
        {"approved_on": "2026-01-10", "reference": "Protokolas Nr. 1"},
    )
    page = staff.get(reverse("calls:manage_detail", args=[call.pk])).content.decode()
    assert "Užregistruotas valdybos pritarimas (Rengiamas → Patvirtintas)" in page
    assert "call.approved" not in page
