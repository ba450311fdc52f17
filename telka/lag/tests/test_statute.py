"""The board statute is a dated, audited record of the general meeting's decision,
checked against the legal bounds of the programming period (a period record, not LAG data)."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.lag.models import BoardStatute, RecusalScope, Sector
from telka.lag.workflow import StatuteInput, change_statute
from telka.lib.frozen import FrozenError
from telka.lib.workflow import Refused
from telka.periods.models import ProgrammingPeriod
from telka.periods.rules import ensure_seeded
from tests.base import make_strategy, seat

D = Decimal
DAY = datetime.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def seated(board):
    for name, group in [("A", Sector.PUBLIC), ("B", Sector.BUSINESS), ("C", Sector.CIVIL)]:
        seat(board, name, group, public=group == Sector.PUBLIC)
    return board


def data(**fields) -> StatuteInput:
    values = {
        "valid_from": DAY,
        "quorum_share": D("0.5"),
        "quorum_rule": "at_least",
        "max_group_share": D("0.4"),
        "max_public_vote_share": D("0.45"),
        "recusal_scope": RecusalScope.PROPOSAL,
        "decision_reference": "Visuotinis narių susirinkimas 2026-03-14, protokolas Nr. 3",
    }
    return StatuteInput(**{**values, **fields})


def test_a_change_is_a_new_audited_record_and_history_is_kept(seated, sara):
    first = change_statute(board=seated, actor=sara, data=data())
    second = change_statute(
        board=seated, actor=sara, data=data(valid_from=DAY.replace(month=9), quorum_share=D("0.6"))
    )
    assert list(seated.statutes.order_by("valid_from")) == [first, second]
    assert seated.statute_on(DAY - datetime.timedelta(days=1)).is_initial
    assert seated.statute_on(DAY.replace(month=5)) == first
    assert seated.statute_on(DAY.replace(month=12)).quorum_share == D("0.6")
    event = AuditEvent.objects.filter(action="board.statute_changed").order_by("pk").last()
    assert event.changes["before"]["quorum_share"] == "0.500"
    assert event.changes["after"]["quorum_share"] == "0.6"
    assert event.changes["decision_reference"].startswith("Visuotinis")
    assert event.actor == sara


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"max_group_share": D("1")}, "below 50.0 % of the voting rights"),
        ({"max_group_share": D("0.5")}, "below 50.0 % of the voting rights"),
        ({"max_public_vote_share": D("0.51")}, "below 50.0 % of the votes cast"),
        ({"quorum_share": D("0")}, "quorum must be a share above 0"),
        ({"quorum_share": D("1.1")}, "quorum must be a share above 0"),
        ({"decision_reference": "  "}, "general meeting's decision"),
    ],
)
def test_values_beyond_the_legal_bounds_are_refused(seated, sara, fields, message):
    with pytest.raises(Refused, match=message):
        change_statute(board=seated, actor=sara, data=data(**fields))
    assert not BoardStatute.objects.exists()
    assert not AuditEvent.objects.filter(action="board.statute_changed").exists()


def _in_period(lag, period: str) -> None:
    """Give the LAG a strategy in force of `period` (or none: the day's own period)."""
    if period == "2014-2020":
        make_strategy(lag, in_force_from=datetime.date(2016, 1, 1))


@pytest.mark.parametrize(
    ("period", "fields", "refusal"),
    [
        # 1303/2013: at most 49 %; 2021/1060: no figure, the statute keeps below half.
        ("2014-2020", {"max_group_share": D("0.495")}, "2014-2020 period .* at most 49.0 %"),
        ("2021-2027", {"max_group_share": D("0.495")}, None),
        # 1303/2013: at least half the votes non-public; 2021/1060: no group controls.
        ("2014-2020", {"max_public_vote_share": D("0.5")}, None),
        ("2021-2027", {"max_public_vote_share": D("0.5")}, "2021-2027 period .* below 50.0 %"),
    ],
)
def test_the_same_statute_is_judged_by_the_period_of_the_strategy(
    seated, sara, period, fields, refusal
):
    _in_period(seated.lag, period)
    if refusal:
        with pytest.raises(Refused, match=refusal):
            change_statute(board=seated, actor=sara, data=data(**fields))
        assert not BoardStatute.objects.exists()
    else:
        statute = change_statute(board=seated, actor=sara, data=data(**fields))
        assert statute.period == period


def test_the_bounds_come_from_the_period_record(seated, sara):
    ensure_seeded()  # a transactional test before this one may have flushed the table
    ProgrammingPeriod.objects.filter(code="2021-2027").update(max_group_share=D("0.40"))
    with pytest.raises(Refused, match="2021-2027 period .* at most 40.0 %"):
        change_statute(board=seated, actor=sara, data=data(max_group_share=D("0.45")))


def test_a_statute_the_board_composition_breaks_is_refused(board, sara):
    seat(board, "A", Sector.PUBLIC, public=True)
    seat(board, "B", Sector.PUBLIC, public=True)
    seat(board, "C", Sector.CIVIL)
    seat(board, "D", Sector.BUSINESS)
    seat(board, "E", Sector.CIVIL)  # public authorities: 2 of 5 = 40 %
    with pytest.raises(Refused, match="more than the 35.0 % allowed"):
        change_statute(board=board, actor=sara, data=data(max_group_share=D("0.35")))
    assert not BoardStatute.objects.exists()


def test_a_start_before_the_latest_statute_is_refused(seated, sara):
    change_statute(board=seated, actor=sara, data=data())
    with pytest.raises(Refused, match="must start after the one in force from 2026-03-14"):
        change_statute(board=seated, actor=sara, data=data(valid_from=DAY))


def test_a_statute_record_is_final_in_the_orm_and_in_the_database(seated, sara):
    statute = change_statute(board=seated, actor=sara, data=data())
    statute.quorum_share = D("0.1")
    with pytest.raises(FrozenError):
        statute.save()
    with pytest.raises(FrozenError):
        BoardStatute.objects.update(max_group_share=D("1"))
    with pytest.raises(IntegrityError, match="final row"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE lag_boardstatute SET max_group_share = 1")
    assert BoardStatute.objects.get().max_group_share == D("0.4")
