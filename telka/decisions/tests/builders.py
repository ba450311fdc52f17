"""Builders for decisions tests: a call awaiting the board with ranked proposals (rows
made directly: the evaluation flow is tested in its app and end to end in
tests/test_whole_call.py), a six-member board with accounts, and a meeting."""

import datetime
from decimal import Decimal

from django.utils import timezone

from telka.calls.models import CallStatus, ProposalStatus
from telka.evaluation.models import Result, ResultOutcome
from telka.evaluation.tests.builders import make_call, make_proposal
from telka.lag.models import Sector
from tests import base

MEETING_AT = timezone.make_aware(datetime.datetime(2026, 5, 4, 14, 0))

# name, group, public authority
BOARD = [
    ("Petras Viešasis", Sector.PUBLIC, True),
    ("Laima Savivaldė", Sector.PUBLIC, True),
    ("Tomas Verslas", Sector.BUSINESS, False),
    ("Rūta Įmonė", Sector.BUSINESS, False),
    ("Bruno Kazlauskas", Sector.CIVIL, False),
    ("Gintė Bendruomenė", Sector.CIVIL, False),
]


def seat_board(board) -> list:
    """Six seats, two per sector, the public sector's as public authorities; each member
    has an account (e-mail from the first name)."""
    seats = []
    for name, group, public in BOARD:
        email = f"{name.split()[0].lower().replace('ū', 'u').replace('ė', 'e')}@board.test"
        user = base.make_user(email, name)
        seats.append(base.seat(board, name, group, public=public, user=user))
    return seats


def decision_call(strategy, **fields):
    """A call whose assessment is over (DECISION_PENDING) with allocations 50 000 and 30 000."""
    return make_call(strategy, status=CallStatus.DECISION_PENDING, **fields)


def ranked(
    call, score, amount, *, allocation=None, status=ProposalStatus.RANKED, tie=None, **fields
):
    """A proposal with a reconciled result: RANKED, or BELOW_THRESHOLD with a reason."""
    proposal = make_proposal(
        call, allocation=allocation, amount=Decimal(amount), status=status, **fields
    )
    criteria = {str(c.pk): c for c in call.criteria.all()}
    points = {pk: (str(Decimal(score) / 3) if c.is_scored else True) for pk, c in criteria.items()}
    below = status == ProposalStatus.BELOW_THRESHOLD
    Result.objects.create(
        proposal=proposal,
        outcome=ResultOutcome.BELOW_THRESHOLD if below else ResultOutcome.RANKED,
        final_score=Decimal(score),
        tie_break_points=tie,
        criterion_points=points,
        reasons=[{"kind": "total", "value": str(score), "limit": str(call.min_score)}]
        if below
        else [],
        computed_at=timezone.now(),
    )
    return proposal
