"""A correction and the eligibility decision are judged by the submission rules
(INV-13, INV-14), the same function that judges a submission."""

from decimal import Decimal

import pytest

from telka.audit.models import AuditEvent
from telka.calls.models import Proposal
from telka.evaluation import workflow
from telka.evaluation.models import ClarificationStatus, Verdict
from telka.lib.workflow import Refused

from .scenario import answer_all


def _in_clarification(proposal, staff):
    workflow.start_check(proposal=proposal, actor=staff)
    answer_all(proposal, staff, Verdict.PASS)
    item = proposal.call.checklist_items.first()
    return workflow.request_clarification(
        proposal=proposal,
        actor=staff,
        deficiencies=[workflow.DeficiencyInput(item, "budget", "Patikslinkite biudžetą.")],
    )


def _no_own_contribution(proposal):
    proposal.own_contribution, proposal.requested_amount = Decimal(0), proposal.total_cost
    proposal.save(update_fields=["own_contribution", "requested_amount"])
    return []


def test_it_refuses_a_correction_that_breaks_the_co_financing_rate(proposal, sara, ana):
    clarification = _in_clarification(proposal, sara)
    with pytest.raises(Refused) as refused:
        workflow.submit_correction(
            clarification=clarification,
            actor=ana,
            responses={},
            apply=_no_own_contribution,
        )
    assert "92,50 %" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.status == "clarification"
    assert proposal.own_contribution == Decimal(1000)
    assert proposal.submissions.count() == 1
    clarification.refresh_from_db()
    assert clarification.status == ClarificationStatus.OPEN
    assert not AuditEvent.objects.filter(action="proposal.corrected").exists()


def test_it_refuses_a_correction_that_ends_the_project_before_it_starts(proposal, sara, ana):
    clarification = _in_clarification(proposal, sara)

    def shorten(locked):
        locked.ends_on = locked.starts_on.replace(year=locked.starts_on.year - 1)
        locked.save(update_fields=["ends_on"])
        return []

    with pytest.raises(Refused, match="pabaiga turi būti vėlesnė"):
        workflow.submit_correction(
            clarification=clarification, actor=ana, responses={}, apply=shorten
        )
    assert Proposal.objects.get(pk=proposal.pk).status == "clarification"


def test_declare_eligible_refuses_while_a_submission_rule_fails(proposal, sara):
    workflow.start_check(proposal=proposal, actor=sara)
    answer_all(proposal, sara, Verdict.PASS)
    Proposal.objects.filter(pk=proposal.pk).update(
        requested_amount=Decimal(11000), own_contribution=Decimal(0)
    )
    with pytest.raises(Refused) as refused:
        workflow.declare_eligible(proposal=proposal, actor=sara)
    assert "92,50 %" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.status == "admin_check"
    assert not AuditEvent.objects.filter(action="proposal.eligible").exists()


def test_a_correction_within_the_rules_is_accepted(proposal, sara, ana):
    clarification = _in_clarification(proposal, sara)
    workflow.submit_correction(
        clarification=clarification, actor=ana, responses={}, apply=lambda p: []
    )
    proposal.refresh_from_db()
    assert proposal.status == "admin_check"
    workflow.declare_eligible(proposal=proposal, actor=sara)
    proposal.refresh_from_db()
    assert proposal.status == "eligible"
