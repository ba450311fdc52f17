"""Staff prepare and record one decision: the lists, each member's declarations, the
votes, the notes, and the adoption (refused with the figures when a rule fails)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lib.workflow import Refused

from .. import facts, lists, money, workflow
from ..forms import DecisionTextForm, DeclarationForm, LinesForm, VotesForm
from ..models import Decision, InterestDeclaration
from ..permissions import get_decision_for_staff
from ..record import figures_of
from ._common import show_refusal


def _lines(decision: Decision):
    return list(decision.lines.select_related("proposal__organisation").order_by("position"))


def decision_context(decision: Decision) -> dict:
    figures = figures_of(decision)
    seats = facts.seats(decision.item)
    votes = {v.membership_id: v for v in decision.votes.all()}
    return {
        "decision": decision,
        "meeting": decision.meeting,
        "figures": figures,
        "problems": figures.problems(),
        "seats": seats,
        "votes": votes,
        "remaining": money.remaining(decision.allocation),
        "promotable": lists.promotable(decision.allocation)
        if decision.kind == "promotion"
        else None,
        "linked": facts.linked_members(decision.item, seats),
        "lag_applies": bool(facts.lag_applicant_proposals(decision.item)),
    }


@login_required
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_staff(request, pk)
    context = decision_context(decision)
    lines = _lines(decision)
    voters = [s for s in context["seats"] if s.pk in context["figures"].eligible]
    context |= {
        "lines": lines,
        "lines_form": LinesForm(lines=lines),
        "votes_form": VotesForm(
            voters=voters, votes={k: v.choice for k, v in context["votes"].items()}
        ),
        "text_form": DecisionTextForm(
            initial={
                "independence_note": decision.independence_note,
                "reasons": decision.reasons,
                "complaint_upheld": {True: "yes", False: "no"}.get(decision.complaint_upheld, ""),
            }
        ),
    }
    return render(request, "decisions/decision_detail.html", context)


def _back(decision: Decision, anchor: str = "") -> HttpResponse:
    return redirect(decision.get_absolute_url() + anchor)


@login_required
@require_POST
def save_lines(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_staff(request, pk)
    form = LinesForm(request.POST, lines=_lines(decision))
    if not form.is_valid():
        messages.error(request, _("Check the amounts you entered."))
        return _back(decision, "#lists")
    try:
        workflow.update_lines(decision=decision, actor=request.user, changes=form.changes())
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The lists were saved."))
    return _back(decision, "#lists")


@login_required
@require_POST
def save_text(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_staff(request, pk)
    form = DecisionTextForm(request.POST)
    if form.is_valid():
        try:
            workflow.record_text(decision=decision, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Saved."))
    return _back(decision, "#text")


@login_required
def declarations(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    """Staff enter one member's declaration as made at the meeting."""
    decision = get_decision_for_staff(request, pk)
    seat = get_object_or_404(
        decision.meeting.board.memberships.on(decision.meeting.held_on), pk=member
    )
    proposals = list(decision.item.proposals())
    declared = dict(
        InterestDeclaration.objects.filter(
            meeting=decision.meeting, membership=seat, has_interest=True
        ).values_list("proposal_id", "nature")
    )
    data = request.POST if request.method == "POST" else None
    form = DeclarationForm(data, proposals=proposals, declared=declared)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.declare(
                item=decision.item, membership=seat, actor=request.user, interests=form.interests()
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(
                request, _("The declaration of %(name)s was recorded.") % {"name": seat.full_name}
            )
            return _back(decision, "#declarations")
    linked = facts.linked_members(decision.item, [seat]).get(seat.pk, [])
    context = {"decision": decision, "seat": seat, "form": form, "linked": linked}
    return render(
        request,
        "decisions/declaration_form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def save_votes(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_staff(request, pk)
    figures = facts.item_figures(decision.item)
    voters = [s for s in facts.seats(decision.item) if s.pk in figures.eligible]
    form = VotesForm(request.POST, voters=voters)
    if not form.is_valid():
        messages.error(request, _("Record a vote for every member who may vote."))
        return _back(decision, "#votes")
    try:
        workflow.record_votes(decision=decision, actor=request.user, choices=form.choices())
    except Refused as refusal:
        show_refusal(request, refusal)
    else:
        messages.success(request, _("The votes were recorded."))
    return _back(decision, "#votes")


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_staff(request, pk)
    try:
        decision = workflow.adopt_decision(decision=decision, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
        return _back(decision, "#adopt")
    if decision.status == "adopted":
        messages.success(request, _("The decision was adopted; the applicants are being notified."))
    else:
        messages.warning(request, _("The board did not adopt the proposed decision."))
    return redirect(decision.meeting)
