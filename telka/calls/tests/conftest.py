import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Lithuanian: a request to /en/ leaves English active in the
    thread, and reverse() would then build /en/ URLs for the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english():
    """Workflow refusals read in English (pages without /en/ render Lithuanian)."""
    with translation.override("en"):
        yield
