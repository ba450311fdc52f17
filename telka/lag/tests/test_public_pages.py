import pytest

from telka.lag.models import Member, MemberKind, Sector
from tests.base import count_queries, seat

PAGES = ["/about/", "/about/members/", "/about/board/", "/contacts/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_it_serves_every_lag_page_in_both_languages(client, lag, board, prefix, path):
    response = client.get(prefix + path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == (prefix.strip("/") or "lt")


def test_it_shows_members_grouped_by_sector_and_says_when_a_sector_is_empty(client, lag):
    Member.objects.create(
        lag=lag,
        name="Aleksoto bendruomenės centras",
        kind=MemberKind.ORGANISATION,
        sector=Sector.CIVIL,
    )
    response = client.get("/en/about/members/")
    assert "Aleksoto bendruomenės centras" in response.text
    assert response.text.count("No members in this sector yet.") == 2


def test_it_shows_board_shares_and_names(client, lag, board):
    seat(board, "Dalia Žukauskienė", Sector.CIVIL)
    seat(board, "Irena Kavaliauskienė", Sector.PUBLIC, public=True)
    response = client.get("/en/about/board/")
    assert "Dalia Žukauskienė" in response.text
    assert "50.0\xa0%" in response.text
    assert "The three sectors do not hold an equal number of seats." in response.text


def test_it_says_so_when_no_board_is_published(client, lag):
    response = client.get("/en/about/board/")
    assert "The board composition has not been published yet." in response.text


def test_it_shows_the_lithuanian_percent_format(client, lag, board):
    seat(board, "A", Sector.CIVIL)
    seat(board, "B", Sector.CIVIL)
    seat(board, "C", Sector.BUSINESS)
    assert "66,7\xa0%" in client.get("/about/board/").text


def test_board_and_member_pages_run_the_same_queries_for_1_and_20_rows(client, lag, board):
    def add(count):
        for number in range(count):
            seat(board, f"Narys {number}", Sector.CIVIL)
            Member.objects.create(
                lag=lag, name=f"Org {number}", kind=MemberKind.ORGANISATION, sector=Sector.BUSINESS
            )

    add(1)
    small = [count_queries(client, path) for path in PAGES]
    add(19)
    assert [count_queries(client, path) for path in PAGES] == small


def test_the_territory_description_has_an_english_variant(client, lag):
    lag.territory_description = "Strategija įgyvendinama Aleksoto VVG teritorijoje."
    lag.territory_description_en = "The strategy is implemented in the Aleksotas LAG territory."
    lag.save()
    english = client.get("/en/about/").content.decode()
    assert '<p lang="en">The strategy is implemented in the Aleksotas LAG territory.</p>' in english
    assert "Strategija įgyvendinama" not in english
    assert "Strategija įgyvendinama" in client.get("/about/").content.decode()
