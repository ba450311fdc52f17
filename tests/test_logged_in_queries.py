"""Every page a signed-in user works on (issue 16), opened by its demo persona, takes at
most 10 queries: home and My area for each persona, the call page, every proposal
section and the completeness check, the assessor's scoring sheet, the board member's
meeting, the staff's proposal list and formal check, the promoter's report. Counted on
the second visit: home and the call page build their shared part once per change of
the public data (telka.lib.pagecache.shared_fragment). bench/bench_logged_in_pages.py
measures the same pages under load. One demo load for the whole module."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from telka.accounts.models import User
from telka.calls.models import Proposal, ProposalStatus
from telka.calls.sections import ORDER
from telka.decisions.models import Meeting
from telka.evaluation import workflow
from telka.evaluation.models import Assessment, AssessmentStatus
from telka.monitoring.models import Project, Report, ReportStatus

PASSWORD = "aleksotas-demo"
MOST = 10
PERSONAS = {
    "staff": "sara@aleksotas.test",
    "assessor": "eva@aleksotas.test",
    "board": "bruno@aleksotas.test",
    "applicant": "ana@aleksotas.test",
    "resident": "rita@aleksotas.test",
    "promoter": "paulius@aleksotas.test",
}
PAGES = [
    *[(persona, "home") for persona in PERSONAS],
    *[(persona, "my area") for persona in PERSONAS],
    ("applicant", "call"),
    *[("applicant", f"section {slug}") for slug in ORDER],
    ("applicant", "completeness check"),
    ("assessor", "scoring sheet"),
    ("board", "meeting"),
    ("staff", "proposal list"),
    ("staff", "formal check"),
    ("promoter", "report"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))
        eva = User.objects.get(email=PERSONAS["assessor"])
        sheet = (
            Assessment.objects.filter(assessor=eva, status=AssessmentStatus.ASSIGNED)
            .order_by("proposal__sequence")
            .first()
        )
        workflow.sign_call_declaration(call=sheet.proposal.call, assessor=eva, text="test")
        workflow.declare_no_conflict(assessment=sheet, actor=eva)
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


def url_of(page: str) -> str:
    ana, bruno, paulius, eva = (
        User.objects.get(email=PERSONAS[key])
        for key in ("applicant", "board", "promoter", "assessor")
    )
    draft = Proposal.objects.for_user(ana).get(
        status=ProposalStatus.DRAFT, call__lag__slug="aleksotas"
    )
    sheet = Assessment.objects.get(assessor=eva, status=AssessmentStatus.DECLARED)
    if page.startswith("section ") and page != "section attachments":
        return reverse("calls:proposal_section", args=[draft.pk, page.removeprefix("section ")])
    urls = {
        "home": lambda: reverse("content:home"),
        "my area": lambda: reverse("accounts:dashboard"),
        "call": lambda: reverse("calls:detail", args=[draft.call_id]),
        "section attachments": lambda: reverse("calls:attachments", args=[draft.pk]),
        "completeness check": lambda: reverse("calls:proposal_check", args=[draft.pk]),
        "scoring sheet": lambda: reverse("evaluation:assessment", args=[sheet.pk]),
        "meeting": lambda: reverse(
            "decisions:member_meeting",
            args=[Meeting.objects.for_member(bruno).upcoming().order_by("starts_at")[0].pk],
        ),
        "proposal list": lambda: reverse("calls:manage_proposals", args=[sheet.proposal.call_id]),
        "formal check": lambda: reverse(
            "evaluation:check",
            args=[
                Proposal.objects.get(call=sheet.proposal.call, status=ProposalStatus.ADMIN_CHECK).pk
            ],
        ),
        "report": lambda: reverse(
            "monitoring:report",
            args=[
                Report.objects.filter(
                    project__in=Project.objects.of_promoter(paulius), status__in=ReportStatus.OPEN
                )
                .order_by("due_on")
                .first()
                .pk
            ],
        ),
    }
    return urls[page]()


@pytest.mark.parametrize(("persona", "page"), PAGES, ids=[f"{p}: {page}" for p, page in PAGES])
def test_the_page_takes_at_most_ten_queries(
    persona, page, demo, db, client, django_assert_max_num_queries
):
    assert client.login(username=PERSONAS[persona], password=PASSWORD)
    url = url_of(page)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(MOST):
        response = client.get(url)
    assert response.status_code == 200
