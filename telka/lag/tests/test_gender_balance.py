"""INV-04: the board page shows seats by gender and by sector on a date (no names in
the statistic); the annual report keeps the same figures in its snapshot."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from telka.lag.models import BoardMembership, Sector
from tests.base import seat


@pytest.fixture(autouse=True)
def _lithuanian_after():
    """A request to /en/ leaves English active in the thread: reset it both ways."""
    translation.activate("lt")
    yield
    translation.activate("lt")


@pytest.fixture
def seated(board):
    rows = [
        ("A", Sector.PUBLIC, "female", None),
        ("B", Sector.PUBLIC, "male", None),
        ("C", Sector.BUSINESS, "male", None),
        ("D", Sector.BUSINESS, "", None),
        ("E", Sector.CIVIL, "female", None),
        ("F", Sector.CIVIL, "female", datetime.date(2025, 12, 31)),  # left
    ]
    for name, group, gender, until in rows:
        created = seat(board, name, group, public=group == Sector.PUBLIC, until=until)
        BoardMembership.objects.filter(pk=created.pk).update(gender=gender)
    return board


def test_it_counts_seats_by_gender_in_each_sector_on_the_day(seated):
    rows = seated.composition(datetime.date(2026, 6, 1)).gender_rows()
    assert [(r.sector, r.female, r.male, r.unstated) for r in rows] == [
        ("public", 1, 1, 0),
        ("business", 0, 1, 1),
        ("civil", 1, 0, 0),
        ("", 2, 2, 1),
    ]
    assert rows[-1].female_share == 0.5 and rows[1].female_share == 0
    earlier = seated.composition(datetime.date(2025, 6, 1)).gender_rows()
    assert (earlier[2].female, earlier[-1].seats) == (2, 6)


def test_the_board_page_shows_the_table_for_the_chosen_date(client, seated):
    page = client.get("/en/about/board/?on=2025-06-01").text
    assert "Seats by gender and sector on 2025-06-01" in page
    table = page[page.index('id="gender-title"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="row">Civil society</th><td class="num">2</td>' in table
    assert "Whole board" in table
    assert "A</td>" not in table  # a statistic, not a list of names


def test_the_board_page_defaults_to_today_in_lithuanian(client, seated):
    page = client.get(reverse("lag:board")).text
    assert "Lyčių pusiausvyra" in page
    assert datetime.date.today().isoformat() in page


def test_the_page_stays_within_a_few_queries(client, seated, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/en/about/board/").status_code == 200
