"""Fixtures of the monitoring tests: a project of Ana's organisation (the promoter), a
second project of another promoter (Omar), and a contracted proposal waiting to start."""

from decimal import Decimal

import pytest
from django.utils import translation

from telka.calls.models import IndicatorPlan
from tests import base


@pytest.fixture(autouse=True)
def _english_messages():
    """Workflow refusals are asserted in English; pages are tested in both languages."""
    with translation.override("en"):
        yield


@pytest.fixture
def call(strategy):
    from telka.evaluation.tests.builders import make_call

    return make_call(strategy)


@pytest.fixture
def project(strategy, call, organisation):
    from .builders import make_project

    return make_project(strategy, call=call, organisation=organisation)


@pytest.fixture
def omar(db):
    return base.make_user("omar@example.test", "Omar Kitas")


@pytest.fixture
def other_project(strategy, call, omar):
    from .builders import make_project

    organisation = base.make_organisation(omar, name="Kita bendruomenė", legal_code="300000077")
    return make_project(strategy, call=call, organisation=organisation)


@pytest.fixture
def contracted(call, organisation):
    """A contracted proposal of Ana's organisation planning 40 for indicator P1."""
    from .builders import contracted_proposal

    proposal = contracted_proposal(call, organisation=organisation)
    indicator = call.allocations.first().measure.targets.first().indicator
    IndicatorPlan.objects.create(proposal=proposal, indicator=indicator, planned_value=Decimal(40))
    return proposal
