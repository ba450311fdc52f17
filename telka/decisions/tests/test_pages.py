"""The pages: a meeting run through the browser forms, refusals shown with their figures,
every role's access, and query counts that do not grow with the rows."""

import datetime

import pytest
from django.urls import reverse

from telka.decisions import workflow
from telka.decisions.models import Decision, InterestDeclaration, Meeting, Vote
from tests.base import count_queries

from .builders import MEETING_AT, ranked
from .helpers import everyone_present, selection

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting, sara, call):
    ranked(call, 90, 20000)
    ranked(call, 40, 1000, status="below_threshold")
    return selection(meeting, sara, call.allocations.first())


def test_staff_schedule_a_meeting_with_its_agenda(client, sara, seats, call, lithuanian):
    client.force_login(sara)
    ranked(call, 90, 20000)
    allocation = call.allocations.first()
    form = client.get(reverse("decisions:meeting_new"))
    assert form.status_code == 200 and "Suplanuoti posėdį" in form.text
    response = client.post(
        reverse("decisions:meeting_new"),
        {
            "number": "2026/8",
            "mode": "in_person",
            "starts_at": "2026-05-04T14:00",
            "location": "Salė",
            "allocations": [allocation.pk],
        },
    )
    meeting = Meeting.objects.get(number="2026/8")
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.items.get().allocation == allocation and meeting.held_on == datetime.date(
        2026, 5, 4
    )


def test_a_written_procedure_without_a_deadline_is_refused_and_the_input_kept(
    client, sara, seats, lithuanian
):
    client.force_login(sara)
    response = client.post(
        reverse("decisions:meeting_new"),
        {"number": "R-9", "mode": "written", "starts_at": "2026-05-04T14:00"},
    )
    assert (
        response.status_code == 400
        and "balsavimo termino" in response.text
        and 'value="R-9"' in response.text
    )
    assert not Meeting.objects.exists()


def test_staff_record_a_whole_decision_through_the_forms(
    client, item, seats, sara, mailoutbox, django_capture_on_commit_callbacks, lithuanian
):
    client.force_login(sara)
    meeting, decision = item.meeting, item.decision
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("decisions:send_agenda", args=[meeting.pk]))
    assert len(mailoutbox) == 6 and "darbotvarkė" in mailoutbox[0].subject
    assert "K4-001" in mailoutbox[0].body and "Finansuojamų sąrašas" in mailoutbox[0].body
    client.post(
        reverse("decisions:attendance", args=[meeting.pk]),
        {f"present_{s.pk}": "on" for s in seats} | {"secretary": "Sara"},
    )
    proposals = list(item.proposals())
    for seat in seats:
        data = (
            {f"interest_{proposals[0].pk}": "on", f"nature_{proposals[0].pk}": "Brolis"}
            if seat == seats[3]
            else {}
        )
        client.post(reverse("decisions:declarations", args=[decision.pk, seat.pk]), data)
    assert InterestDeclaration.objects.filter(has_interest=True).get().membership == seats[3]
    refused = client.post(reverse("decisions:adopt", args=[decision.pk]), follow=True)
    assert (
        "Įrašykite kiekvieno balsuoti galinčio nario balsą" in refused.text
        or "Nurodykite, kodėl" in refused.text
    )
    below = decision.lines.get(outcome="not_selected")
    lines = {f"outcome_{x.pk}": x.outcome for x in decision.lines.all()} | {
        f"amount_{x.pk}": x.fixed_amount or "" for x in decision.lines.all()
    }
    client.post(
        reverse("decisions:save_lines", args=[decision.pk]),
        lines | {f"reasons_{below.pk}": "Mažai balų."},
    )
    voters = [s for s in seats if s != seats[3]]
    client.post(
        reverse("decisions:save_votes", args=[decision.pk]), {f"vote_{s.pk}": "for" for s in voters}
    )
    assert Vote.objects.count() == 5
    done = client.post(reverse("decisions:adopt", args=[decision.pk]), follow=True)

    assert "Sprendimas priimtas" in done.text
    assert Decision.objects.get(pk=decision.pk).status == "adopted"


def test_a_refusal_shows_the_figures_and_offers_the_way_out(client, item, seats, sara, lithuanian):
    client.force_login(sara)
    present = [seats[0], seats[1], seats[4]]
    everyone_present(item.meeting, present, sara)
    page = client.get(reverse("decisions:decision", args=[item.decision.pk]))
    assert (
        "Po nusišalinimų nėra kvorumo: balsuoti gali 3 iš 6 narių, reikia 4 (INV-20)." in page.text
    )
    assert "rašytinę procedūrą" in page.text


def test_a_member_declares_and_votes_in_a_written_procedure(
    client, lag, seats, sara, call, lithuanian
):
    ranked(call, 90, 20000)
    now = datetime.datetime.now(datetime.UTC)
    meeting = workflow.schedule_meeting(
        lag=lag, actor=sara, number="R-1", mode="written", starts_at=now - datetime.timedelta(hours=1),
        ballots_due_at=now + datetime.timedelta(days=1), allocations=[call.allocations.first()],
    )  # fmt: skip
    item = meeting.items.get()
    member = seats[2]
    client.force_login(member.user)
    page = client.get(reverse("decisions:member_meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "Deklaruokite interesus" in page.text
    client.post(reverse("decisions:member_declare", args=[item.pk]), {})
    client.post(
        reverse("decisions:ballot", args=[item.decision.pk]), {f"b{item.decision.pk}-choice": "for"}
    )
    vote = Vote.objects.get()
    assert (vote.membership, vote.is_ballot, vote.entered_by) == (member, True, member.user)
    assert (
        "Jūsų balsas: Už" in client.get(reverse("decisions:member_meeting", args=[meeting.pk])).text
    )
    assert client.get(reverse("decisions:member_home")).status_code == 200


STAFF_PAGES = ["index", "board", "meeting_new", "complaints", "agency"]


def test_only_staff_reach_the_staff_pages(client, item, seats, bruno, ana, rita, sara):
    urls = [reverse(f"decisions:{name}") for name in STAFF_PAGES]
    urls += [
        reverse("decisions:meeting", args=[item.meeting.pk]),
        reverse("decisions:decision", args=[item.decision.pk]),
    ]
    urls += [
        reverse("decisions:declarations", args=[item.decision.pk, seats[0].pk]),
        reverse("decisions:minutes_draft", args=[item.meeting.pk]),
    ]
    for user in (ana, rita):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls), user
    # A board member is sent from the staff pages of the board's work to their own area
    # (the meetings list, the board, the meeting); the other staff pages stay closed.
    client.force_login(seats[0].user)
    member_area = {
        urls[0]: reverse("decisions:member_home"),
        urls[1]: reverse("decisions:member_home"),
        urls[5]: item.meeting.get_member_url(),
    }
    for url in urls:
        response = client.get(url)
        if url in member_area:
            assert response.status_code == 302 and response.url == member_area[url], url
        else:
            assert response.status_code == 404, url
    client.logout()
    assert all(client.get(url).status_code == 302 for url in urls)
    client.force_login(sara)
    assert all(client.get(url).status_code == 200 for url in urls)


def test_only_members_of_the_board_on_the_day_see_a_meeting(client, item, seats, sara, rita):
    url = reverse("decisions:member_meeting", args=[item.meeting.pk])
    client.force_login(seats[0].user)
    assert client.get(url).status_code == 200
    for user in (sara, rita):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(seats[0].user)
    assert client.post(reverse("decisions:adopt", args=[item.decision.pk])).status_code == 404


def test_nobody_votes_for_another_member(client, item, seats):
    client.force_login(seats[0].user)
    response = client.post(
        reverse("decisions:save_votes", args=[item.decision.pk]), {f"vote_{seats[1].pk}": "for"}
    )
    assert response.status_code == 404 and not Vote.objects.exists()


def many(call, count):
    for n in range(count):
        ranked(call, 90 - n, 1000)


@pytest.mark.parametrize("page", ["decision", "meeting", "member_meeting"])
def test_pages_run_the_same_queries_for_1_and_20_proposals(client, sara, seats, lag, call, page):
    def queries(count: int) -> int:
        many(call, count)
        meeting = workflow.schedule_meeting(
            lag=lag,
            actor=sara,
            number=f"Q{count}",
            mode="in_person",
            starts_at=MEETING_AT,
            allocations=[call.allocations.first()],
        )
        item = meeting.items.get()
        everyone_present(meeting, seats, sara)
        for seat in seats:
            workflow.declare(item=item, membership=seat, actor=sara, interests={})
        client.force_login(seats[0].user if page == "member_meeting" else sara)
        target = {
            "decision": item.decision.pk,
            "meeting": meeting.pk,
            "member_meeting": meeting.pk,
        }[page]
        result = count_queries(client, reverse(f"decisions:{page}", args=[target]))
        Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")
        return result

    assert queries(1) == queries(19)


def test_the_panels_point_each_role_to_their_work(client, item, seats, sara, lithuanian):
    from django.test import RequestFactory

    from telka.decisions.panels import dashboard_panel, home_panel

    request = RequestFactory().get("/")
    request.user = sara
    assert dashboard_panel(request).context["staff"] == {
        "open_meetings": 1,
        "pending_complaints": 0,
    }
    request.user = seats[0].user
    member = dashboard_panel(request).context["member"]
    assert member["meetings"] == [item.meeting] and member["ballots"] == []
    request.user = sara
    assert home_panel(request) is None  # nothing published yet


def test_the_staff_lists_run_the_same_queries_for_1_and_20_rows(client, sara, seats, lag, call):
    from telka.decisions.models import Award, Complaint

    allocation = call.allocations.first()
    client.force_login(sara)

    def add_rows(count: int, start: int) -> None:
        for n in range(count):
            meeting = workflow.schedule_meeting(
                lag=lag, actor=sara, number=f"L{start + n}", mode="in_person", starts_at=MEETING_AT
            )
            proposal = ranked(call, 80, 1000)
            decision = selection(meeting, sara, allocation).decision
            Award.objects.create(proposal=proposal, decision=decision, fixed_amount=1000)
            Complaint.objects.create(
                proposal=proposal, text="T", status_before="reserve", filed_by=sara
            )
            Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")

    def counts() -> list[int]:
        return [
            count_queries(client, reverse(f"decisions:{name}"))
            for name in ("index", "agency", "complaints")
        ]

    add_rows(1, 0)
    one = counts()
    add_rows(19, 1)
    assert counts() == one
