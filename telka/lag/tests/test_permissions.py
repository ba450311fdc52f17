import datetime

from django.contrib.auth.models import AnonymousUser

from telka.lag.permissions import is_assessor, is_board_member, is_lag_staff, is_verified_resident
from tests.base import make_lag, seat


def test_staff_is_staff_of_their_lag_only(sara, eva, lag):
    other = make_lag(slug="kitas", short_name="Kita VVG")
    assert is_lag_staff(sara, lag)
    assert not is_lag_staff(sara, other)
    assert not is_lag_staff(eva, lag)
    assert not is_lag_staff(AnonymousUser(), lag)


def test_an_expired_or_inactive_role_does_not_count(sara, lag):
    sara.roles.update(valid_to=datetime.date(2021, 1, 1))
    assert not is_lag_staff(sara, lag)
    sara.roles.update(valid_to=None)
    assert is_lag_staff(sara, lag)
    sara.is_active = False
    assert not is_lag_staff(sara, lag)


def test_assessor_predicate(eva, sara, lag):
    assert is_assessor(eva, lag)
    assert not is_assessor(sara, lag)


def test_board_member_on_a_given_day(board, lag, rita):
    seat(
        board, "Rita", user=rita, since=datetime.date(2024, 1, 1), until=datetime.date(2024, 12, 31)
    )
    assert is_board_member(rita, lag, datetime.date(2024, 6, 1))
    assert not is_board_member(rita, lag, datetime.date(2025, 1, 1))
    assert not is_board_member(AnonymousUser(), lag)


def test_verified_resident(rita, otto):
    assert is_verified_resident(rita)
    assert not is_verified_resident(otto)
    assert not is_verified_resident(AnonymousUser())
