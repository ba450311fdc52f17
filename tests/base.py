"""Hand-written builders for tests (no factory library). Each returns saved rows
with sensible defaults; pass keyword arguments to change what a test cares about."""

import datetime
from decimal import Decimal

from django.utils import timezone

from telka.accounts.models import LegalForm, Organisation, OrganisationMembership, User
from telka.lag.models import Board, BoardMembership, LocalActionGroup, Role, RoleKind, Sector
from telka.strategy.models import (
    AchievementMoment,
    Goal,
    Indicator,
    IndicatorKind,
    Measure,
    Objective,
    Strategy,
    StrategyStatus,
    Target,
)

PASSWORD = "correct horse battery staple"


def make_lag(**fields) -> LocalActionGroup:
    defaults = {
        "name": "Kauno miesto Aleksoto vietos veiklos grupė",
        "short_name": "Aleksoto VVG",
        "slug": "aleksotas",
        "territory": "Aleksoto seniūnija",
        "vision": "Aleksotas – atvira, aktyvi bendruomenė.",
        "mission": "Telkti pastangas.",
    }
    return LocalActionGroup.objects.create(**{**defaults, **fields})


def make_user(email: str, full_name: str = "", *, verified: bool = True, **fields) -> User:
    return User.objects.create_user(
        email,
        PASSWORD,
        full_name=full_name or email.split("@")[0].title(),
        email_verified_at=timezone.now() if verified else None,
        **fields,
    )


def give_role(user: User, lag: LocalActionGroup, kind: str = RoleKind.STAFF) -> Role:
    return Role.objects.create(user=user, lag=lag, kind=kind, valid_from=datetime.date(2020, 1, 1))


def make_board(lag: LocalActionGroup, **fields) -> Board:
    return Board.objects.create(lag=lag, name="Valdyba", **fields)


def seat(
    board: Board,
    full_name: str,
    group: str = Sector.CIVIL,
    *,
    public: bool = False,
    user: User | None = None,
    since: datetime.date = datetime.date(2020, 1, 1),
    until: datetime.date | None = None,
    votes: int = 1,
) -> BoardMembership:
    return BoardMembership.objects.create(
        board=board,
        full_name=full_name,
        interest_group=group,
        is_public_authority=public,
        user=user,
        valid_from=since,
        valid_to=until,
        voting_rights=votes,
    )


def make_organisation(user: User | None = None, **fields) -> Organisation:
    defaults = {
        "name": "Asociacija „Jaunimo iniciatyvos“",
        "legal_form": LegalForm.ASSOCIATION,
        "legal_code": "300000001",
        "sector": Sector.CIVIL,
        "address": "Aleksoto g. 1, Kaunas",
        "operates_in_territory": True,
    }
    organisation = Organisation.objects.create(**{**defaults, **fields})
    if user is not None:
        OrganisationMembership.objects.create(organisation=organisation, user=user)
    return organisation


def make_strategy(
    lag: LocalActionGroup,
    *,
    status: str = StrategyStatus.IN_FORCE,
    version: int = 1,
    measures: int = 2,
    budget: Decimal = Decimal("100000"),
    **fields,
) -> Strategy:
    """A strategy with one goal, one objective and `measures` measures, each with one target."""
    defaults = {
        "title": "Aleksoto vietos plėtros 2015–2020 m. strategija",
        "period_start": 2015,
        "period_end": 2020,
        "total_budget": budget * measures,
    }
    strategy = Strategy.objects.create(
        lag=lag, version=version, status=status, **{**defaults, **fields}
    )
    goal = Goal.objects.create(
        strategy=strategy, code="1", title="Pagerinti įsidarbinimo galimybes"
    )
    objective = Objective.objects.create(goal=goal, code="1.1", title="Mažinti socialinę atskirtį")
    indicator, _ = Indicator.objects.get_or_create(
        lag=lag,
        code="P1",
        defaults={
            "name": "Dalyviai",
            "unit": "asmenys",
            "kind": IndicatorKind.OUTPUT,
            "achievement_moment": AchievementMoment.AT_ENTRY,
        },
    )
    for number in range(1, measures + 1):
        measure = Measure.objects.create(
            objective=objective,
            code=f"1.1.{number}",
            title=f"Veiksmas {number}",
            budget=budget,
            position=number,
        )
        Target.objects.create(measure=measure, indicator=indicator, value=Decimal(100 * number))
    return strategy


def count_queries(client, url: str) -> int:
    """Queries one GET of `url` runs (the response must be 200), with the period rules
    and the public rows kept per process (the LAG of the host) forgotten first, so that
    two counts compare like with like."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from telka.lib.statements import forget_public
    from telka.periods.rules import forget_kept_rules

    forget_kept_rules()
    forget_public()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)
