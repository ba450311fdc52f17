"""Absurd figures in the proposal budget are refused with a message, never a server
error (PostgreSQL refuses numbers beyond its columns)."""

import pytest
from django.urls import reverse

from telka.calls.models import BudgetLine

from .helpers import make_proposal, open_call


@pytest.fixture
def call(lag, strategy):
    return open_call(lag, strategy)


def _budget(quantity: str, unit_price: str) -> dict:
    return {
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-category": "services",
        "lines-0-description": "Salės nuoma",
        "lines-0-quantity": quantity,
        "lines-0-unit_price": unit_price,
        "own_contribution": "0",
    }


@pytest.mark.parametrize(
    "quantity, unit_price",
    [("1000", "99999999999"), ("1", "99999999999999999"), ("1e30", "1"), ("NaN", "1")],
)
def test_an_overflowing_budget_line_is_refused_with_a_message(
    client, call, organisation, ana, quantity, unit_price
):
    proposal = make_proposal(call, organisation, ana, complete=False)
    before = list(BudgetLine.objects.values_list("pk", "amount"))
    client.force_login(ana)
    url = reverse("calls:proposal_section", args=[proposal.pk, "budget"])
    response = client.post(
        f"/en{url}" if not url.startswith("/en") else url, _budget(quantity, unit_price)
    )
    assert response.status_code in (200, 400)
    assert (
        "at most" in response.text or "Ensure" in response.text or "Enter a number" in response.text
    )
    assert list(BudgetLine.objects.values_list("pk", "amount")) == before
    totals = client.post(
        reverse("calls:budget_totals", args=[proposal.pk]), _budget(quantity, unit_price)
    )
    assert totals.status_code < 500
