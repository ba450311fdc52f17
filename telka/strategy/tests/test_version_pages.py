import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from telka.consultations.tests.builders import make_amendment
from telka.strategy.models import AmendmentStatus, Measure, Objective, StrategyAmendment, Target
from tests.base import PASSWORD, count_queries


def publish(amendment: StrategyAmendment) -> None:
    StrategyAmendment.objects.filter(pk=amendment.pk).update(
        published_at=timezone.now(), status=AmendmentStatus.CONSULTATION_OPEN
    )


def test_a_draft_is_unknown_to_the_public_until_its_consultation_opens(
    client, lag, strategy, sara, rita
):
    amendment = make_amendment(lag, sara)
    client.login(username=rita.email, password=PASSWORD)
    assert client.get("/strategy/versions/2/").status_code == 404
    assert client.get("/strategy/versions/2/changes/").status_code == 404
    assert "Version 2" not in client.get("/en/strategy/versions/").text
    assert "being prepared" not in client.get("/en/strategy/").text
    publish(amendment)
    assert "Draft: not in force." in client.get("/en/strategy/versions/2/").text
    assert "Version 2" in client.get("/en/strategy/versions/").text
    assert "A change of this strategy is being prepared" in client.get("/en/strategy/").text


def test_staff_see_a_draft_before_it_is_published(client, lag, strategy, sara):
    make_amendment(lag, sara)
    client.login(username=sara.email, password=PASSWORD)
    assert client.get("/en/strategy/versions/2/").status_code == 200


def test_the_history_shows_dates_and_the_decision_with_its_minutes(client, lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    minutes = SimpleUploadedFile(
        "protokolas.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"
    )
    StrategyAmendment.objects.filter(pk=amendment.pk).update(
        adopted_on=datetime.date(2020, 6, 1), minutes_number="3", published_at=timezone.now()
    )
    amendment.refresh_from_db()
    amendment.minutes_document.save("protokolas.pdf", minutes)
    draft = amendment.draft
    draft.status, draft.adopted_by = (
        "in_force",
        "Visuotinio narių susirinkimo 2020-06-01 sprendimas",
    )
    strategy.status, strategy.in_force_from = "superseded", datetime.date(2016, 7, 20)
    strategy.in_force_to = datetime.date(2020, 6, 1)
    strategy.save()
    draft.in_force_from, draft.adopted_on = datetime.date(2020, 6, 2), datetime.date(2020, 6, 1)
    draft.save()
    page = client.get("/en/strategy/versions/").text
    assert "2016-07-20 – 2020-06-01" in page
    assert "2020-06-02 – today" in page
    assert "Visuotinio narių susirinkimo 2020-06-01 sprendimas" in page
    assert f"/en/strategy/amendments/{amendment.pk}/minutes/" in page
    response = client.get(f"/strategy/amendments/{amendment.pk}/minutes/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_minutes_are_not_served_before_adoption(client, lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    assert client.get(f"/strategy/amendments/{amendment.pk}/minutes/").status_code == 404


def test_an_old_version_says_it_is_no_longer_in_force(client, lag, strategy):
    from tests.base import make_strategy

    strategy.status, strategy.in_force_to = "superseded", datetime.date(2020, 6, 1)
    strategy.save()
    make_strategy(lag, version=2)
    page = client.get("/en/strategy/versions/1/").text
    assert "No longer in force." in page
    assert "This version was in force until" in page


def test_the_comparison_runs_the_same_queries_for_2_and_20_measures(client, lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    publish(amendment)
    small = count_queries(client, "/strategy/versions/2/changes/")
    objective = Objective.objects.get(goal__strategy=amendment.draft)
    indicator = Target.objects.first().indicator
    for number in range(3, 21):
        measure = Measure.objects.create(
            objective=objective, code=f"1.1.{number}", title="M", budget=Decimal(1)
        )
        Target.objects.create(measure=measure, indicator=indicator, value=Decimal(5))
    assert count_queries(client, "/strategy/versions/2/changes/") == small
    assert count_queries(client, "/strategy/versions/2/changes/?all=1") == small
