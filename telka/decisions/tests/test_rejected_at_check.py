"""An applicant rejected at the formal check gets a notice with the reasons and the
complaint route (INV-27, INV-29), also when every proposal of an allocation was
rejected at the check (issue 12, item 14)."""

import pytest
from django.urls import reverse

from telka.calls.models import Call, CallStatus
from telka.decisions.models import Notice
from telka.evaluation import workflow as evaluation_workflow
from telka.evaluation.tests.builders import make_proposal

from .builders import ranked
from .helpers import decide

pytestmark = pytest.mark.django_db

REASONS = "Pareiškėjas neveikia VVG teritorijoje."


def _rejected(call, sara, **fields):
    proposal = make_proposal(call, **fields)
    evaluation_workflow.start_check(proposal=proposal, actor=sara)
    evaluation_workflow.reject(proposal=proposal, actor=sara, reasons=REASONS)
    return proposal


@pytest.fixture
def assessing(call):
    Call.objects.filter(pk=call.pk).update(status=CallStatus.ASSESSMENT)
    call.refresh_from_db()
    return call


def test_the_notice_of_a_rejection_at_the_check_shows_its_reasons(
    client,
    meeting,
    seats,
    sara,
    assessing,
    ana,
    organisation,
    lithuanian,
    django_capture_on_commit_callbacks,
):
    rejected = _rejected(assessing, sara, organisation=organisation)
    ranked(assessing, 90, 20000)
    with django_capture_on_commit_callbacks(execute=True):
        decide(meeting, seats, sara, assessing.allocations.first())
    notice = Notice.objects.get(proposal=rejected)
    client.force_login(ana)
    page = client.get(reverse("decisions:notice", args=[notice.pk])).content.decode()
    assert REASONS in page
    assert "Pateikti skundą" in page


def test_every_applicant_gets_a_notice_when_all_were_rejected_at_the_check(
    meeting, seats, sara, assessing, django_capture_on_commit_callbacks, mailoutbox
):
    allocation = assessing.allocations.first()
    first, second = _rejected(assessing, sara), _rejected(assessing, sara)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decide(meeting, seats, sara, allocation)
    notices = Notice.objects.filter(decision=decision)
    assert {n.proposal_id for n in notices} == {first.pk, second.pk}
    assert {n.outcome for n in notices} == {"admin_rejected"}
    assert all(n.complaint_deadline for n in notices)
    assert {m.to[0] for m in mailoutbox if "contact" in m.to[0]} >= {
        first.contact_email,
        second.contact_email,
    }
