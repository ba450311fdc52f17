"""Fixtures of the evaluation tests. Imports of the workflow stay inside the fixtures:
this file may be loaded before the root conftest switches tasks to the immediate
backend, and importing telka.lib.mail that early would bind the database queue."""

from decimal import Decimal

import pytest


@pytest.fixture
def call(strategy):
    from .builders import make_call

    return make_call(strategy)


@pytest.fixture
def proposal(call, ana, organisation):
    from .builders import make_proposal

    return make_proposal(call, organisation=organisation)


@pytest.fixture
def ranked(call, proposal, sara, eva):
    """`proposal`, checked, assessed by Eva and Jonas, and ranked with 72 points."""
    from telka.evaluation import workflow

    from .builders import make_assessor
    from .scenario import pass_check, score

    jonas = make_assessor(call.lag, "Jonas")
    pass_check(proposal, sara)
    first, second = workflow.assign_assessors(proposal=proposal, assessors=[eva, jonas], actor=sara)
    score(first, (30, 20, 20))
    score(second, (34, 20, 20))
    proposal.refresh_from_db()
    assert proposal.result.final_score == Decimal("72.00")
    return proposal
