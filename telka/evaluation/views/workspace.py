"""The assessor's workspace: calls, declarations, the proposals to score with progress,
and the scoring sheet. An assessor sees only their own assessments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lib import statements
from telka.lib.workflow import Refused

from .. import workflow
from ..forms import CallDeclarationForm, ConflictForm, ScoreForm
from ..models import Assessment, AssessmentStatus, CallDeclaration
from ..permissions import assessor_lag, get_assessment_for_assessor, get_call_for_assessor
from .common import show_refusal

VISIBLE = [AssessmentStatus.ASSIGNED, AssessmentStatus.DECLARED, AssessmentStatus.SUBMITTED]


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """My calls (with the declaration), and per call my proposals with their progress."""
    lag = assessor_lag(request)
    assessments = (
        Assessment.objects.filter(
            assessor=request.user, proposal__call__lag=lag, status__in=VISIBLE
        )
        .select_related("proposal__call", "proposal__allocation__measure")
        .annotate(filled=Count("scores", filter=~Q(scores__justification="")))
        .order_by("-proposal__call__closes_at", "proposal__sequence")
    )
    signed = set(
        CallDeclaration.objects.filter(assessor=request.user).values_list("call_id", flat=True)
    )
    calls = {}
    for assessment in assessments:
        call = assessment.proposal.call
        entry = calls.setdefault(
            call.pk, {"call": call, "signed": call.pk in signed, "items": [], "done": 0}
        )
        entry["items"].append(assessment)
        entry["done"] += assessment.status == AssessmentStatus.SUBMITTED
    criteria_counts = _criteria_counts(calls)
    for entry in calls.values():
        entry["criteria"] = criteria_counts.get(entry["call"].pk, 0)
    return render(request, "evaluation/workspace.html", {"calls": list(calls.values())})


def _criteria_counts(calls: dict) -> dict[int, int]:
    from telka.calls.models import Criterion

    rows = (
        Criterion.objects.filter(call_id__in=calls).values_list("call_id").annotate(n=Count("pk"))
    )
    return dict(rows)


@login_required
def call_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """The impartiality and confidentiality declaration, before anything of the call."""
    call = get_call_for_assessor(request, pk)
    signed = CallDeclaration.objects.filter(call=call, assessor=request.user).first()
    form = CallDeclarationForm(request.POST or None)
    if request.method == "POST" and not signed and form.is_valid():
        workflow.sign_call_declaration(
            call=call, assessor=request.user, text=_(workflow.DECLARATION_TEXT)
        )
        messages.success(request, _("You signed the declaration. You may now open your proposals."))
        return redirect("evaluation:workspace")
    return render(
        request,
        "evaluation/call_declaration.html",
        {"call": call, "signed": signed, "form": form, "text": _(workflow.DECLARATION_TEXT)},
    )


@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """Declaration of no conflict first; then the proposal and the scoring sheet."""
    assessment = get_assessment_for_assessor(request, pk)
    call = assessment.proposal.call
    # The sheet's queries are compiled once per call, assessor and assessment
    # (telka/lib/statements.py): compiling them cost more than the database's answers.
    declared = statements.first(
        ("call-declaration", call.pk, request.user.pk),
        lambda: CallDeclaration.objects.filter(call=call, assessor=request.user),
    )
    if declared is None:
        return redirect("evaluation:call_declaration", call.pk)
    if assessment.status == AssessmentStatus.ASSIGNED:
        return render(
            request, "evaluation/conflict.html", {"assessment": assessment, "form": ConflictForm()}
        )
    criteria = statements.fetch_objects(("call-criteria", call.pk), call.criteria.all)
    scores = statements.fetch_objects(("scores", assessment.pk), assessment.scores.all)
    locked = assessment.status != AssessmentStatus.DECLARED
    form = ScoreForm(request.POST or None, criteria=criteria, scores=scores, disabled=locked)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            workflow.save_scores(assessment=assessment, actor=request.user, values=form.values())
            if request.POST.get("action") == "submit":
                workflow.submit_assessment(assessment=assessment, actor=request.user)
                messages.success(request, _("Your assessment was submitted and is now locked."))
                return redirect("evaluation:workspace")
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("Your scores were saved. You can continue later."))
            return redirect("evaluation:assessment", assessment.pk)
    return render(request, "evaluation/assessment.html", _sheet_context(assessment, form, locked))


def _sheet_context(assessment, form, locked) -> dict:
    proposal = assessment.proposal
    return {
        "assessment": assessment,
        "proposal": proposal,
        "submission": statements.first(
            ("latest-submission", proposal.pk), lambda: proposal.submissions.order_by("-version")
        ),
        "form": form,
        "locked": locked,
    }


@login_required
@require_POST
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_assessor(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "evaluation/conflict.html",
            {"assessment": assessment, "form": form},
            status=400,
        )
    try:
        if form.cleaned_data["answer"] == ConflictForm.YES:
            workflow.declare_conflict(
                assessment=assessment, actor=request.user, nature=form.cleaned_data["nature"]
            )
            messages.success(
                request,
                _("Your conflict of interest was recorded; the LAG will assign someone else."),
            )
            return redirect("evaluation:workspace")
        workflow.declare_no_conflict(assessment=assessment, actor=request.user)
    except Refused as refusal:
        show_refusal(request, refusal)
    return redirect("evaluation:assessment", assessment.pk)
