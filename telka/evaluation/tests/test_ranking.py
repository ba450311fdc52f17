"""The pure ranking: order, ties, funded/reserve/rest lists, and properties that must
hold for any input (hypothesis)."""

import datetime
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from telka.evaluation.ranking import Budget, Candidate, TieBreak, allocation_lists, draft_lists

D = Decimal
T0 = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


def cand(pk, score, amount, *, tie=None, minute=None, ranked=True, allocation=1):
    return Candidate(
        proposal_id=pk,
        allocation_id=allocation,
        sequence=pk,
        submitted_at=T0 + datetime.timedelta(minutes=pk if minute is None else minute),
        requested_amount=D(amount),
        final_score=D(score),
        tie_break_points=None if tie is None else D(tie),
        is_ranked=ranked,
        status="ranked" if ranked else "below_threshold",
    )


def ids(lines):
    return [line.candidate.proposal_id for line in lines]


def test_it_breaks_ties_by_criterion_then_by_submission():
    rule = TieBreak(use_criterion=True, by_submission=True)
    lists = allocation_lists(
        [
            cand(1, 70, 1, tie=20, minute=5),
            cand(2, 70, 1, tie=25, minute=9),
            cand(3, 70, 1, tie=20, minute=1),
            cand(4, 80, 1),
        ],
        Budget(1, D(100)),
        rule,
    )
    assert ids(lists.funded) == [4, 2, 3, 1]
    assert [line.tie_resolved_by for line in lists.funded] == ["", "", "criterion", "submission"]


def test_without_the_criterion_rule_the_earlier_submission_wins():
    lists = allocation_lists(
        [cand(1, 70, 1, tie=30, minute=9), cand(2, 70, 1, tie=10, minute=1)],
        Budget(1, D(100)),
        TieBreak(use_criterion=False),
    )
    assert ids(lists.funded) == [2, 1]


def test_the_first_proposal_that_does_not_fit_closes_the_funded_list():
    lists = allocation_lists(
        [cand(1, 90, 60), cand(2, 80, 50), cand(3, 70, 10), cand(4, 40, 5, ranked=False)],
        Budget(1, D(100)),
        TieBreak(),
    )
    assert ids(lists.funded) == [1]
    assert ids(lists.reserve) == [2, 3]
    assert ids(lists.rest) == [4]
    assert lists.remaining == D(40)


def test_a_reduced_amount_takes_what_is_left_when_the_call_allows_it():
    budget = Budget(1, D(100), allows_reduced_amounts=True, min_per_project=D(20))
    lists = allocation_lists(
        [cand(1, 90, 60), cand(2, 80, 50), cand(3, 70, 10)], budget, TieBreak()
    )
    assert [(line.proposed_amount, line.is_reduced) for line in lists.funded] == [
        (D(60), False),
        (D(40), True),
    ]
    assert ids(lists.reserve) == [3]
    assert lists.remaining == 0


def test_no_reduction_below_the_minimum_per_project():
    budget = Budget(1, D(100), allows_reduced_amounts=True, min_per_project=D(50))
    lists = allocation_lists([cand(1, 90, 60), cand(2, 80, 50)], budget, TieBreak())
    assert ids(lists.funded) == [1] and ids(lists.reserve) == [2]


def test_lists_are_split_by_allocation_in_budget_order():
    lists = draft_lists(
        [cand(1, 90, 10, allocation=2), cand(2, 80, 10, allocation=1)],
        [Budget(1, D(5)), Budget(2, D(50))],
        TieBreak(),
    )
    assert [(lst.allocation_id, ids(lst.funded), ids(lst.reserve)) for lst in lists] == [
        (1, [], [2]),
        (2, [1], []),
    ]


scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
amounts = st.decimals(min_value=1, max_value=60000, places=2, allow_nan=False)
candidates = st.lists(
    st.builds(
        lambda pk, score, amount, tie, minute, ranked: cand(
            pk, score, amount, tie=tie, minute=minute, ranked=ranked
        ),
        st.integers(1, 10**6),
        scores,
        amounts,
        st.one_of(st.none(), st.decimals(min_value=0, max_value=40, places=1)),
        st.integers(0, 5),
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda c: c.proposal_id,
)
budgets = st.builds(
    lambda amount, reduced, floor: Budget(1, amount, reduced, floor),
    st.decimals(min_value=0, max_value=200000, places=2),
    st.booleans(),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=10000, places=2)),
)
rules = st.builds(TieBreak, st.booleans(), st.booleans())


@settings(max_examples=300, deadline=None)
@given(candidates, budgets, rules, st.randoms())
def test_the_lists_are_deterministic_whatever_the_input_order(items, budget, rule, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert allocation_lists(items, budget, rule) == allocation_lists(shuffled, budget, rule)


@settings(max_examples=300, deadline=None)
@given(candidates, budgets, rules)
def test_the_funded_list_never_exceeds_the_allocation(items, budget, rule):
    lists = allocation_lists(items, budget, rule)
    assert lists.funded_total <= budget.amount
    assert lists.remaining >= 0
    for line in lists.funded:
        assert (
            0 < line.proposed_amount <= line.candidate.requested_amount
            or line.candidate.requested_amount == 0
        )


@settings(max_examples=300, deadline=None)
@given(candidates, budgets, rules)
def test_funded_then_reserve_follow_descending_score_and_hold_only_ranked(items, budget, rule):
    lists = allocation_lists(items, budget, rule)
    ranked_scores = [line.candidate.final_score for line in lists.ranked]
    assert ranked_scores == sorted(ranked_scores, reverse=True)
    assert [line.rank for line in lists.ranked] == list(range(1, len(lists.ranked) + 1))
    assert all(line.candidate.is_ranked for line in lists.ranked)
    assert not any(line.candidate.is_ranked for line in lists.rest)
    assert len(lists.ranked) + len(lists.rest) == len(items)


def test_a_shuffled_call_of_a_thousand_gives_the_same_lists():
    rnd = random.Random(7)
    items = [
        cand(n, rnd.choice([60, 70, 80]), rnd.randint(1, 9) * 1000, tie=rnd.choice([10, 20]))
        for n in range(1, 1001)
    ]
    rule = TieBreak(use_criterion=True)
    first = allocation_lists(items, Budget(1, D(250000)), rule)
    rnd.shuffle(items)
    assert allocation_lists(items, Budget(1, D(250000)), rule) == first
