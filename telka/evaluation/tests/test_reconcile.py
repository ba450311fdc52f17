"""Reconciling assessors' totals (INV-17) and thresholds (INV-18), as pure functions."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from telka.evaluation.reconcile import Rule, Sheet, closest, differ_too_much, reconcile

D = Decimal
RULES = [Rule(1, "K1", True, D(10)), Rule(2, "K2", True), Rule(3, "P1", False)]


def sheet(pk, k1, k2, passed=True):
    return Sheet(pk, D(k1 + k2), {1: D(k1), 2: D(k2)}, {3: passed})


FIFTY = D(50)


def run(sheets, required=2, min_score=FIFTY):
    return reconcile(
        sheets, rules=RULES, required=required, threshold_percent=D(30), min_score=min_score
    )


def test_it_waits_for_every_required_assessment():
    assert not run([sheet(1, 30, 30)]).is_complete


def test_it_averages_two_close_totals_and_criteria():
    result = run([sheet(1, 30, 30), sheet(2, 35, 30)])
    assert result.final_score == D("62.50")
    assert result.criterion_points == {1: D("32.50"), 2: D("30.00")}
    assert result.criterion_passed == {3: True}
    assert not result.shortfalls


def test_a_difference_of_exactly_the_threshold_is_accepted():
    assert not differ_too_much([D(100), D(70)], D(30))
    assert differ_too_much([D(100), D("69.99")], D(30))


def test_it_asks_for_a_third_assessor_then_averages_the_two_closest():
    first = [sheet(1, 40, 40), sheet(2, 25, 25)]
    assert run(first).needs_additional
    result = run([*first, sheet(3, 38, 38)])
    assert result.counted == (1, 3)
    assert result.final_score == D("78.00")


def test_equally_close_groups_keep_the_higher_pair():
    assert [s.id for s in closest([sheet(1, 30, 30), sheet(2, 35, 35), sheet(3, 40, 40)], 2)] == [
        2,
        3,
    ]


def test_thresholds_make_a_proposal_below_threshold():
    below_minimum = run([sheet(1, 8, 50), sheet(2, 9, 50)])
    assert [s.kind for s in below_minimum.shortfalls] == ["minimum"]
    failed = run([sheet(1, 30, 30, passed=False), sheet(2, 30, 30)])
    assert [s.kind for s in failed.shortfalls] == ["failed"]
    low = run([sheet(1, 20, 20), sheet(2, 20, 20)])
    assert [(s.kind, s.value, s.limit) for s in low.shortfalls] == [("total", "40.00", "50")]


@given(st.lists(st.integers(0, 100), min_size=2, max_size=5))
def test_the_final_score_lies_between_the_counted_totals(totals):
    sheets = [
        Sheet(i, D(t), {1: D(min(t, 50)), 2: D(max(t - 50, 0))}, {3: True})
        for i, t in enumerate(totals)
    ]
    result = run(sheets, required=2)
    if result.needs_additional:
        assert len(totals) == 2
        return
    counted = [s.total for s in sheets if s.id in result.counted]
    assert len(counted) == 2
    assert min(counted) <= result.final_score <= max(counted)


def test_points_are_written_as_people_write_them():
    from telka.evaluation.reconcile import plain_points

    assert [plain_points(D(x)) for x in ("30", "30.00", "12.50", "0.25", "100")] == [
        "30",
        "30",
        "12.5",
        "0.25",
        "100",
    ]
