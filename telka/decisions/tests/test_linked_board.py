"""Board members linked to an applicant by a recorded link, without an account in the
organisation, are recused like account members (INV-19, INV-26; issue 12, item 13)."""

import datetime

import pytest

from telka.decisions import facts, pdfs, workflow
from telka.lag import links
from telka.lag.models import LinkKind, Member, Sector
from telka.lib.workflow import Refused
from tests import base

from .builders import ranked
from .helpers import declare_all, everyone_present, reasons_for_not_selected, selection, vote_for
from .test_minutes import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(call):
    return ranked(call, 90, 20000)


@pytest.fixture
def offline_seat(board, seats):
    """A seventh member who has no account at all (many board members never log in)."""
    return base.seat(board, "Ona Be Paskyros", Sector.CIVIL)


def _board(seats, offline_seat):
    return [*seats, offline_seat]


def test_a_recorded_employment_link_recuses_a_member_without_an_account(
    lag, meeting, seats, offline_seat, sara, call, applicant
):
    links.record_link(
        lag=lag,
        actor=sara,
        seat=offline_seat,
        legal_code=applicant.organisation.legal_code,
        kind=LinkKind.EMPLOYMENT,
        valid_from=datetime.date(2025, 1, 1),
    )
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, _board(seats, offline_seat), sara)
    with pytest.raises(Refused, match="Ona Be Paskyros is linked to the applicant of K4-001"):
        workflow.declare(item=item, membership=offline_seat, actor=sara, interests={})
    declare_all(item, seats, sara)  # Ona need not declare: her link recuses her
    figures = facts.item_figures(item)
    assert offline_seat.pk in figures.forced and offline_seat.pk not in figures.undeclared
    assert figures.recused[offline_seat.pk] == [applicant.pk]
    with pytest.raises(Refused, match="Only present members who are not recused vote"):
        workflow.record_votes(decision=item.decision, actor=sara, choices={offline_seat.pk: "for"})
    reasons_for_not_selected(item.decision, sara)
    vote_for(item.decision, sara)
    decision = workflow.adopt_decision(decision=item.decision, actor=sara)
    assert not decision.votes.filter(membership=offline_seat).exists()
    assert decision.figures["forced"] == [offline_seat.pk]
    workflow.close_meeting(meeting=meeting, actor=sara)
    minutes = text(pdfs.minutes_pdf(meeting, "en"))
    assert "Recused from this decision: Ona Be Paskyros." in minutes
    assert "recorded link or the seat represents it): Ona Be Paskyros." in minutes


def test_a_seat_representing_the_applicant_as_a_lag_member_is_recused(
    lag, meeting, seats, sara, call, applicant
):
    member = Member.objects.create(
        lag=lag,
        name=applicant.organisation.name,
        kind="organisation",
        sector=Sector.CIVIL,
        legal_code=applicant.organisation.legal_code,
    )
    seats[2].represents = member
    seats[2].save(update_fields=["represents"])
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(item, [s for s in seats if s != seats[2]], sara)
    assert facts.item_figures(item).forced == [seats[2].pk]


def test_a_link_counts_on_the_decision_date_only(lag, meeting, seats, sara, call, applicant):
    links.record_link(
        lag=lag,
        actor=sara,
        seat=seats[2],
        legal_code=applicant.organisation.legal_code,
        kind=LinkKind.RELATIVE,
        valid_from=meeting.held_on + datetime.timedelta(days=1),
    )
    item = selection(meeting, sara, call.allocations.first())
    everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara)
    figures = facts.item_figures(item)
    assert not figures.forced and seats[2].pk in figures.eligible


def test_a_seat_changed_from_a_day_keeps_its_links(lag, seats, sara, call, applicant):
    from telka.lag import workflow as lag_workflow

    links.record_link(
        lag=lag,
        actor=sara,
        seat=seats[2],
        legal_code=applicant.organisation.legal_code,
        kind=LinkKind.MEMBERSHIP,
        valid_from=datetime.date(2025, 1, 1),
    )
    outcome = lag_workflow.change_membership(
        membership=seats[2], actor=sara, on=datetime.date(2026, 1, 1), voting_rights=2
    )
    organisations = {applicant.organisation_id: applicant.organisation.legal_code}
    day = datetime.date(2026, 5, 4)
    new = outcome.membership
    assert new.pk != seats[2].pk
    assert links.linked_seats([new], organisations, day) == {new.pk: {applicant.organisation_id}}


def test_the_member_sees_on_the_meeting_page_that_a_recorded_link_recuses_them(
    client, lag, meeting, seats, sara, call, applicant
):
    seat = next(s for s in seats if s.user_id)
    selection(meeting, sara, call.allocations.first())
    client.force_login(seat.user)
    before = client.get(meeting.get_member_url()).content.decode()
    assert 'class="linked"' not in before
    links.record_link(
        lag=lag,
        actor=sara,
        seat=seat,
        legal_code=applicant.organisation.legal_code,
        kind=LinkKind.RELATIVE,
        valid_from=datetime.date(2025, 1, 1),
    )
    html = client.get(meeting.get_member_url()).content.decode()
    assert f'<tr class="linked"><th scope="row">{applicant.reg_number}<br>' in html
