"""Complaints (INV-29): the window and the grounds, the board's decision, the held
reserve place, the hand-back to the evaluation, and closing the complaint stage."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from telka.calls.models import CallStatus, Proposal
from telka.calls.workflow import change_proposal_status
from telka.decisions import lists, workflow
from telka.decisions.models import Complaint, Notice
from telka.evaluation import workflow as evaluation
from telka.evaluation.models import Assessment
from telka.evaluation.queries import evaluation_proposals, needing_assessors
from telka.evaluation.tests.builders import make_assessor, make_proposal
from telka.evaluation.tests.scenario import score
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import decide, declare_all, vote_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def decided(meeting, seats, sara, call, ana, organisation):
    """A 20 000 funded, B 20 000 funded, Ana's C 15 000 on the reserve (10 000 left)."""
    a, b = ranked(call, 90, 20000), ranked(call, 85, 20000)
    c = ranked(call, 80, 15000, organisation=organisation)
    decide(meeting, seats, sara, call.allocations.first())
    return a, b, c


def file(proposal, ana, **fields):
    values = {
        "grounds": ["criteria"],
        "criteria": list(proposal.call.criteria.filter(code="K1")),
        "text": "K1 įvertintas per žemai.",
    }
    return workflow.file_complaint(proposal=proposal, actor=ana, **{**values, **fields})


def test_an_applicant_files_a_complaint_within_the_window(
    decided, ana, django_capture_on_commit_callbacks, mailoutbox, sara
):
    *_, c = decided
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(
            c,
            ana,
            attachment=SimpleUploadedFile("priedas.pdf", PDF, content_type="application/pdf"),
        )
    assert (complaint.status, complaint.status_before, Proposal.objects.get(pk=c.pk).status) == (
        "filed",
        "reserve",
        "complaint",
    )
    assert complaint.attachment_name == "priedas.pdf" and complaint.attachment.read() == PDF
    assert {tuple(m.to) for m in mailoutbox} >= {("ana@example.test",), ("sara@example.test",)}


def test_a_complaint_after_the_window_is_refused(decided, ana):
    *_, c = decided
    late = timezone.now() + datetime.timedelta(days=15)
    with pytest.raises(Refused, match="complaint window closed"):
        file(c, ana, now=late)
    assert Proposal.objects.get(pk=c.pk).status == "reserve" and not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"grounds": []}, "Cite the published criteria"),
        ({"criteria": []}, "Choose the criteria"),
        ({"text": " "}, "Explain the complaint"),
    ],
)
def test_a_complaint_must_cite_grounds_and_explain(decided, ana, fields, message):
    *_, c = decided
    with pytest.raises(Refused, match=message):
        file(c, ana, **fields)


def test_only_a_notified_decision_can_be_contested(call, ana, organisation):
    proposal = ranked(call, 80, 1000, organisation=organisation)
    with pytest.raises(Refused, match="only against a decision notified"):
        file(proposal, ana)


def board_decides(meeting, seats, sara, complaint, upheld: bool):
    item = workflow.add_agenda_item(
        meeting=meeting,
        actor=sara,
        kind="complaint",
        allocation=complaint.proposal.allocation,
        complaint=complaint,
    )
    declare_all(item, seats, sara)
    workflow.record_text(
        decision=item.decision, actor=sara, complaint_upheld=upheld, reasons="Išnagrinėta."
    )
    vote_for(item.decision, sara)
    return workflow.adopt_decision(decision=item.decision, actor=sara)


def test_a_rejected_complaint_returns_the_proposal_to_its_list(decided, ana, sara, meeting, seats):
    *_, c = decided
    complaint = file(c, ana)
    with pytest.raises(Refused, match="registered complaint"):
        workflow.add_agenda_item(
            meeting=meeting,
            actor=sara,
            kind="complaint",
            allocation=c.allocation,
            complaint=complaint,
        )
    workflow.register_complaint(
        complaint=complaint, actor=sara, examination="Vertinimas atitinka aprašą."
    )
    board_decides(meeting, seats, sara, complaint, upheld=False)
    assert Complaint.objects.get(pk=complaint.pk).status == "rejected"
    assert Proposal.objects.get(pk=c.pk).status == "reserve"


def test_an_upheld_complaint_sends_the_proposal_back_to_assessment_and_holds_its_place(
    decided, ana, sara, meeting, seats, call
):
    a, b, c = decided
    complaint = file(c, ana)
    workflow.register_complaint(complaint=complaint, actor=sara, examination="Pagrįsta.")
    allocation = call.allocations.first()
    assert lists.held_amount(allocation) == Decimal(15000)
    board_decides(meeting, seats, sara, complaint, upheld=True)
    assert Proposal.objects.get(pk=c.pk).status == "under_assessment"
    # Money frees up, but the 15 000 C could win back stays held: 30 000 − 15 000.
    change_proposal_status(proposal=a, to="withdrawn", actor=sara, action="proposal.withdrawn")
    assert lists.promotable(allocation) == Decimal(15000)


def test_a_formal_complaint_goes_back_to_the_formal_check(
    decided, ana, sara, meeting, seats, call, organisation
):
    rejected = ranked(call, 0, 1000, organisation=organisation, status="admin_rejected")
    Notice.objects.create(
        proposal=rejected,
        decision=meeting.decisions.get(),
        outcome="admin_rejected",
        complaint_deadline=timezone.localdate() + datetime.timedelta(days=3),
    )
    complaint = file(rejected, ana, grounds=["formal"], criteria=[])
    workflow.register_complaint(
        complaint=complaint, actor=sara, examination="Trūkstamas dokumentas buvo pateiktas."
    )
    board_decides(meeting, seats, sara, complaint, upheld=True)
    assert Proposal.objects.get(pk=rejected.pk).status == "admin_check"


def test_the_complaint_stage_closes_once_the_windows_are_over_and_only_once(decided, call, sara):
    call.refresh_from_db()
    assert call.status == CallStatus.DECIDED
    last = max(Notice.objects.values_list("complaint_deadline", flat=True))
    on_last_day = timezone.make_aware(datetime.datetime.combine(last, datetime.time(12)))
    assert workflow.close_complaint_windows(on_last_day) == []
    after = on_last_day + datetime.timedelta(days=1)
    assert [c.pk for c in workflow.close_complaint_windows(after)] == [call.pk]
    assert workflow.close_complaint_windows(after) == []
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLAINTS_CLOSED


def test_a_pending_complaint_keeps_the_stage_open(decided, ana, call):
    *_, c = decided
    file(c, ana)
    later = timezone.now() + datetime.timedelta(days=60)
    assert workflow.close_complaint_windows(later) == []


def test_the_complaint_pages(client, decided, ana, rita, sara, lithuanian):
    *_, c = decided
    notice = Notice.objects.get(proposal=c)
    client.force_login(ana)
    form = client.get(reverse("decisions:complain", args=[notice.pk]))
    assert form.status_code == 200 and "Pateikti skundą" in form.text
    criterion = c.call.criteria.get(code="K1")
    empty = client.post(
        reverse("decisions:complain", args=[notice.pk]), {"grounds": ["criteria"], "text": ""}
    )
    assert empty.status_code == 400 and not Complaint.objects.exists()
    response = client.post(
        reverse("decisions:complain", args=[notice.pk]),
        {"grounds": ["criteria"], "criteria": [criterion.pk], "text": "Prašome peržiūrėti."},
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    client.force_login(rita)
    assert client.get(reverse("decisions:complain", args=[notice.pk])).status_code == 404
    assert client.get(complaint.get_absolute_url()).status_code == 404
    client.force_login(sara)
    register = client.post(
        reverse("decisions:complaint_staff", args=[complaint.pk]), {"examination": "Išnagrinėta."}
    )
    assert register.status_code == 302 and Complaint.objects.get().status == "registered"


def test_the_scheduled_command_closes_the_stage_once(decided, call, settings, monkeypatch):
    import io

    from django.core.management import call_command
    from django.utils import timezone

    # Issued notices are final (INV-35): move the clock past their deadlines instead.
    last = max(Notice.objects.values_list("complaint_deadline", flat=True))
    later = timezone.make_aware(datetime.datetime.combine(last, datetime.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: later + datetime.timedelta(days=30))
    first, second = io.StringIO(), io.StringIO()
    call_command("close_complaint_windows", stdout=first)
    call_command("close_complaint_windows", stdout=second)
    assert (first.getvalue().strip(), second.getvalue().strip()) == ("1 closed", "0 closed")
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLAINTS_CLOSED


@pytest.fixture
def reassessed(meeting, seats, sara, call, ana, organisation, eva):
    """C scored 80 by Eva and Jonas, on the reserve, complains; the board upholds it and
    Aistė and Vytas re-assess it with 90 and 89. Returns (C, old sheets, new sheets)."""
    ranked(call, 90, 20000), ranked(call, 85, 20000)
    c = make_proposal(call, amount=Decimal(15000), organisation=organisation, status="eligible")
    old = evaluation.assign_assessors(
        proposal=c, assessors=[eva, make_assessor(call.lag, "Jonas")], actor=sara
    )
    for assessment in old:
        score(assessment, (30, 25, 25))
    assert Proposal.objects.get(pk=c.pk).result.final_score == Decimal("80.00")
    decide(meeting, seats, sara, call.allocations.first())
    complaint = file(Proposal.objects.get(pk=c.pk), ana)
    workflow.register_complaint(complaint=complaint, actor=sara, examination="Pagrįsta.")
    board_decides(meeting, seats, sara, complaint, upheld=True)
    reopened = Proposal.objects.get(pk=c.pk)
    assert (reopened.result.outcome, reopened.result.final_score) == ("pending", None)
    assert c.pk in {p.pk for p in needing_assessors(evaluation_proposals(call))}
    new = evaluation.assign_assessors(
        proposal=reopened,
        assessors=[make_assessor(call.lag, "Aistė"), make_assessor(call.lag, "Vytas")],
        actor=sara,
    )
    score(new[0], (35, 28, 27))
    score(new[1], (34, 28, 27))
    c.refresh_from_db()
    return c, old, new


def test_an_upheld_complaint_counts_only_the_new_round_of_assessments(reassessed, call):
    """INV-29: the re-assessment replaces the old sheets; they stay on record, superseded."""
    c, old, new = reassessed
    assert [x.status for x in Assessment.objects.filter(pk__in=[x.pk for x in old])] == [
        "superseded",
        "superseded",
    ]
    assert (c.status, c.result.final_score) == ("ranked", Decimal("89.50"))
    assert sorted(c.result.counted) == sorted(x.pk for x in new)
    # Re-ranked against a proposal still waiting for the board: 89.50 comes before 85.
    d = ranked(call, 85, 1000)
    draft = lists.draft_selection(call.allocations.first())
    assert [(x["proposal_id"], x["score"]) for x in draft] == [
        (c.pk, Decimal("89.50")),
        (d.pk, Decimal(85)),
    ]


def test_the_score_pages_show_the_superseded_sheets_apart(reassessed, call, sara, client):
    c, *_ = reassessed
    client.force_login(sara)
    text = client.get(reverse("evaluation:scores", args=[c.pk])).text
    superseded = text[text.index('id="superseded"') :]
    assert "89.50" in text[: text.index('id="superseded"')]
    assert "Jonas Vertintoja" in superseded and "80.00" in superseded
    assert "Aistė Vertintoja" not in superseded
    xlsx = client.get(reverse("evaluation:scores_xlsx", args=[call.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[1].iter_rows(values_only=True))
    mine = [row for row in rows if row[0] == c.reg_number]
    # Four sheets × four criteria; the two old sheets dated in the "Superseded" column.
    assert len(mine) == 16 and sum(row[-1] is not None for row in mine) == 8
