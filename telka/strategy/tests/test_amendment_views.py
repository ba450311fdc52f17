from decimal import Decimal

import pytest

from telka.audit.models import AuditEvent
from telka.consultations.tests.builders import make_amendment
from telka.strategy.models import AmendmentStatus, Measure, StrategyAmendment
from tests.base import PASSWORD, count_queries


@pytest.fixture
def amendment(lag, strategy, sara):
    return make_amendment(lag, sara)


def staff_urls(amendment):
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.1")
    base = f"/strategy/amendments/{amendment.pk}"
    return [
        "/strategy/amendments/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/measure/add/",
        f"{base}/measure/{measure.pk}/",
        f"{base}/measure/{measure.pk}/remove/",
    ]


@pytest.mark.parametrize("persona", ["rita", "eva", "bruno"])
def test_the_staff_area_is_404_for_everyone_else(client, amendment, persona, request):
    user = request.getfixturevalue(persona)
    client.login(username=user.email, password=PASSWORD)
    for url in staff_urls(amendment):
        assert client.get(url).status_code == 404, url
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.1")
    response = client.post(f"/strategy/amendments/{amendment.pk}/measure/{measure.pk}/remove/")
    assert response.status_code == 404
    assert Measure.objects.filter(pk=measure.pk).exists()
    response = client.post(f"/strategy/amendments/{amendment.pk}/steps/withdraw/", {"reason": "x"})
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, amendment):
    response = client.get(f"/strategy/amendments/{amendment.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_staff_start_an_amendment(client, lag, strategy, sara):
    client.login(username=sara.email, password=PASSWORD)
    response = client.post(
        "/en/strategy/amendments/",
        {"title": "Naujas veiksmas", "reasons": "Reikia.", "needs_ma_approval": "on"},
    )
    amendment = StrategyAmendment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/strategy/amendments/{amendment.pk}/"
    assert amendment.needs_ma_approval
    assert amendment.draft.version == 2


def test_staff_change_a_measure_budget_in_the_draft(client, amendment, sara):
    client.login(username=sara.email, password=PASSWORD)
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.1")
    response = client.post(
        f"/strategy/amendments/{amendment.pk}/measure/{measure.pk}/",
        {
            "objective": measure.objective_id,
            "code": "1.1.1",
            "title": "Veiksmas 1",
            "budget": "90000",
            "position": 1,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.budget == Decimal("90000")
    event = AuditEvent.objects.get(action="strategy.draft_measure_edited")
    assert event.changes["changes"] == {"budget": ["100000.00", "90000"]}
    history = client.get(f"/en/strategy/amendments/{amendment.pk}/").text
    assert "Changed in the draft: measure 1.1.1. Veiksmas 1" in history
    assert "Started as a copy of the version in force" in history


def test_editing_a_frozen_draft_is_refused_and_nothing_changes(client, amendment, sara):
    StrategyAmendment.objects.filter(pk=amendment.pk).update(
        status=AmendmentStatus.CONSULTATION_OPEN
    )
    client.login(username=sara.email, password=PASSWORD)
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.1")
    response = client.post(
        f"/en/strategy/amendments/{amendment.pk}/measure/{measure.pk}/",
        {
            "objective": measure.objective_id,
            "code": "1.1.1",
            "title": "Kitas",
            "budget": "1",
            "position": 1,
        },
    )
    assert response.status_code == 200
    assert "The draft cannot be changed while it is “Consultation open”" in response.text
    assert "Kitas</textarea>" in response.text  # what was typed stays
    measure.refresh_from_db()
    assert (measure.title, measure.budget) == ("Veiksmas 1", Decimal("100000"))


def test_staff_cannot_touch_the_version_in_force_through_the_draft_urls(
    client, amendment, strategy, sara
):
    client.login(username=sara.email, password=PASSWORD)
    in_force = Measure.objects.get(objective__goal__strategy=strategy, code="1.1.1")
    assert (
        client.get(f"/strategy/amendments/{amendment.pk}/measure/{in_force.pk}/").status_code == 404
    )
    client.post(f"/strategy/amendments/{amendment.pk}/measure/{in_force.pk}/remove/")
    assert Measure.objects.filter(pk=in_force.pk).exists()


def test_proposing_without_a_consultation_shows_why(client, amendment, sara):
    StrategyAmendment.objects.filter(pk=amendment.pk).update(
        status=AmendmentStatus.CONSULTATION_CLOSED
    )
    client.login(username=sara.email, password=PASSWORD)
    response = client.post(
        f"/en/strategy/amendments/{amendment.pk}/steps/propose/", {"proposed_on": "2020-05-20"}
    )
    assert response.status_code == 400
    assert "A public consultation on this draft must be held" in response.text
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.CONSULTATION_CLOSED


def test_withdrawing_through_the_page(client, amendment, sara):
    client.login(username=sara.email, password=PASSWORD)
    response = client.post(
        f"/strategy/amendments/{amendment.pk}/steps/withdraw/", {"reason": "Atsisakyta"}
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert (amendment.status, amendment.withdrawn_reason) == (
        AmendmentStatus.WITHDRAWN,
        "Atsisakyta",
    )


def test_a_target_is_added_under_its_measure(client, amendment, sara):
    from telka.strategy.models import Indicator

    client.login(username=sara.email, password=PASSWORD)
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.2")
    other = Indicator.objects.create(
        lag=amendment.lag,
        code="P9",
        name="Vaikai",
        unit="vaikai",
        kind="output",
        achievement_moment="at_entry",
    )
    url = f"/en/strategy/amendments/{amendment.pk}/target/add/?parent={measure.pk}"
    taken = measure.targets.get().indicator
    refused = client.post(url, {"indicator": taken.pk, "value": "5"})
    assert "already has a target for that indicator" in refused.text
    client.post(url, {"indicator": other.pk, "value": "50"})
    assert sorted(measure.targets.values_list("indicator__code", "value")) == [
        ("P1", Decimal("200.00")),
        ("P9", Decimal("50.00")),
    ]


def test_the_amendment_page_runs_the_same_queries_for_2_and_20_measures(client, amendment, sara):
    client.login(username=sara.email, password=PASSWORD)
    url = f"/strategy/amendments/{amendment.pk}/"
    small = count_queries(client, url)
    objective = Measure.objects.filter(objective__goal__strategy=amendment.draft).first().objective
    for number in range(3, 21):
        Measure.objects.create(
            objective=objective, code=f"1.1.{number}", title="M", budget=Decimal(1)
        )
    assert count_queries(client, url) == small
