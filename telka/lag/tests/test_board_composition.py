import datetime
from decimal import Decimal

from telka.lag.models import Sector
from tests.base import seat

MAX = Decimal("0.49")


def test_it_counts_votes_and_shares_per_group(board):
    seat(board, "A", Sector.CIVIL)
    seat(board, "B", Sector.BUSINESS)
    seat(board, "C", Sector.PUBLIC, public=True)
    composition = board.composition(datetime.date(2024, 1, 1))
    assert composition.total_votes == 3
    assert [(code, votes) for code, _l, _s, votes, _sh in composition.group_shares()] == [
        ("public", 1),
        ("business", 1),
        ("civil", 1),
    ]
    assert composition.violations(MAX) == []
    assert composition.seats_are_equal


def test_it_reports_public_authorities_above_49_percent(board):
    seat(board, "A", Sector.PUBLIC, public=True)
    seat(board, "B", Sector.CIVIL)
    composition = board.composition(datetime.date(2024, 1, 1))
    assert composition.public_authority_share == Decimal("0.5")
    assert composition.violations(MAX) == ["public_authority", "public", "civil"]


def test_it_uses_the_composition_of_the_given_day(board):
    seat(board, "Left", Sector.PUBLIC, public=True, until=datetime.date(2023, 12, 31))
    seat(board, "Stays", Sector.CIVIL)
    seat(board, "Joins", Sector.BUSINESS, since=datetime.date(2024, 6, 1))
    before = board.composition(datetime.date(2023, 6, 1))
    after = board.composition(datetime.date(2024, 6, 1))
    assert before.seats == 2 and before.public_authority_votes == 1
    assert after.seats == 2 and after.public_authority_votes == 0
    assert after.votes_by_group == {"civil": 1, "business": 1}


def test_it_warns_when_sectors_hold_unequal_seats(board):
    seat(board, "A", Sector.CIVIL)
    seat(board, "B", Sector.CIVIL)
    seat(board, "C", Sector.BUSINESS)
    assert not board.composition(datetime.date(2024, 1, 1)).seats_are_equal
