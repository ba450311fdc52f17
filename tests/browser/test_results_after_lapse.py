"""Issue 12 items 7 and 8 in a real browser: after the board's lists are adopted, one
funded applicant never applies to the agency and the clock lapses it; a visitor opening
the public results sees the funded list in the adopted order, the lapsed proposal
marked as lapsed with its date, and what is left of the allocation."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation

from telka.decisions import money, workflow
from telka.decisions.models import Award
from telka.decisions.tests.builders import MEETING_AT, decision_call, ranked, seat_board
from telka.decisions.tests.helpers import decide

from .conftest import page_is_narrower_than_viewport, serious_violations


@pytest.fixture
def lapsed(transactional_db, lag, strategy, board, sara):
    """Allocation 50 000: submitted C, B, A; adopted A 20 000, B 15 000, C 10 000 (by
    score) and D 9 000 on the reserve; A and C apply, B's deadline passes."""
    call = decision_call(strategy)
    allocation = call.allocations.order_by("position").first()
    c = ranked(call, 70, 10000, allocation=allocation, title="Projektas C")
    b = ranked(call, 80, 15000, allocation=allocation, title="Projektas B")
    a = ranked(call, 90, 20000, allocation=allocation, title="Projektas A")
    ranked(call, 60, 9000, allocation=allocation, title="Projektas D")
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/5", mode="in_person", starts_at=MEETING_AT
    )
    decide(meeting, seat_board(board), sara, allocation)
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    for proposal in (a, c):
        workflow.record_application(proposal=proposal, actor=sara, applied_on=MEETING_AT.date())
    lapsed_on = Award.objects.get(proposal=b).apply_by + datetime.timedelta(days=1)
    clock = timezone.make_aware(datetime.datetime.combine(lapsed_on, datetime.time(6)))
    assert [p.pk for p in workflow.lapse_overdue(clock)] == [b.pk]
    assert money.remaining(allocation) == Decimal(20000)
    return call, lapsed_on


def _rows(tab, caption: str) -> list[list[str]]:
    table = tab.get_by_role("table", name=caption).first
    return [
        [" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]


def test_a_visitor_sees_the_adopted_order_and_the_lapse_on_the_results(
    page, phone, live_server, lapsed
):
    call, lapsed_on = lapsed
    page.goto(f"{live_server.url}/en/decisions/results/{call.pk}/")
    funded = _rows(page, "Funded list")
    assert [row[2] for row in funded] == ["Projektas A", "Projektas B", "Projektas C"]
    assert [row[0] for row in funded] == ["1", "2", "3"]
    with translation.override("en"):
        day = formats.date_format(lapsed_on, "DATE_FORMAT")
    assert funded[1][-1] == f"Lapsed: did not apply to the agency since {day}"
    assert funded[0][-1].startswith("Selected since") and funded[2][-1].startswith("Selected")
    assert [row[2] for row in _rows(page, "Reserve list")] == ["Projektas D"]
    remaining = page.locator("dl.facts").first.inner_text()
    assert "€20,000.00" in remaining

    phone.goto(f"{live_server.url}/decisions/results/{call.pk}/")
    funded_lt = _rows(phone, "Finansuojamų sąrašas")
    assert [row[2] for row in funded_lt] == ["Projektas A", "Projektas B", "Projektas C"]
    assert funded_lt[1][-1].startswith("Nebegalioja: paraiška agentūrai nepateikta nuo")
    assert page_is_narrower_than_viewport(phone)


def test_the_results_after_a_lapse_have_no_serious_accessibility_problems(
    axe_page, live_server, lapsed
):
    call, _lapsed_on = lapsed
    for prefix in ("", "/en"):
        url = f"{live_server.url}{prefix}/decisions/results/{call.pk}/"
        assert serious_violations(axe_page, url) == [], url
