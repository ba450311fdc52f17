"""The staff's register of recorded links to organisations (telka.lag.links): recorded
and ended through the workflow, audited; bad input refused with nothing saved; only
the LAG's staff open the page."""

import datetime

import pytest
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.lag.models import PersonLink
from tests.base import seat

URL = "/accounts/people/links/"


@pytest.fixture
def staff(client, sara):
    client.force_login(sara)
    return client


@pytest.fixture
def ona(board):
    """A board member without an account."""
    return seat(board, "Ona Be Paskyros")


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_staff_record_a_board_members_link_without_an_account(staff, sara, ona, organisation):
    data = {"holder": f"seat-{ona.pk}", "legal_code": organisation.legal_code, "kind": "employment"}
    response = staff.post(URL, data, follow=True)
    assert _messages(response) == ["Ryšys įrašytas."]
    link = PersonLink.objects.get()
    assert (link.seat, link.user, link.organisation_name) == (ona, None, organisation.name)
    assert "Ona Be Paskyros" in response.text and organisation.name in response.text
    event = AuditEvent.objects.get(action="link.recorded")
    assert (event.actor, event.changes["seat"], event.changes["kind"]) == (
        sara,
        ona.pk,
        "employment",
    )


def test_a_link_to_an_unregistered_organisation_needs_its_name_and_bad_input_saves_nothing(
    staff, sara
):
    data = {"holder": f"user-{sara.pk}", "legal_code": "12345", "kind": "other"}
    response = staff.post(URL, data, follow=True)
    assert set(_messages(response)) == {
        "Juridinio asmens kodą sudaro lygiai 9 skaitmenys.",
        "Nurodykite organizacijos pavadinimą (ji neįregistruota Telkoje).",
        "Aprašykite interesą pastaboje.",
    }
    assert not PersonLink.objects.exists() and not AuditEvent.objects.filter(action="link.recorded")
    data |= {"legal_code": "399999999", "organisation_name": "UAB Statyba", "note": "Sutuoktinis"}
    staff.post(URL, data)
    assert PersonLink.objects.get().organisation_name == "UAB Statyba"


def test_staff_end_a_link_audited_and_it_moves_to_the_ended_list(staff, sara, ona, organisation):
    data = {
        "holder": f"seat-{ona.pk}",
        "legal_code": organisation.legal_code,
        "kind": "relative",
        "valid_from": "2025-01-01",
    }
    staff.post(URL, data, follow=True)
    link = PersonLink.objects.get()
    response = staff.post(f"{URL}{link.pk}/end/", follow=True)
    assert _messages(response) == ["Ryšys baigėsi."]
    link.refresh_from_db()
    assert link.valid_to == timezone.localdate() - datetime.timedelta(days=1)
    assert "Baigti ryšį" not in response.text and "Pasibaigę ryšiai" in response.text
    assert AuditEvent.objects.filter(action="link.ended", actor=sara).count() == 1
    again = staff.post(f"{URL}{link.pk}/end/", follow=True)
    assert _messages(again) == ["Šis ryšys jau baigėsi."]


def test_the_page_in_english_with_a_bounded_number_of_queries(
    staff, sara, board, organisation, django_assert_max_num_queries
):
    for n in range(3):
        member = seat(board, f"Narys {n}")
        staff.post(
            URL,
            {
                "holder": f"seat-{member.pk}",
                "legal_code": organisation.legal_code,
                "kind": "membership",
            },
        )
    with django_assert_max_num_queries(20):
        page = staff.get("/en" + URL)
    assert "Recorded links to organisations" in page.text and page.text.count("End the link") == 3


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita", "otto"])
def test_other_roles_are_refused(client, lag, persona, request, organisation):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(URL).status_code == 404
    data = {
        "holder": f"user-{user.pk}",
        "legal_code": organisation.legal_code,
        "kind": "employment",
    }
    assert client.post(URL, data).status_code == 404
    assert not PersonLink.objects.exists()
