"""The staff page recording the general meeting's change of the board statute."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.lag.models import BoardStatute, Sector
from tests.base import seat

URL = "/about/board/statute/"


@pytest.fixture
def seated(board):
    for name, group in [("A", Sector.PUBLIC), ("B", Sector.BUSINESS), ("C", Sector.CIVIL)]:
        seat(board, name, group, public=group == Sector.PUBLIC)
    return board


def post(client, **fields):
    data = {
        "decision_reference": "VNS 2026-03-14 Nr. 3",
        "valid_from": (datetime.date.today() + datetime.timedelta(days=1)).isoformat(),
        "quorum_rule": "more_than",
        "quorum_share": "50",
        "max_group_share": "45",
        "max_public_vote_share": "45",
        "recusal_scope": "allocation",
    }
    return client.post(URL, {**data, **fields}, follow=True)


def test_the_url_is_stable():
    with translation.override("lt"):
        assert reverse("lag:statute") == URL


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_staff_see_the_bounds_the_history_and_the_form(client, seated, sara, prefix):
    client.force_login(sara)
    response = client.get(prefix + URL)
    assert response.status_code == 200
    text = response.text
    if prefix:
        assert "Legal bounds of the 2021-2027 period" in text
        assert "below 50.0\xa0% of the voting rights" in text.replace(" %", "\xa0%")
        assert "As set up" in text
    else:
        assert "2021-2027 m. laikotarpio teisinės ribos" in text
        assert "Kaip nustatyta iš pradžių" in text


def test_staff_record_a_change_and_it_is_listed_and_audited(client, seated, sara):
    client.force_login(sara)
    response = post(client)
    assert "Naujos taisyklės įrašytos." in response.text
    statute = BoardStatute.objects.get()
    assert (statute.max_group_share, statute.recorded_by) == (45 / Decimal(100), sara)
    assert "VNS 2026-03-14 Nr. 3" in response.text
    assert AuditEvent.objects.filter(action="board.statute_changed", actor=sara).exists()


def test_a_share_beyond_the_legal_bound_is_refused_and_nothing_changes(client, seated, sara):
    client.force_login(sara)
    response = client.post(
        "/en" + URL,
        {
            "decision_reference": "VNS",
            "valid_from": "2030-01-01",
            "quorum_rule": "more_than",
            "quorum_share": "50",
            "max_group_share": "100",
            "max_public_vote_share": "50",
            "recusal_scope": "allocation",
        },
        follow=True,
    )
    assert "below 50.0 % of the voting rights" in response.text
    assert not BoardStatute.objects.exists()


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita"])
def test_other_roles_get_404(client, seated, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert post(client).status_code == 404
    assert not BoardStatute.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, seated):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_queries_do_not_grow_with_the_history(client, seated, sara, django_assert_max_num_queries):
    from telka.lag.workflow import StatuteInput, change_statute

    client.force_login(sara)
    for month in range(1, 8):
        change_statute(
            board=seated,
            actor=sara,
            data=StatuteInput(
                valid_from=datetime.date(2030, month, 1),
                quorum_share=Decimal("0.5"),
                quorum_rule="more_than",
                max_group_share=Decimal("0.49"),
                max_public_vote_share=Decimal("0.45"),
                recusal_scope="allocation",
                decision_reference=f"VNS {month}",
            ),
        )
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
