"""The staff page showing the rules of the strategy's programming period."""

import pytest

from telka.periods.rules import get_fund
from tests.base import make_strategy

URL = "/strategy/rules/"


def test_staff_read_the_2014_2020_rules_in_lithuanian_and_english(client, strategy, sara):
    client.force_login(sara)
    lt = client.get(URL).text
    assert "2014-2020 m. laikotarpio taisyklės" in lt
    assert "ne daugiau kaip 49,0" in lt and "Neprivalomi" in lt
    en = client.get("/en" + URL).text
    assert "Rules of the 2014-2020 period" in en and "its lead fund is ESF" in en
    assert "at most 49.0 %" in en and "Reg. (EU) 1303/2013 Art. 32(2)(b)" in en


def test_a_2021_2027_strategy_shows_the_qualitative_rule_and_the_fund_rules(client, lag, sara):
    make_strategy(lag, period_start=2023, period_end=2029, fund=get_fund("EAFRD"))
    client.force_login(sara)
    text = client.get("/en" + URL).text
    assert "Rules of the 2021-2027 period" in text and "below 50.0 %" in text
    assert "No figure in EU law" in text
    assert "Mandatory for projects up to €200,000.00" in text  # ESF+ and ERDF
    assert 'EAFRD <span class="hint">European Agricultural Fund' in text
    assert "(lead fund)" in text


@pytest.mark.parametrize("who", ["ana", "eva", "bruno"])
def test_everyone_but_staff_gets_404(client, strategy, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/en" + URL).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, strategy):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_reads_a_bounded_number_of_rows(
    client, strategy, sara, django_assert_max_num_queries
):
    client.force_login(sara)
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
