"""Only public data: no unpublished call, draft or scheduled news, hidden event, result
of an undecided call, and nothing personal in any response (INV-28, INV-34)."""

import pytest

from telka.calls.models import ProposalStatus
from telka.decisions.tests.builders import ranked
from telka.evaluation.tests.builders import make_call

from .builders import PERSONAL
from .helpers import ALL, rows, values

pytestmark = pytest.mark.django_db

HIDDEN = [
    "Nepaskelbtas kvietimas",
    "Juodraštis",
    "Suplanuota",
    "Paslėptas renginys",
    "Nesvarstytas",
]


@pytest.fixture
def undecided(strategy):
    """A call with a proposal on a reserve list no signed decision has published."""
    call = make_call(strategy, number="7", title="Kvietimas be sprendimo")
    return ranked(call, 85, 1000, status=ProposalStatus.RESERVE, title="Nesvarstytas")


def responses(client):
    urls = [*ALL, "/api/openapi.json", "/api/docs"]
    return {url: client.get(url) for url in urls}


def test_it_publishes_nothing_unpublished(client, world, undecided):
    for url, response in responses(client).items():
        assert response.status_code == 200, url
        text = response.content.decode()
        for hidden in HIDDEN:
            assert hidden not in text, (url, hidden)
    hidden = str(world["hidden_call"].pk)
    published = {str(world["call"].pk), str(undecided.call_id)}
    calls = client.get("/api/calls").json()["items"]
    assert {str(c["id"]) for c in calls} == published
    for url in ("/api/allocations.csv", "/api/criteria.csv"):
        call_ids = {row["call_id"] for row in rows(client.get(url))}
        assert call_ids == published and hidden not in call_ids, url


def test_it_publishes_no_personal_data_to_anyone(client, world, sara, undecided):
    for who in (None, sara):
        if who:
            client.force_login(who)
        for url, response in responses(client).items():
            text = response.content.decode()
            for personal in PERSONAL:
                assert personal not in text, (url, personal)
            if url != "/api/docs":
                cells = values(response)
                assert "1987" not in cells, url  # the participant's year of birth
                assert not {"birth_year", "email", "phone", "contact_name"} & set(cells), url
