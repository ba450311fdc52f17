from decimal import Decimal

from telka.strategy.models import Measure, StrategyStatus, Target
from tests.base import count_queries, make_strategy


def test_it_shows_goal_objectives_measures_budgets_and_targets(client, strategy):
    response = client.get("/strategy/")
    assert "Pagerinti įsidarbinimo galimybes" in response.text
    assert "Mažinti socialinę atskirtį" in response.text
    assert "100\xa0000,00\xa0€" in response.text
    assert "Veiksmas 2" in response.text
    assert response.text.count("Dalyviai") == 2


def test_it_formats_amounts_the_english_way_on_the_english_page(client, strategy):
    assert "€100,000.00" in client.get("/en/strategy/").text


def test_it_labels_demo_figures_as_demo_data(client, strategy):
    assert "Demo data" not in client.get("/en/strategy/").text
    measure = Measure.objects.get(code="1.1.1")
    measure.is_demo = True
    measure.save()
    assert client.get("/en/strategy/").text.count("Demo data") == 2  # notice + badge


def test_it_shows_only_the_version_in_force(client, lag):
    make_strategy(lag, status=StrategyStatus.SUPERSEDED, version=1, title="Senoji versija")
    make_strategy(lag, status=StrategyStatus.IN_FORCE, version=2, title="Galiojanti versija")
    response = client.get("/strategy/")
    assert "Galiojanti versija" in response.text
    assert "Senoji versija" not in response.text


def test_it_says_so_when_no_strategy_is_in_force(client, lag):
    assert "No strategy is in force yet." in client.get("/en/strategy/").text


def test_it_runs_the_same_queries_for_2_and_20_measures(client, lag):
    strategy = make_strategy(lag, measures=2)
    small = count_queries(client, "/strategy/")
    objective = strategy.goals.get().objectives.get()
    indicator = Target.objects.first().indicator
    for number in range(3, 21):
        measure = Measure.objects.create(
            objective=objective, code=f"1.1.{number}", title="M", budget=Decimal(1)
        )
        Target.objects.create(measure=measure, indicator=indicator, value=Decimal(5))
    assert count_queries(client, "/strategy/") == small
