"""One installation, several LAGs: each request is served the LAG its host name names."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from telka.lag.models import LocalActionGroup, normalise_host
from telka.lag.site import lag_for_host
from tests.base import make_lag


@pytest.fixture
def two_lags(db):
    aleksotas = make_lag(host="aleksotas.localhost")
    other = make_lag(
        slug="pamarys",
        name="Pamario krašto vietos veiklos grupė",
        short_name="Pamario VVG",
        territory="Pamario kraštas",
        host="pamarys.localhost",
    )
    return aleksotas, other


def test_each_host_shows_its_own_lag_on_the_home_page(client, two_lags):
    home = reverse("content:home")
    first = client.get(home, HTTP_HOST="aleksotas.localhost")
    second = client.get(home, HTTP_HOST="pamarys.localhost:8000")
    assert "Aleksoto VVG" in first.text and "Pamario VVG" not in first.text
    assert "Pamario VVG" in second.text and "Aleksoto VVG" not in second.text


def test_the_page_cache_keeps_each_hosts_page_apart(client, two_lags):
    home = reverse("content:home")
    client.get(home, HTTP_HOST="aleksotas.localhost")  # now cached for that host
    again = client.get(home, HTTP_HOST="pamarys.localhost")
    assert "Pamario VVG" in again.text


def test_an_address_no_lag_claims_gets_the_default_lag(client, two_lags, settings):
    settings.TELKA_LAG = "pamarys"
    response = client.get(reverse("content:home"), HTTP_HOST="127.0.0.1")
    assert "Pamario VVG" in response.text


def test_host_names_are_matched_without_case_port_or_trailing_dot(two_lags):
    assert lag_for_host("PAMARYS.localhost.:8000").slug == "pamarys"
    assert normalise_host("[::1]:8000") == "[::1]"


def test_a_host_name_is_checked_when_staff_enter_it(two_lags):
    lag = two_lags[1]
    lag.host = "https://pamarys.lt/"
    with pytest.raises(ValidationError) as error:
        lag.full_clean()
    assert "host" in error.value.message_dict


def test_two_lags_cannot_claim_one_host(two_lags):
    lag = two_lags[1]
    lag.host = "aleksotas.localhost"
    with pytest.raises(ValidationError) as error:
        lag.full_clean()
    assert "host" in error.value.message_dict


def test_links_in_e_mails_lead_back_to_the_lag_the_visitor_used(
    client, two_lags, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {
                "full_name": "Rasa Rasaitė",
                "email": "rasa@example.test",
                "password1": "a long enough passphrase 42",
                "password2": "a long enough passphrase 42",
                "accepts_privacy_notice": "on",
                "language": "lt",
            },
            HTTP_HOST="pamarys.localhost:8000",
        )
    assert mail.outbox, "registration sends a confirmation e-mail"
    assert "http://pamarys.localhost:8000/" in mail.outbox[-1].body


def test_the_network_host_belongs_to_no_single_lag(client, two_lags, settings):
    settings.TELKA_NETWORK_HOST = "tinklas.localhost"
    assert LocalActionGroup.objects.count() == 2
    response = client.get("/", HTTP_HOST="tinklas.localhost")
    # The network's own site lists every LAG rather than one LAG's home page.
    assert "Kauno miesto Aleksoto" in response.text and "Pamario krašto" in response.text
