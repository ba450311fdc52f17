import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Lithuanian: the test client leaves the last request's language
    active in the thread, which would leak into URLs and messages built by the next test."""
    with translation.override("lt"):
        yield
