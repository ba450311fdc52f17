"""A national network's data for benchmarks and tests: `build_network(lags=100)` gives
each LAG a host name (lag-NNN.localhost), a strategy in force with measures, indicators
and targets, calls whose every proposal the board put on the funded list (minutes
signed, awards fixed), and projects with accepted reports and indicator values.

Rows go in with bulk_create, a few statements per model for all LAGs together (about a
minute for 100 LAGs on PostgreSQL); nothing is audited or e-mailed: this is a
measurement fixture, not a history any workflow wrote.

    python bench/network_data.py 100     # into DATABASE_URL (migrated first)
"""
# ruff: noqa: E402 (run as a script, Django is set up before the models are imported)

import datetime
import sys
from decimal import Decimal
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from support import setup_django

    setup_django()

from django.db import transaction
from django.utils import timezone

from telka.accounts.models import Organisation
from telka.calls.models import Allocation, Call, CallStatus, Proposal, ProposalStatus
from telka.decisions.models import (
    AgendaItem,
    Award,
    Decision,
    DecisionKind,
    DecisionLine,
    DecisionStatus,
    LineOutcome,
    Meeting,
    Minutes,
)
from telka.lag.models import Board, LocalActionGroup
from telka.monitoring.models import IndicatorValue, Project, Report, ReportStatus
from telka.periods.rules import period_for_year
from telka.strategy.models import Goal, Indicator, Measure, Objective, Strategy, Target

BATCH = 2000
INDICATOR_CODES = ("P.S.361", "P.N.802", "R.S.380")
GRANT = Decimal("20000.00")


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _lags(count: int, start: int) -> list[LocalActionGroup]:
    return _bulk(
        LocalActionGroup,
        [
            LocalActionGroup(
                name=f"Tinklo vietos veiklos grupė Nr. {n}",
                short_name=f"VVG {n}",
                slug=f"lag-{n:03d}",
                host=f"lag-{n:03d}.localhost",
                territory=f"Teritorija {n}",
                territory_en=f"Territory {n}",
                legal_code=f"{300000000 + n}",
            )
            for n in range(start, start + count)
        ],
    )


def _strategies(lags) -> tuple[list, dict, dict]:
    """A strategy in force per LAG with one goal, one objective and three measures
    (one per call), and its indicators and targets. ({lag id: [measures]},
    {lag id: [indicators]})."""
    period = period_for_year(2014)  # bulk_create skips Strategy.save, which sets it
    strategies = _bulk(
        Strategy,
        [
            Strategy(
                lag=lag,
                title=f"{lag.short_name} vietos plėtros strategija",
                status="in_force",
                period=period,
                period_start=2014,
                period_end=2020,
                in_force_from=datetime.date(2016, 1, 1),
                total_budget=Decimal("3000000"),
            )
            for lag in lags
        ],
    )
    goals = _bulk(Goal, [Goal(strategy=s, code="1", title="Tikslas") for s in strategies])
    objectives = _bulk(Objective, [Objective(goal=g, code="1.1", title="Uždavinys") for g in goals])
    measures = _bulk(
        Measure,
        [
            Measure(objective=o, code=f"1.1.{n}", title=f"Priemonė {n}", budget=Decimal(2_000_000))
            for o in objectives
            for n in (1, 2, 3)
        ],
    )
    indicators = _bulk(
        Indicator,
        [
            Indicator(lag=lag, code=code, name=f"Rodiklis {code}", unit="vnt.", kind="output")
            for lag in lags
            for code in INDICATOR_CODES
        ],
    )
    by_lag = {lag.pk: [] for lag in lags}
    lag_of_strategy = {s.pk: s.lag_id for s in strategies}
    lag_of_objective = {
        o.pk: lag_of_strategy[g.strategy_id] for g, o in zip(goals, objectives, strict=True)
    }
    for measure in measures:
        by_lag[lag_of_objective[measure.objective_id]].append(measure)
    indicators_of = {lag.pk: [] for lag in lags}
    for indicator in indicators:
        indicators_of[indicator.lag_id].append(indicator)
    _bulk(
        Target,
        [
            Target(measure=m, indicator=i, value=Decimal(100))
            for lag in lags
            for m in by_lag[lag.pk]
            for i in indicators_of[lag.pk]
        ],
    )
    return strategies, by_lag, indicators_of


def _organisations(lags, per_lag: int) -> dict:
    rows = _bulk(
        Organisation,
        [
            Organisation(
                name=f"Asociacija {lag.pk}-{n}",
                legal_form="association",
                legal_code=f"{100000000 + lag.pk * 1000 + n}",
                sector="civil",
                address="Kaunas",
            )
            for lag in lags
            for n in range(per_lag)
        ],
    )
    return {lag.pk: rows[i * per_lag : (i + 1) * per_lag] for i, lag in enumerate(lags)}


def _calls(lags, strategies, measures_of, calls: int, proposals: int):
    strategy_of = {s.lag_id: s for s in strategies}
    now = timezone.now()
    found = _bulk(
        Call,
        [
            Call(
                lag=lag,
                strategy=strategy_of[lag.pk],
                number=n + 1,
                title=f"Kvietimas {n + 1}",
                status=CallStatus.OPEN if n == calls - 1 else CallStatus.DECIDED,
                published_at=now - datetime.timedelta(days=400 - n * 100),
                opens_at=now - datetime.timedelta(days=400 - n * 100),
                closes_at=(
                    now + datetime.timedelta(days=30)
                    if n == calls - 1
                    else now - datetime.timedelta(days=350 - n * 100)
                ),
            )
            for lag in lags
            for n in range(calls)
        ],
    )
    allocations = _bulk(
        Allocation,
        [
            Allocation(
                call=call,
                measure=measures_of[call.lag_id][(call.number - 1) % 3],
                amount=GRANT * proposals,
                max_per_project=GRANT,
                max_rate_percent=Decimal(90),
            )
            for call in found
        ],
    )
    return found, allocations


def _proposals(calls, allocations, orgs_of, per_call: int) -> list[Proposal]:
    submitted = timezone.now() - datetime.timedelta(days=300)
    return _bulk(
        Proposal,
        [
            Proposal(
                call=call,
                allocation=allocation,
                organisation=orgs_of[call.lag_id][n % len(orgs_of[call.lag_id])],
                status=ProposalStatus.SELECTED,
                sequence=n + 1,
                reg_number=f"{call.lag_id}-K{call.number}-{n + 1}",
                title=f"Projektas {call.lag_id}-{call.number}-{n + 1} bendruomenei",
                summary="Veiklos vietos bendruomenei.",
                location="Kaunas",
                total_cost=GRANT,
                requested_amount=GRANT,
                submitted_at=submitted,
                starts_on=datetime.date(2019, 1, 1),
                ends_on=datetime.date(2020, 12, 31),
            )
            for call, allocation in zip(calls, allocations, strict=True)
            for n in range(per_call)
        ],
    )


def _decisions(lags, calls, allocations, proposals, signed_minutes: bool) -> list[Award]:
    """One board meeting per call with minutes (signed, unless not `signed_minutes`) and
    an adopted selection decision putting every proposal on the funded list."""
    boards = {b.lag_id: b for b in _bulk(Board, [Board(lag=lag) for lag in lags])}
    signed = timezone.now() - datetime.timedelta(days=200)
    meetings = _bulk(
        Meeting,
        [
            Meeting(
                lag_id=call.lag_id,
                board=boards[call.lag_id],
                number=f"{call.number}",
                mode="in_person",
                status="closed",
                starts_at=signed - datetime.timedelta(days=2),
                held_on=(signed - datetime.timedelta(days=2)).date(),
            )
            for call in calls
        ],
    )
    _bulk(
        Minutes,
        [
            Minutes(
                meeting=m,
                signatories="Pirmininkas",
                signed_on=signed.date(),
                signed_at=signed if signed_minutes else None,
            )
            for m in meetings
        ],
    )
    items = _bulk(
        AgendaItem,
        [
            AgendaItem(meeting=m, kind="selection", allocation=a)
            for m, a in zip(meetings, allocations, strict=True)
        ],
    )
    decisions = _bulk(
        Decision,
        [
            Decision(
                item=item,
                meeting=m,
                allocation=a,
                kind=DecisionKind.SELECTION,
                status=DecisionStatus.ADOPTED,
                decided_on=m.held_on,
            )
            for item, m, a in zip(items, meetings, allocations, strict=True)
        ],
    )
    decision_of = {d.allocation_id: d for d in decisions}
    _bulk(
        DecisionLine,
        [
            DecisionLine(
                decision=decision_of[p.allocation_id],
                proposal=p,
                position=p.sequence,
                requested_amount=p.requested_amount,
                outcome=LineOutcome.FUNDED,
                score=Decimal(80),
            )
            for p in proposals
        ],
    )
    return _bulk(
        Award,
        [
            Award(proposal=p, decision=decision_of[p.allocation_id], fixed_amount=GRANT)
            for p in proposals
        ],
    )


def _projects(proposals, strategies, indicators_of, per_lag: int, reports: int) -> None:
    strategy_of = {s.lag_id: s for s in strategies}
    taken, chosen = {}, []
    for proposal in proposals:
        lag_id = proposal.call.lag_id
        if taken.get(lag_id, 0) < per_lag:
            taken[lag_id] = taken.get(lag_id, 0) + 1
            chosen.append(proposal)
    Proposal.objects.filter(pk__in=[p.pk for p in chosen]).update(
        status=ProposalStatus.IN_IMPLEMENTATION
    )
    Award.objects.filter(proposal__in=[p.pk for p in chosen]).update(approved_amount=GRANT)
    projects = _bulk(
        Project,
        [
            Project(
                lag_id=p.call.lag_id,
                proposal=p,
                strategy=strategy_of[p.call.lag_id],
                measure=p.allocation.measure,
                promoter=p.organisation,
                number=f"LEADER-{p.reg_number}",
                title=p.title,
                summary=p.summary,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                total_cost=p.total_cost,
                grant_amount=GRANT,
            )
            for p in chosen
        ],
    )
    report_rows = []
    for project in projects:
        for n in range(reports):
            end = datetime.date(2019 + n, 6, 30)
            report_rows.append(
                Report(
                    project=project,
                    sequence=n + 1,
                    period_start=datetime.date(2019 + n, 1, 1),
                    period_end=end,
                    due_on=end + datetime.timedelta(days=15),
                    status=ReportStatus.ACCEPTED,
                    paid_amount=GRANT / reports,
                )
            )
    _bulk(Report, report_rows)
    _bulk(
        IndicatorValue,
        [
            IndicatorValue(report=r, indicator=i, value=Decimal(3))
            for r in report_rows
            for i in indicators_of[r.project.lag_id]
        ],
    )


@transaction.atomic
def build_network(
    lags: int = 100,
    *,
    calls: int = 3,
    proposals: int = 300,
    projects: int = 50,
    reports: int = 2,
    start: int = 1,
    signed_minutes: bool = True,
) -> list[LocalActionGroup]:
    """`lags` LAGs (numbered from `start`), each with a strategy in force, `calls` calls
    (the last one open now) sharing `proposals` funded proposals, and `projects` projects
    with `reports` accepted reports each. Without `signed_minutes` the results are not
    public yet (INV-28). Returns the LAGs."""
    made = _lags(lags, start)
    strategies, measures_of, indicators_of = _strategies(made)
    orgs_of = _organisations(made, per_lag=20)
    call_rows, allocations = _calls(made, strategies, measures_of, calls, proposals)
    proposal_rows = _proposals(call_rows, allocations, orgs_of, max(1, proposals // calls))
    _decisions(made, call_rows, allocations, proposal_rows, signed_minutes)
    _projects(proposal_rows, strategies, indicators_of, projects, reports)
    return made


def analyze() -> None:
    """Planner statistics for the rows just loaded, as autovacuum would gather them soon
    after a bulk load (a server may run with autovacuum off, as the bench machine's)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    build_network(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    analyze()
