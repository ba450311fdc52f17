"""The board member's area: meetings to attend, the agenda and draft lists, their own
declarations and, in a written procedure, their ballots (INV-22)."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.site import current_lag
from telka.lib import statements
from telka.lib.workflow import Refused

from .. import facts, workflow
from ..forms import BallotForm, DeclarationForm
from ..models import AgendaItem, DecisionLine, InterestDeclaration, Meeting, Vote
from ..models.meetings import declared_on
from ..permissions import get_meeting_for_member
from ._common import show_refusal


@login_required
def home(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    meetings = Meeting.objects.for_member(request.user).filter(lag=lag).order_by("-starts_at")
    upcoming = [m for m in meetings if m.is_open]
    if not meetings.exists():
        raise Http404
    return render(
        request,
        "decisions/member_home.html",
        {"upcoming": upcoming, "past": [m for m in meetings if not m.is_open][:20]},
    )


def _item_view(item: AgendaItem, proposals, linked, declared_rows, lines, votes) -> dict:
    mine = {
        pid: nature
        for (pid, nature, has) in declared_rows
        if has and pid in {p.pk for p in proposals}
    }
    done = {p.pk for p in proposals} <= {pid for (pid, _n, _h) in declared_rows}
    return {
        "item": item,
        "lines": lines.get(item.decision.pk, []),
        "form": DeclarationForm(proposals=proposals, declared=mine, prefix=f"i{item.pk}"),
        "declared": done,
        "interests": mine,
        "linked": [p.pk for p in proposals if p.pk in linked],
        "vote": votes.get(item.decision.pk),
        "ballot_form": BallotForm(prefix=f"b{item.decision.pk}"),
    }


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, seat = get_meeting_for_member(request, pk)
    # The member opens this page again and again while the meeting runs: its queries are
    # compiled once per meeting and seat (telka/lib/statements.py), the rows read fresh.
    declared = statements.fetch_objects(
        ("member-declarations", meeting.pk, seat.pk),
        lambda: InterestDeclaration.objects.filter(meeting=meeting, membership=seat),
    )
    rows = [(d.proposal_id, d.nature, d.has_interest) for d in declared]
    # The agenda with the member's ballot on each item's decision, if cast.
    theirs = Vote.objects.filter(decision=OuterRef("decision"), membership=seat)
    agenda = statements.fetch_objects(
        ("member-agenda", meeting.pk, seat.pk),
        lambda: meeting.items.select_related(
            "decision", "allocation__measure", "complaint__proposal"
        ).annotate(
            vote_choice=Subquery(theirs.values("choice")[:1]),
            vote_cast_at=Subquery(theirs.values("cast_at")[:1]),
        ),
    )
    decisions = tuple(item.decision.pk for item in agenda)
    # The draft lists of every item, in one query.
    lines = defaultdict(list)
    found = statements.fetch_objects(
        ("member-lines", decisions),
        lambda: (
            DecisionLine.objects.filter(decision__in=decisions)
            .select_related("proposal__organisation")
            .order_by("decision", "position")
        ),
    )
    for line in found:
        lines[line.decision_id].append(line)
    votes = {
        item.decision.pk: Vote(
            decision=item.decision,
            membership=seat,
            choice=item.vote_choice,
            cast_at=item.vote_cast_at,
        )
        for item in agenda
        if item.vote_choice
    }
    # The proposals declared on, for every item in one query.
    allocations = tuple(sorted({item.allocation_id for item in agenda}))
    proposals = defaultdict(list)
    found = statements.fetch_objects(
        ("member-proposals", allocations), lambda: declared_on(allocations)
    )
    for proposal in found:
        proposals[proposal.allocation_id].append(proposal)
    # Who the member is linked to is asked once for every item of the meeting.
    linked = facts.seat_linked_proposals(seat, found, meeting.held_on)
    items = [
        _item_view(item, proposals[item.allocation_id], linked, rows, lines, votes)
        for item in agenda
    ]
    return render(
        request, "decisions/member_meeting.html", {"meeting": meeting, "seat": seat, "items": items}
    )


@login_required
@require_POST
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "decision"), pk=pk)
    meeting, seat = get_meeting_for_member(request, item.meeting_id)
    form = DeclarationForm(request.POST, proposals=list(item.proposals()), prefix=f"i{item.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("decisions:member_meeting", meeting.pk)
    try:
        workflow.declare(item=item, membership=seat, actor=request.user, interests=form.interests())
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Your declaration was recorded."))
    return redirect(f"{meeting.get_member_url()}#item-{item.pk}")


@login_required
@require_POST
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting", "decision"), decision__pk=pk
    )
    meeting, seat = get_meeting_for_member(request, item.meeting_id)
    form = BallotForm(request.POST, prefix=f"b{pk}")
    if not form.is_valid():
        messages.error(request, _("Choose how you vote."))
        return redirect("decisions:member_meeting", meeting.pk)
    try:
        workflow.cast_ballot(
            decision=item.decision,
            membership=seat,
            actor=request.user,
            choice=form.cleaned_data["choice"],
        )
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("Your ballot was recorded."))
    return redirect(f"{meeting.get_member_url()}#item-{item.pk}")
