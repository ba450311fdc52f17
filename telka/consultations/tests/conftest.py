import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here; their Lithuanian text is checked by test_i18n."""
    with translation.override("en"):
        yield
