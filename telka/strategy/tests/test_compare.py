from decimal import Decimal

import pytest

from telka.consultations.tests.builders import make_amendment
from telka.strategy.compare import Comparison, word_diff
from telka.strategy.models import Goal, Indicator, Measure, Objective, Target
from telka.strategy.workflow import remove_draft_item, save_draft_item, update_draft_strategy


@pytest.fixture
def amendment(lag, strategy, sara):
    """Version 2: 1.1.1 gets more money and a higher target, 1.1.2 goes, 1.1.3 is new
    (with a new indicator), the objective is reworded and the summary extended."""
    amendment = make_amendment(lag, sara)
    draft = amendment.draft

    def edit(item, **values):
        return save_draft_item(amendment=amendment, actor=sara, item=item, values=values)

    objective = Objective.objects.get(goal__strategy=draft)
    edit(objective, title="Mažinti vaikų ir suaugusiųjų socialinę atskirtį")
    kept = Measure.objects.get(objective=objective, code="1.1.1")
    edit(kept, budget=Decimal("120000.50"))
    edit(Target.objects.get(measure=kept), value=Decimal(150))
    remove_draft_item(
        amendment=amendment, actor=sara, item=Measure.objects.get(objective=objective, code="1.1.2")
    )
    new = edit(
        Measure(),
        objective=objective,
        code="1.1.3",
        title="Techninės kūrybos centras",
        budget=Decimal("327622.72"),
    )
    children = Indicator.objects.create(
        lag=lag,
        code="P5",
        name="Vaikai",
        unit="vaikai",
        kind="output",
        achievement_moment="at_entry",
    )
    edit(Target(measure=new), indicator=children, value=Decimal(50))
    update_draft_strategy(amendment=amendment, actor=sara, values={"summary": "Nauja santrauka"})
    return amendment


def by_code(nodes, code):
    return next(n for n in nodes if n.item.code == code)


def test_it_lists_added_removed_and_changed_items(amendment, strategy):
    comparison = Comparison(strategy, amendment.draft)
    assert comparison.counts == {
        "goal": {"added": 0, "removed": 0, "changed": 0},
        "objective": {"added": 0, "removed": 0, "changed": 1},
        "measure": {"added": 1, "removed": 1, "changed": 1},
        "target": {"added": 1, "removed": 1, "changed": 1},
    }
    objective = comparison.goals[0].children[0]
    states = {node.item.code: node.state for node in objective.children}
    assert states == {"1.1.1": "changed", "1.1.3": "added", "1.1.2": "removed"}


def test_it_computes_money_and_target_deltas_exactly(amendment, strategy):
    comparison = Comparison(strategy, amendment.draft)
    objective = comparison.goals[0].children[0]
    kept = by_code(objective.children, "1.1.1")
    budget = next(c for c in kept.changes if c.name == "budget")
    assert (budget.old, budget.new, budget.delta) == (
        Decimal("100000.00"),
        Decimal("120000.50"),
        Decimal("20000.50"),
    )
    assert kept.children[0].value_delta == Decimal(50)
    assert by_code(objective.children, "1.1.3").budget_delta == Decimal("327622.72")
    assert by_code(objective.children, "1.1.2").budget_delta == Decimal("-100000.00")
    assert (comparison.budget_old, comparison.budget_new, comparison.budget_delta) == (
        Decimal("200000.00"),
        Decimal("447623.22"),
        Decimal("247623.22"),
    )


def test_it_diffs_texts_word_by_word(amendment, strategy):
    objective = Comparison(strategy, amendment.draft).goals[0].children[0]
    title = next(c for c in objective.changes if c.name == "title")
    assert title.segments == [
        ("equal", "Mažinti "),
        ("insert", "vaikų ir suaugusiųjų "),
        ("equal", "socialinę atskirtį"),
    ]
    assert word_diff("Didinti užimtumą.", "Didinti verslumą.") == [
        ("equal", "Didinti "),
        ("delete", "užimtumą"),
        ("insert", "verslumą"),
        ("equal", "."),
    ]


def test_it_shows_a_moved_measure_where_it_now_is(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    draft = amendment.draft
    goal = Goal.objects.get(strategy=draft)
    other = save_draft_item(
        amendment=amendment,
        actor=sara,
        item=Objective(),
        values={"goal": goal, "code": "1.2", "title": "Didinti užimtumą"},
    )
    measure = Measure.objects.get(objective__goal__strategy=draft, code="1.1.2")
    save_draft_item(amendment=amendment, actor=sara, item=measure, values={"objective": other})
    comparison = Comparison(strategy, draft)
    first, second = comparison.goals[0].children
    assert [n.item.code for n in first.children] == ["1.1.1"]
    moved = second.children[0]
    assert (moved.item.code, moved.state, moved.moved_from) == ("1.1.2", "changed", "1.1")
    assert comparison.counts["measure"] == {"added": 0, "removed": 0, "changed": 1}


def test_the_changes_page_shows_the_tracked_changes(client, amendment):
    amendment.published_at = amendment.created_at
    amendment.save(update_fields=["published_at"])
    page = client.get("/strategy/versions/2/changes/").text
    assert (
        '<ins><span class="visually-hidden" lang="lt">[pridėta:] </span>vaikų ir suaugusiųjų </ins>'
        in page
    )
    assert '120\xa0000,50\xa0€ <strong class="delta">+20\xa0000,50\xa0€</strong>' in page.replace(
        "100\xa0000,00\xa0€ → ", ""
    )
    assert "+327\xa0622,72\xa0€" in page
    assert "\u2212100\xa0000,00\xa0€" in page
    assert "+247\xa0623,22\xa0€" in page
    english = client.get("/en/strategy/versions/2/changes/").text
    assert "+€327,622.72" in english
    assert "Nauja santrauka" in english
