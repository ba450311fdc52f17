"""The LAG's first strategy version enters into force only through the workflow, with
the checks an amendment gets (INV-05, INV-06); then the indicators it targets are frozen
in the ORM and in the database (INV-08)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.lib.frozen import FrozenError
from telka.lib.workflow import Refused
from telka.strategy.models import Indicator, Objective, Strategy, StrategyStatus
from telka.strategy.workflow import put_first_version_in_force
from tests.base import make_strategy

DAY = datetime.date(2016, 7, 20)
URL = "/strategy/versions/1/in-force/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft(lag):
    return make_strategy(lag, status=StrategyStatus.DRAFT)


def put(strategy, actor, **fields):
    values = {"in_force_from": DAY, "adopted_by": "VNS 2016-07-01 Nr. 2", **fields}
    return put_first_version_in_force(strategy=strategy, actor=actor, **values)


def test_a_valid_first_draft_enters_into_force_and_is_audited(draft, sara):
    put(draft, sara, adopted_on=DAY)
    draft.refresh_from_db()
    assert (draft.status, draft.in_force_from, draft.adopted_by) == (
        StrategyStatus.IN_FORCE,
        DAY,
        "VNS 2016-07-01 Nr. 2",
    )
    event = AuditEvent.objects.get(action="strategy.in_force")
    assert (event.actor, event.changes["before"], event.changes["after"]) == (
        sara,
        "draft",
        "in_force",
    )


def test_running_costs_above_25_percent_and_an_untargeted_objective_are_refused(draft, sara):
    Strategy.objects.filter(pk=draft.pk).update(running_costs_budget=Decimal("180000"))
    Objective.objects.create(goal=draft.goals.get(), code="1.2", title="Be rodiklio")
    with pytest.raises(Refused) as refused:
        put(draft, sara)
    reasons = " ".join(refused.value.reasons)
    assert "exceed 25 % of the total budget allowed in the 2014-2020 period" in reasons
    assert "Objective 1.2 has no indicator with a target (INV-05)" in reasons
    assert Strategy.objects.get(pk=draft.pk).status == StrategyStatus.DRAFT
    assert not AuditEvent.objects.filter(action="strategy.in_force").exists()


def test_a_second_version_must_come_through_an_amendment(lag, sara):
    make_strategy(lag)
    later = make_strategy(lag, status=StrategyStatus.DRAFT, version=2)
    with pytest.raises(Refused, match="change it through an amendment"):
        put(later, sara)


def test_a_missing_decision_is_refused(draft, sara):
    with pytest.raises(Refused, match="decision that adopted"):
        put(draft, sara, adopted_by=" ")


def test_indicators_of_a_draft_may_change_but_not_once_in_force(draft, sara):
    indicator = Indicator.objects.get(code="P1")
    indicator.name = "Dalyviai (patikslinta)"
    indicator.save()  # allowed: only a draft uses it
    put(draft, sara)
    indicator.unit = "EUR"
    with pytest.raises(FrozenError, match="is final"):
        indicator.save()
    with pytest.raises(FrozenError):
        Indicator.objects.filter(pk=indicator.pk).update(unit="EUR")
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE strategy_indicator SET unit = 'EUR'")
    assert Indicator.objects.get(pk=indicator.pk).unit == "asmenys"


def test_a_new_indicator_may_still_be_added(draft, sara):
    put(draft, sara)
    Indicator.objects.create(
        lag=draft.lag,
        code="P9",
        name="Nauji",
        unit="vnt.",
        kind="output",
        achievement_moment="at_exit",
    )
    assert Indicator.objects.filter(code="P9").exists()


def test_staff_put_the_first_version_into_force_from_the_page(client, draft, sara):
    client.force_login(sara)
    assert client.get("/en/strategy/versions/").text.count("in-force/") == 1
    page = client.get("/en" + URL)
    assert page.status_code == 200 and "The draft passes the checks." in page.text
    response = client.post(
        URL, {"adopted_by": "VNS 2016-07-01 Nr. 2", "in_force_from": "2016-07-20"}, follow=True
    )
    assert "Strategija įsigaliojo." in response.text
    assert Strategy.objects.get(pk=draft.pk).status == StrategyStatus.IN_FORCE


def test_the_page_lists_the_problems_and_refuses(client, draft, sara):
    Strategy.objects.filter(pk=draft.pk).update(running_costs_budget=Decimal("190000"))
    client.force_login(sara)
    assert "exceed 25 %" in client.get("/en" + URL).text
    response = client.post(
        "/en" + URL, {"adopted_by": "VNS", "in_force_from": "2016-07-20"}, follow=True
    )
    assert "exceed 25 %" in response.text
    assert Strategy.objects.get(pk=draft.pk).status == StrategyStatus.DRAFT


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita"])
def test_other_roles_get_404(client, draft, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    response = client.post(URL, {"adopted_by": "X", "in_force_from": "2016-07-20"})
    assert response.status_code == 404
    assert Strategy.objects.get(pk=draft.pk).status == StrategyStatus.DRAFT
