"""Onboarding a LAG on a network installation (issue 18, item 4).

A network administrator (the "Network administrators" group, or a superuser) sets up
a LAG from the network's site: its name, host name, legal code, programming period
and fund, its board and its first staff. The staff are invited by e-mail to set a
password on the LAG's own site. The strategy follows from an XLSX workbook
(telka.strategy.importing) and enters into force through the strategy workflow.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused
from telka.periods.rules import get_fund

from . import emails
from .models import Board, BoardMembership, LocalActionGroup, Role, RoleKind, Sector
from .programme import PROGRAMME_TEXT, default_years, period_by_code
from .roles import staff_group

NETWORK_ADMINS_GROUP = "Network administrators"


def is_network_admin(user) -> bool:
    """May set up LAGs on the network's site and keep the shared assessor pool."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=NETWORK_ADMINS_GROUP).exists()


def network_admins_group() -> Group:
    return Group.objects.get_or_create(name=NETWORK_ADMINS_GROUP)[0]


@dataclass(frozen=True)
class SeatInput:
    full_name: str
    sector: str
    is_public_authority: bool = False


@dataclass(frozen=True)
class StaffInput:
    full_name: str
    email: str


@dataclass(frozen=True)
class LagInput:
    name: str
    short_name: str
    slug: str
    host: str
    legal_code: str
    territory: str
    period: str
    fund: str


def _board_problems(board: Board, seats: list[SeatInput]) -> list[str]:
    """INV-01 on the seats as entered: the same check the board page shows."""
    if not seats:
        return [_("Enter the board: at least one seat.")]
    today = timezone.localdate()
    rows = [
        BoardMembership(
            full_name=s.full_name,
            interest_group=s.sector,
            is_public_authority=s.is_public_authority,
        )
        for s in seats
    ]
    composition = board.composition(today, memberships=rows)
    labels = {"public_authority": _("Public authorities"), **dict(Sector.choices)}
    return [
        _("%(group)s would hold more than %(share)s %% of the board's votes.")
        % {"group": labels[code], "share": f"{board.max_group_share * 100:.0f}"}
        for code in composition.violations(board.max_group_share)
    ]


def _duplicates(data: LagInput) -> list[str]:
    problems = []
    lags = LocalActionGroup.objects.all()
    if lags.filter(slug=data.slug).exists():
        problems.append(
            _("Another LAG already has the short address %(slug)s.") % {"slug": data.slug}
        )
    if lags.filter(host=data.host).exists():
        problems.append(_("Another LAG is already served on %(host)s.") % {"host": data.host})
    if data.legal_code and lags.filter(legal_code=data.legal_code).exists():
        problems.append(
            _("A LAG with the legal entity code %(code)s is already set up.")
            % {"code": data.legal_code}
        )
    return problems


@transaction.atomic
def onboard_lag(
    *, actor: Any, data: LagInput, seats: list[SeatInput], staff: list[StaffInput]
) -> LocalActionGroup:
    """Set up a LAG with its board, first staff and an empty draft strategy.

    Steps: refuse anyone but a network administrator; refuse a slug, host or legal
    code another LAG has, a period not configured, no staff, and a board on which an
    interest group or the public authorities would hold more than the period allows
    (INV-01); create the LAG, the board (the period's limits) and its seats from
    today; give each staff member the staff role (an account is made for a new
    address, without a password); create the draft strategy version 1 carrying the
    period's years and the fund; audit `lag.onboarded`; e-mail each staff member an
    invitation (a link to set a password on the LAG's site). All or nothing."""
    if not is_network_admin(actor):
        raise Refused(_("Only a network administrator can set up a LAG."))
    period = period_by_code(data.period)
    problems = _duplicates(data)
    if period is None:
        problems.append(_("Choose a programming period."))
    if not staff:
        problems.append(_("Enter at least one staff member."))
    board = Board(
        name="Valdyba",
        # A period whose law gives no figure ("no group controls") leaves the statute's
        # usual figures, which its rules then check (telka.periods.rules).
        max_group_share=(period and period.max_group_share) or Board.max_group_share.field.default,
        max_public_vote_share=(period and period.max_public_vote_share)
        or Board.max_public_vote_share.field.default,
    )
    problems += _board_problems(board, seats)
    if problems:
        raise Refused(*problems)
    lag = LocalActionGroup.objects.create(
        name=data.name,
        short_name=data.short_name,
        slug=data.slug,
        host=data.host,
        legal_code=data.legal_code,
        territory=data.territory,
    )
    board.lag = lag
    board.save()
    today = timezone.localdate()
    BoardMembership.objects.bulk_create(
        BoardMembership(
            board=board,
            full_name=s.full_name,
            interest_group=s.sector,
            is_public_authority=s.is_public_authority,
            valid_from=today,
        )
        for s in seats
    )
    invited = [_staff_member(lag, person) for person in staff]
    strategy = _draft_strategy(lag, period, data.fund)
    AuditEvent.objects.record(
        action="lag.onboarded",
        obj=lag,
        actor=actor,
        before=None,
        after={"host": lag.host, "period": data.period, "fund": data.fund},
        seats=len(seats),
        staff=[user.pk for user, _new in invited],
        strategy=strategy.pk,
    )
    for user, is_new in invited:
        emails.staff_invited(user, actor, lag, needs_password=is_new)
    return lag


def _staff_member(lag: LocalActionGroup, person: StaffInput) -> tuple[User, bool]:
    """The person's account (made for a new address, with no password yet) and the
    staff role from today; staff also open the back office, as on the people page."""
    user = User.objects.filter(email__iexact=person.email).first()
    is_new = user is None or not user.has_usable_password()
    if user is None:
        # The invitation's link proves the address: setting the password needs it.
        user = User(
            email=person.email, full_name=person.full_name, email_verified_at=timezone.now()
        )
        user.set_unusable_password()
        user.save()
    Role.objects.create(lag=lag, user=user, kind=RoleKind.STAFF, title=_("LAG staff"))
    if not user.is_superuser:
        user.groups.add(staff_group())
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user, is_new


def _draft_strategy(lag: LocalActionGroup, period, fund: str):
    from telka.strategy.models import Strategy  # strategy depends on lag, not back

    first, last = default_years(period)
    return Strategy.objects.create(
        lag=lag,
        version=1,
        title=f"{lag.short_name}: {first}–{last} m. vietos plėtros strategija",
        period_start=first,
        period_end=last,
        programme=PROGRAMME_TEXT.get(fund, ""),
        period=period,
        fund=get_fund(fund) if fund else None,
    )
