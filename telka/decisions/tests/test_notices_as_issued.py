"""A notice says what was decided on its date (issue 12, item 2; INV-27, INV-35).

It is frozen when issued: its snapshot (scores, assessors' totals, rank, outcome,
amount, reasons, deadline) and its PDF, stored with its SHA-256. After a complaint is
upheld and the proposal re-scored, the board's new decision issues a new notice; the
old notice's page and PDF stay as they were, and the applicant's list shows each
notice with what it said, not the proposal's status now."""

import hashlib
import io
from decimal import Decimal

import pypdf
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from telka.accounts.models import OrganisationMembership
from telka.calls.models import Proposal
from telka.calls.workflow import change_proposal_status
from telka.decisions import emails, notices, workflow
from telka.decisions.models import Decision, Notice
from telka.evaluation import workflow as evaluation
from telka.evaluation.tests.builders import make_assessor, make_proposal
from telka.evaluation.tests.scenario import score
from telka.lib.frozen import FreezeFinalRows, FrozenError
from tests import base

from .builders import ranked
from .helpers import decide, declare_all, vote_for

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(page.extract_text() for page in pages).replace("\xa0", " ")


def main(response) -> str:
    """The page's own content, without the site's header and footer."""
    page = response.text.replace("\xa0", " ").replace("\u202f", " ")
    return page[page.index("<main") : page.index("</main>")]


def complain_and_uphold(meeting, seats, sara, ana, proposal):
    complaint = workflow.file_complaint(
        proposal=proposal,
        actor=ana,
        grounds=["criteria"],
        criteria=list(proposal.call.criteria.filter(code="K1")),
        text="K1 įvertintas per žemai.",
    )
    workflow.register_complaint(complaint=complaint, actor=sara, examination="Pagrįsta.")
    item = workflow.add_agenda_item(
        meeting=meeting,
        actor=sara,
        kind="complaint",
        allocation=proposal.allocation,
        complaint=complaint,
    )
    declare_all(item, seats, sara)
    workflow.record_text(
        decision=item.decision, actor=sara, complaint_upheld=True, reasons="Pagrįsta."
    )
    vote_for(item.decision, sara)
    return workflow.adopt_decision(decision=item.decision, actor=sara)


@pytest.fixture
def first(meeting, seats, sara, call, organisation, eva):
    """A and B funded 20 000 each; Ana's C, scored 80 by Eva and Jonas, on the reserve
    (10 000 left of 50 000). Returns (C, B, C's notice)."""
    ranked(call, 90, 20000)
    b = ranked(call, 85, 20000)
    c = make_proposal(call, amount=Decimal(15000), organisation=organisation, status="eligible")
    for sheet in evaluation.assign_assessors(
        proposal=c, assessors=[eva, make_assessor(call.lag, "Jonas")], actor=sara
    ):
        score(sheet, (30, 25, 25))
    decide(meeting, seats, sara, call.allocations.first())
    return Proposal.objects.get(pk=c.pk), b, Notice.objects.get(proposal=c)


@pytest.fixture
def decided_again(first, meeting, seats, sara, ana, call):
    """C complains, the board upholds it, Aistė and Vytas re-score C 90 and 89 (89.50);
    B withdraws, and the board's new decision funds C. Returns (old, new) notices."""
    c, b, old = first
    complain_and_uphold(meeting, seats, sara, ana, c)
    new_round = evaluation.assign_assessors(
        proposal=Proposal.objects.get(pk=c.pk),
        assessors=[make_assessor(call.lag, "Aistė"), make_assessor(call.lag, "Vytas")],
        actor=sara,
    )
    score(new_round[0], (35, 28, 27))
    score(new_round[1], (34, 28, 27))
    change_proposal_status(proposal=b, to="withdrawn", actor=sara, action="proposal.withdrawn")
    decide(meeting, seats, sara, call.allocations.first())
    return Notice.objects.get(pk=old.pk), Notice.objects.filter(proposal=c).latest("sent_at")


def test_the_old_notice_keeps_its_scores_outcome_and_pdf_after_an_upheld_complaint(
    client, first, ana, meeting, seats, sara, call, lithuanian
):
    c, _b, old = first
    client.force_login(ana)
    pdf_then = client.get(reverse("decisions:notice_pdf", args=[old.pk])).getvalue()
    assert hashlib.sha256(pdf_then).hexdigest() == old.sha256
    assert old.snapshot["score"] == "80.00" and old.outcome == "reserve"

    complain_and_uphold(meeting, seats, sara, ana, c)
    for sheet in evaluation.assign_assessors(
        proposal=Proposal.objects.get(pk=c.pk),
        assessors=[make_assessor(call.lag, "Aistė"), make_assessor(call.lag, "Vytas")],
        actor=sara,
    ):
        score(sheet, (35, 28, 27))
    assert Proposal.objects.get(pk=c.pk).result.final_score == Decimal("90.00")

    page = main(client.get(reverse("decisions:notice", args=[old.pk])))
    assert "80,00" in page and "90,00" not in page
    assert "įtrauktas į rezervinį sąrašą" in page
    pdf_now = client.get(reverse("decisions:notice_pdf", args=[old.pk])).getvalue()
    assert pdf_now == pdf_then and old.sha256 in page
    text = pdf_text(pdf_now)
    assert "80,00" in text and "90,00" not in text


def test_the_new_decision_issues_a_new_notice_and_the_list_shows_both(
    client, decided_again, ana, lithuanian
):
    old, new = decided_again
    assert (old.outcome, new.outcome) == ("reserve", "funded")
    assert new.decision_id != old.decision_id and new.sha256 != old.sha256
    assert (new.snapshot["score"], new.snapshot["granted"]) == ("89.50", "15000.00")
    assert [s["total"] for s in new.snapshot["sheets"]] == ["90.00", "89.00"]
    assert [s["total"] for s in old.snapshot["sheets"]] == ["80.00", "80.00"]

    client.force_login(ana)
    new_page = main(client.get(reverse("decisions:notice", args=[new.pk])))
    assert "89,50" in new_page and "80,00" not in new_page and "15 000,00" in new_page
    assert "89,50" in pdf_text(new.pdf.read())
    old_page = main(client.get(reverse("decisions:notice", args=[old.pk])))
    assert "80,00" in old_page and "89,50" not in old_page
    assert reverse("decisions:notice", args=[new.pk]) in old_page  # "a later decision…"
    assert "Pateikti skundą" not in old_page  # only the latest notice is contested

    listing = main(client.get(reverse("decisions:my_decisions")))
    rows = {n.pk: row for n in (old, new) for row in listing.split("<tr>") if f"/{n.pk}/" in row}
    assert "Rezervinis sąrašas" in rows[old.pk] and "Finansuojamų" not in rows[old.pk]
    assert "Finansuojamų sąrašas" in rows[new.pk] and "89,50" in rows[new.pk]


def test_the_e_mail_attaches_the_stored_pdf(first, mailoutbox, django_capture_on_commit_callbacks):
    """Queued after commit, the e-mail carries the bytes stored at issue, not a new render."""
    *_, old = first
    notice = Notice.objects.get(pk=old.pk)
    with django_capture_on_commit_callbacks(execute=True):
        emails.decision_notice(notice)
    sent = [m for m in mailoutbox if "ana@example.test" in m.to][-1]
    name, data, _mime = sent.attachments[0]
    assert name == notice.filename and hashlib.sha256(data).hexdigest() == notice.sha256


def test_a_notice_is_issued_with_its_pdf_or_not_at_all(meeting, seats, sara, call, monkeypatch):
    """The snapshot, the PDF and the decision are one transaction: a failed rendering
    leaves the decision a draft and no notice."""
    ranked(call, 90, 20000)

    def broken(snapshot, language="lt"):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(notices, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        decide(meeting, seats, sara, call.allocations.first())
    assert not Notice.objects.exists()
    assert set(Decision.objects.values_list("status", flat=True)) == {"draft"}


def test_a_formal_complaint_upheld_and_rejected_again_gets_a_new_notice(
    meeting, seats, sara, call, ana, organisation
):
    """Rejected at the check, notified, complained, upheld, re-checked and rejected
    again: the next selection decision notifies the second rejection too."""
    ranked(call, 90, 20000)
    rejected = make_proposal(call, organisation=organisation, status="registered")
    evaluation.start_check(proposal=rejected, actor=sara)
    evaluation.reject(proposal=rejected, actor=sara, reasons="Trūksta pažymos.")
    decide(meeting, seats, sara, call.allocations.first())
    first_notice = Notice.objects.get(proposal=rejected)
    complaint = workflow.file_complaint(
        proposal=Proposal.objects.get(pk=rejected.pk),
        actor=ana,
        grounds=["formal"],
        criteria=[],
        text="Pažyma buvo pateikta.",
    )
    workflow.register_complaint(complaint=complaint, actor=sara, examination="Pagrįsta.")
    item = workflow.add_agenda_item(
        meeting=meeting,
        actor=sara,
        kind="complaint",
        allocation=rejected.allocation,
        complaint=complaint,
    )
    declare_all(item, seats, sara)
    workflow.record_text(
        decision=item.decision, actor=sara, complaint_upheld=True, reasons="Pagrįsta."
    )
    vote_for(item.decision, sara)
    workflow.adopt_decision(decision=item.decision, actor=sara)
    assert Proposal.objects.get(pk=rejected.pk).status == "admin_check"
    evaluation.reject(proposal=rejected, actor=sara, reasons="Pažyma netinkama.")

    decide(meeting, seats, sara, call.allocations.first())
    second = Notice.objects.filter(proposal=rejected).exclude(pk=first_notice.pk).get()
    assert second.snapshot["reasons"] == "Pažyma netinkama."
    assert Notice.objects.get(pk=first_notice.pk).snapshot["reasons"] == "Trūksta pažymos."


def refused_sql(sql: str, *params) -> None:
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.parametrize(
    "assignment",
    ["snapshot = '{}'", "sha256 = 'forged'", "pdf = 'decisions/notices/forged.pdf'"],
)
def test_the_database_refuses_to_rewrite_what_a_notice_said(first, assignment):
    *_, notice = first
    before = Notice.objects.filter(pk=notice.pk).values().get()
    refused_sql(f"UPDATE decisions_notice SET {assignment} WHERE id = %s", notice.pk)
    assert Notice.objects.filter(pk=notice.pk).values().get() == before
    notice.snapshot = {**notice.snapshot, "score": "99.00"}
    with pytest.raises(FrozenError):
        notice.save()
    with pytest.raises(FrozenError):
        Notice.objects.filter(pk=notice.pk).update(snapshot={})


def test_the_list_of_notices_takes_the_same_queries_for_one_or_many(
    client, meeting, seats, sara, call, ana, organisation
):
    ranked(call, 95, 1000, organisation=organisation)
    other = base.make_organisation(name="Kita", legal_code="300000777")
    for n in range(4):
        ranked(call, 90 - n, 1000, organisation=other)
    decide(meeting, seats, sara, call.allocations.first())
    client.force_login(ana)
    url = reverse("decisions:my_decisions")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        page = client.get(url).text
    assert page.count("/decisions/my/notices/") == 1
    OrganisationMembership.objects.create(organisation=other, user=ana)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).text
    assert page.count("/decisions/my/notices/") == 5
    assert len(many) == len(one) <= 12


@pytest.mark.parametrize("who", ["another applicant", "assessor", "outsider", "staff"])
def test_only_the_applicant_sees_the_notice_and_its_pdf(client, first, who, rita, eva, sara):
    *_, notice = first
    if who == "another applicant":
        base.make_organisation(rita, name="Kita", legal_code="300000778")
        user = rita
    elif who == "outsider":
        user = base.make_user("outsider@example.test")
    else:
        user = {"assessor": eva, "staff": sara}[who]
    client.force_login(user)
    for name in ("decisions:notice", "decisions:notice_pdf", "decisions:complain"):
        assert client.get(reverse(name, args=[notice.pk])).status_code == 404
    listing = client.get(reverse("decisions:my_decisions")).text
    assert f"/decisions/my/notices/{notice.pk}/" not in listing


def test_anonymous_visitors_are_sent_to_log_in(client, first):
    *_, notice = first
    for name in ("decisions:notice", "decisions:notice_pdf"):
        response = client.get(reverse(name, args=[notice.pk]))
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_english_page_shows_the_same_notice(client, first, ana):
    *_, notice = first
    client.force_login(ana)
    page = main(client.get(reverse("decisions:notice", args=[notice.pk])))
    assert "The proposal is on the reserve list." in page and "80.00" in page
    assert "Assessor 2" in page and notice.sha256 in page


class _Editor:
    """Enough of a schema editor for the data migration, inside the test's transaction
    (which restores the triggers when it rolls back)."""

    def __init__(self):
        self.connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_migration_reconstructs_notices_issued_before_snapshots(client, first, ana):
    """Notices issued before snapshots existed get one rebuilt from the data held when
    the migration runs, marked as reconstructed, with a stored PDF and its hash."""
    from importlib import import_module

    from django.apps import apps

    *_, notice = first
    editor = _Editor()
    for statement in FreezeFinalRows("decisions_notice").drop_sql(connection.vendor):
        editor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE decisions_notice SET snapshot = '{}', pdf = '', sha256 = '' WHERE id = %s",
            [notice.pk],
        )
    migration = import_module("telka.decisions.migrations.0004_notice_snapshot")
    migration.reconstruct(apps, editor)
    rebuilt = Notice.objects.get(pk=notice.pk)
    assert rebuilt.snapshot["reconstructed_on"] and rebuilt.snapshot["score"] == "80.00"
    assert hashlib.sha256(rebuilt.pdf.read()).hexdigest() == rebuilt.sha256
    client.force_login(ana)
    page = main(client.get(reverse("decisions:notice", args=[notice.pk])))
    assert "This copy was reconstructed on" in page and "80.00" in page
