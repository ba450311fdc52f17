import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture
def world(lag, strategy, board, sara, organisation):
    from .builders import world

    return world(lag, strategy, board, sara, organisation)
