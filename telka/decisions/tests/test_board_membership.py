"""Board membership changes (telka.lag.workflow) and the staff page: INV-01 refused with
the figures, INV-02 warned and logged, INV-03 the composition of the decision date."""

import datetime

import pytest
from django.urls import reverse

from telka.audit.models import AuditEvent
from telka.lag import workflow as lag_workflow
from telka.lag.models import BoardMembership, Sector
from telka.lib.adminsite import discover
from telka.lib.workflow import Refused
from tests import base

from . import builders

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 1)


def add(board, sara, name, group, public=False, since=DAY, until=None):
    return lag_workflow.add_membership(
        board=board,
        actor=sara,
        full_name=name,
        interest_group=group,
        is_public_authority=public,
        valid_from=since,
        valid_to=until,
    )


def test_it_adds_a_member_who_keeps_every_group_under_49_percent(board, seats, sara):
    outcome = add(board, sara, "Nauja Narė", Sector.CIVIL)
    assert outcome.membership.pk and BoardMembership.objects.filter(full_name="Nauja Narė").exists()
    assert AuditEvent.objects.filter(
        action="board.membership_added", object_id=str(outcome.membership.pk)
    ).exists()
    # 2 public, 2 business, 3 civil: unequal seats are a warning, logged (INV-02).
    assert "do not hold an equal number of seats" in outcome.warnings[0]
    assert AuditEvent.objects.filter(action="board.unequal_seats").count() == 1


def test_it_refuses_a_member_who_gives_public_authorities_more_than_49_percent(board, seats, sara):
    """INV-01: a third public authority among 7 seats is 3/7 = 42.9 %, allowed; with a
    fourth (4/8 = 50 %) the public sector and the public authorities pass 49 %."""
    add(board, sara, "Trečias Viešasis", Sector.PUBLIC, public=True)
    with pytest.raises(Refused) as refused:
        add(board, sara, "Ketvirtas Viešasis", Sector.PUBLIC, public=True)
    assert (
        "public authorities would hold 4 of 8 votes (50.0 %), more than the 49.0 % allowed"
        in str(refused.value)
    )
    assert not BoardMembership.objects.filter(full_name="Ketvirtas Viešasis").exists()


def test_it_refuses_a_member_who_gives_one_private_group_more_than_49_percent(board, seats, sara):
    """INV-01 for every interest group, not only the public authorities: a third business
    seat is 3 of 7 votes (42.9 %); a fourth would be 4 of 8 (50 %)."""
    add(board, sara, "Trečias Verslas", Sector.BUSINESS)
    with pytest.raises(Refused) as refused:
        add(board, sara, "Ketvirtas Verslas", Sector.BUSINESS)
    assert refused.value.reasons == [
        "On 2026-03-01 Business would hold 4 of 8 votes (50.0 %), more than the 49.0 % "
        "allowed (INV-01)."
    ]
    assert not BoardMembership.objects.filter(full_name="Ketvirtas Verslas").exists()


def test_it_refuses_a_change_that_breaks_the_balance_on_a_later_day(board, seats, sara):
    """Bruno leaves after 30 days. A third public authority from DAY holds 3 of 7 votes
    that day (42.9 %), but 3 of 6 (50 %) once Bruno has left: refused, naming that day."""
    lag_workflow.end_membership(
        membership=seats[4], actor=sara, last_day=DAY + datetime.timedelta(days=30)
    )
    with pytest.raises(Refused) as refused:
        add(board, sara, "Trečias Viešasis", Sector.PUBLIC, public=True)
    assert "On 2026-04-01 public authorities would hold 3 of 6 votes (50.0 %)" in str(refused.value)


def test_a_change_ends_the_seat_and_keeps_the_past_composition(board, seats, sara):
    """INV-03: a decision dated before the change still sees the old seat."""
    laima = seats[1]
    outcome = lag_workflow.change_membership(
        membership=laima, actor=sara, on=DAY, is_public_authority=False
    )
    laima.refresh_from_db()
    assert laima.valid_to == DAY - datetime.timedelta(days=1)
    assert outcome.membership.valid_from == DAY and not outcome.membership.is_public_authority
    before = board.composition(DAY - datetime.timedelta(days=1))
    after = board.composition(DAY)
    assert (before.public_authority_votes, after.public_authority_votes) == (2, 1)
    assert AuditEvent.objects.filter(action="board.membership_changed").count() == 1


def test_ending_a_seat_that_would_break_the_balance_is_refused(board, seats, sara):
    """Ending one business and one civil seat leaves 2 public of 4 votes = 50 %."""
    lag_workflow.end_membership(membership=seats[2], actor=sara, last_day=DAY)
    with pytest.raises(Refused, match="50.0 %"):
        lag_workflow.end_membership(membership=seats[4], actor=sara, last_day=DAY)
    seats[4].refresh_from_db()
    assert seats[4].valid_to is None


def test_the_staff_page_shows_the_refusal_with_figures_and_keeps_the_input(
    client, board, seats, sara
):
    client.force_login(sara)
    add(board, sara, "Trečias Viešasis", Sector.PUBLIC, public=True)
    response = client.post(
        reverse("decisions:board_add"),
        {
            "full_name": "Ketvirtas Viešasis",
            "interest_group": "public",
            "is_public_authority": "on",
            "role": "member",
            "voting_rights": 1,
            "valid_from": "2026-03-01",
        },
    )
    assert response.status_code == 400
    assert (
        "4 of 8 votes (50.0 %)" in response.text and 'value="Ketvirtas Viešasis"' in response.text
    )
    assert not BoardMembership.objects.filter(full_name="Ketvirtas Viešasis").exists()


def test_the_staff_page_adds_and_links_an_account(client, board, seats, sara):
    client.force_login(sara)
    user = base.make_user("nauja@example.test", "Nauja Narė")
    response = client.post(
        reverse("decisions:board_add"),
        {
            "full_name": "Nauja Narė",
            "email": "nauja@example.test",
            "interest_group": "civil",
            "role": "member",
            "voting_rights": 1,
            "valid_from": "2026-03-01",
        },
    )
    assert response.status_code == 302
    assert BoardMembership.objects.get(full_name="Nauja Narė").user == user


def test_people_who_are_not_staff_cannot_manage_the_board(client, board, seats, bruno, ana):
    for user in (bruno, ana):
        client.force_login(user)
        assert client.get(reverse("decisions:board")).status_code == 404
        assert (
            client.post(
                reverse("decisions:board_end", args=[seats[0].pk]), {"last_day": "2026-03-01"}
            ).status_code
            == 404
        )
    assert BoardMembership.objects.get(pk=seats[0].pk).valid_to is None


def test_the_admin_shows_memberships_read_only(rf, sara):
    admin = discover()._registry[BoardMembership]
    request = rf.get("/")
    request.user = sara
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


def test_meetings_use_the_composition_of_their_decision_date(lag, board, seats, sara, call):
    """INV-03: a member who joins after the decision date neither counts nor declares."""
    from telka.decisions import facts, workflow

    later = add(
        board, sara, "Vėlesnė Narė", Sector.CIVIL, since=datetime.date(2026, 6, 1)
    ).membership
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="1", mode="in_person", starts_at=builders.MEETING_AT
    )
    builders.ranked(call, 80, 10000)
    item = workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="selection", allocation=call.allocations.first()
    )
    assert later.pk not in {s.pk for s in facts.seats(item)} and facts.item_figures(item).seats == 6
    with pytest.raises(Refused, match="Only members of the board on the decision date"):
        workflow.declare(item=item, membership=later, actor=sara, interests={})
