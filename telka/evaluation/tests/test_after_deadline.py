"""Proposals of a call with a deadline are checked, assessed and ranked only after it
closes (issue 12, item 5); a rolling call allows it and says so on the call page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.calls.models import Call
from telka.evaluation import workflow
from telka.lib.workflow import Refused

from .scenario import pass_check


def _reopen(call, *, rolling=False):
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() + datetime.timedelta(days=3), is_rolling=rolling
    )
    call.refresh_from_db()


def test_it_refuses_the_formal_check_while_the_call_is_open(call, proposal, sara):
    _reopen(call)
    with pytest.raises(Refused, match="tik pasibaigus"):
        workflow.start_check(proposal=proposal, actor=sara)
    proposal.refresh_from_db()
    assert proposal.status == "registered"
    assert not AuditEvent.objects.filter(action="proposal.check_started").exists()


def test_it_refuses_assessors_and_scores_while_the_call_is_open(call, proposal, sara, eva):
    pass_check(proposal, sara)
    _reopen(call)
    with pytest.raises(Refused, match="tik pasibaigus"):
        workflow.assign_assessors(proposal=proposal, assessors=[eva], actor=sara)
    assert not proposal.assessments.exists()


def test_the_ranking_page_waits_for_the_deadline(client, call, ranked, sara):
    _reopen(call)
    client.force_login(sara)
    page = client.get(reverse("evaluation:ranking", args=[call.pk])).content.decode()
    assert "reitinguojami tik pasibaigus" in page
    assert ranked.reg_number not in page


def test_a_rolling_call_is_checked_as_proposals_arrive(client, call, proposal, sara):
    _reopen(call, rolling=True)
    workflow.start_check(proposal=proposal, actor=sara)
    proposal.refresh_from_db()
    assert proposal.status == "admin_check"
    Call.objects.filter(pk=call.pk).update(published_at=timezone.now())
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Tęstinis kvietimas" in page
