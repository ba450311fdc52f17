import pytest
from django.utils import translation

from telka.lib.workflow import Refused, check_transition

ALLOWED = {"draft": {"open"}, "open": {"closed"}}
LABELS = {"draft": "Draft", "open": "Open", "closed": "Closed"}


def test_it_allows_a_listed_transition():
    check_transition("draft", "open", ALLOWED, LABELS)


def test_it_refuses_an_unlisted_transition_with_a_readable_reason():
    with translation.override("en"), pytest.raises(Refused) as refused:
        check_transition("draft", "closed", ALLOWED, LABELS)
    assert refused.value.reasons == [
        "This step is not possible now: “Draft” cannot become “Closed”."
    ]
