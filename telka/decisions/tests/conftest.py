"""Fixtures of the decisions tests; workflow imports stay inside fixtures (see the
evaluation tests' conftest for why)."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    """Workflow refusals are asserted in English; pages are tested in both languages."""
    with translation.override("en"):
        yield


@pytest.fixture
def seats(board):
    from .builders import seat_board

    return seat_board(board)


@pytest.fixture
def call(strategy):
    from .builders import decision_call

    return decision_call(strategy)


@pytest.fixture
def meeting(lag, seats, sara, call):
    from telka.decisions import workflow

    from .builders import MEETING_AT

    return workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/5",
        mode="in_person",
        starts_at=MEETING_AT,
        location="Aleksoto g. 1",
    )


@pytest.fixture
def lithuanian():
    """Pages at Lithuanian URLs render in Lithuanian (the autouse fixture sets English)."""
    with translation.override("lt"):
        yield
