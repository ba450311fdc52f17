"""Small bugs on the path of a call (issue 12, item 15): the strategy version offered,
swapping the measures of two allocation rows, a draft after the deadline, and drafts
hidden from staff."""

from decimal import Decimal

import pytest
from django.urls import reverse

from telka.calls.models import Allocation, Call
from telka.strategy.models import StrategyStatus
from tests import base

from .helpers import ago, draft_call, make_proposal, open_call


@pytest.fixture
def staff(client, sara):
    client.force_login(sara)
    return client


def test_it_offers_only_the_strategy_version_in_force(staff, lag, strategy):
    draft = base.make_strategy(lag, status=StrategyStatus.DRAFT, version=2)
    response = staff.get(reverse("calls:manage_create"))
    choices = [value for value, _label in response.context["form"].fields["strategy"].choices]
    assert [c for c in choices if c] == [strategy.pk]
    assert draft.pk not in choices
    assert f'value="{strategy.pk}" selected' in response.content.decode()


def test_staff_swap_the_measures_of_two_rows_in_one_save(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    first, second = strategy.measures().order_by("code")[:2]
    rows = [
        Allocation.objects.create(
            call=call,
            measure=measure,
            amount=amount,
            max_per_project=amount,
            max_rate_percent=Decimal(90),
            position=position,
        )
        for position, (measure, amount) in enumerate(
            [(first, Decimal(60000)), (second, Decimal(30000))]
        )
    ]
    data = {"allocations-TOTAL_FORMS": "2", "allocations-INITIAL_FORMS": "2"}
    for index, (row, measure) in enumerate(zip(rows, [second, first], strict=True)):
        data |= {
            f"allocations-{index}-id": row.pk,
            f"allocations-{index}-measure": measure.pk,
            f"allocations-{index}-amount": str(row.amount),
            f"allocations-{index}-max_per_project": str(row.max_per_project),
            f"allocations-{index}-max_rate_percent": "90",
        }
    response = staff.post(reverse("calls:manage_allocations", args=[call.pk]), data)
    assert response.status_code == 302
    stored = list(call.allocations.order_by("position").values_list("measure", "amount"))
    assert stored == [(second.pk, Decimal(60000)), (first.pk, Decimal(30000))]


def test_a_duplicate_measure_is_still_refused(staff, lag, strategy):
    call = draft_call(lag, strategy, complete=False)
    measure = strategy.measures().first()
    data = {"allocations-TOTAL_FORMS": "2", "allocations-INITIAL_FORMS": "0"}
    for index in range(2):
        data |= {
            f"allocations-{index}-measure": measure.pk,
            f"allocations-{index}-amount": "1000",
            f"allocations-{index}-max_per_project": "1000",
            f"allocations-{index}-max_rate_percent": "90",
        }
    response = staff.post(reverse("calls:manage_allocations", args=[call.pk]), data)
    assert response.status_code == 200
    assert not Allocation.objects.exists()


def test_after_the_deadline_the_draft_page_says_the_call_closed(
    client, lag, strategy, ana, organisation
):
    call = open_call(lag, strategy)
    proposal = make_proposal(call, organisation, ana)
    Call.objects.filter(pk=call.pk).update(closes_at=ago(hours=1))
    client.force_login(ana)
    page = client.get(reverse("calls:proposal", args=[proposal.pk])).content.decode()
    assert "Kvietimas baigėsi" in page
    assert "Kvietimas baigiasi" not in page
    assert reverse("calls:proposal_check", args=[proposal.pk]) not in page


def test_the_apply_form_is_not_shown_for_a_closed_call(client, lag, strategy, ana, organisation):
    call = open_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(closes_at=ago(hours=1))
    client.force_login(ana)
    page = client.get(reverse("calls:apply", args=[call.pk])).content.decode()
    assert "<form" not in page.split("<main", 1)[1]
    assert "pasiūlymų teikti nebegalima" in page


def test_staff_do_not_see_unsubmitted_drafts(staff, lag, strategy, ana, organisation):
    call = open_call(lag, strategy)
    make_proposal(call, organisation, ana, complete=False)
    response = staff.get(reverse("calls:manage_detail", args=[call.pk]))
    assert response.context["counts"] == []
    response = staff.get(reverse("evaluation:call", args=[call.pk]))
    assert response.context["statuses"] == []
