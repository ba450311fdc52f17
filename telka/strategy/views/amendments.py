"""Staff area: start an amendment, edit its draft, record the board's, general
meeting's and managing authority's steps. Everyone else gets 404."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from telka.audit.models import AuditEvent
from telka.consultations.models import amendment_consultation_problems
from telka.lag.site import current_lag
from telka.lib.workflow import Refused

from .. import workflow
from ..forms import (
    AdoptForm,
    AmendmentForm,
    DraftStrategyForm,
    GoalForm,
    InForceForm,
    MADecisionForm,
    MeasureForm,
    ObjectiveForm,
    ProposeForm,
    SubmitToMAForm,
    TargetForm,
    WithdrawForm,
)
from ..models import (
    AMENDMENT_ALLOWED,
    AmendmentStatus,
    Goal,
    Measure,
    Objective,
    Strategy,
    StrategyAmendment,
    Target,
)
from ..permissions import can_manage_amendments, get_amendment_for_staff
from ..versions import strategy_tree

S = AmendmentStatus
# step in the URL → (status it leads to, form, workflow call)
STEPS = {
    "propose": (S.PROPOSED, ProposeForm, workflow.propose_amendment),
    "adopt": (S.ADOPTED, AdoptForm, workflow.adopt_amendment),
    "submit-to-ma": (S.SUBMITTED_TO_MA, SubmitToMAForm, workflow.submit_to_managing_authority),
    "ma-decision": (S.MA_APPROVED, MADecisionForm, workflow.record_ma_decision),
    "in-force": (S.IN_FORCE, InForceForm, workflow.enter_into_force),
    "withdraw": (S.WITHDRAWN, WithdrawForm, workflow.withdraw_amendment),
}
# kind in the URL → (model, form, the field naming its parent, how to find it in a draft)
KINDS = {
    "goal": (Goal, GoalForm, None, "strategy"),
    "objective": (Objective, ObjectiveForm, "goal", "goal__strategy"),
    "measure": (Measure, MeasureForm, "objective", "objective__goal__strategy"),
    "target": (Target, TargetForm, "measure", "measure__objective__goal__strategy"),
}


@login_required
def amendment_list(request: HttpRequest) -> HttpResponse:
    lag = current_lag(request)
    if not can_manage_amendments(request.user, lag):
        raise Http404("Not LAG staff.")
    amendments = StrategyAmendment.objects.filter(lag=lag).select_related("base", "draft")
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = workflow.start_amendment(lag=lag, actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(
                request, _("The draft is a copy of the version in force: edit it below.")
            )
            return redirect(amendment)
    return render(request, "strategy/amendment_list.html", {"amendments": amendments, "form": form})


def _step_forms(amendment: StrategyAmendment, bound: tuple[str, object] | None = None) -> dict:
    allowed = AMENDMENT_ALLOWED[amendment.status]
    forms = {name: form() for name, (target, form, _f) in STEPS.items() if target in allowed}
    if S.MA_REJECTED in allowed:
        forms["ma-decision"] = MADecisionForm()
    if bound:
        forms[bound[0]] = bound[1]
    return forms


DRAFT_VERBS = {
    "added": gettext_lazy("Added to the draft: %(kind)s %(item)s"),
    "edited": gettext_lazy("Changed in the draft: %(kind)s %(item)s"),
    "removed": gettext_lazy("Removed from the draft: %(kind)s %(item)s"),
}
KIND_NAMES = {
    "goal": gettext_lazy("goal"),
    "objective": gettext_lazy("objective"),
    "measure": gettext_lazy("measure"),
    "target": gettext_lazy("indicator target"),
}
EVENT_LABELS = {
    "strategy.amendment_started": gettext_lazy("Started as a copy of the version in force"),
    "strategy.amendment_edited": gettext_lazy("Title or reasons changed"),
    "strategy.draft_edited": gettext_lazy("The draft's texts or totals changed"),
}


def event_label(event: AuditEvent) -> str:
    """The history line of an audit event, in words."""
    status = event.action.removeprefix("strategy.amendment_")
    if status in S.values:
        return _("Now “%(status)s”") % {"status": S(status).label}
    parts = event.action.removeprefix("strategy.draft_").rsplit("_", 1)
    if len(parts) == 2 and parts[0] in KIND_NAMES and parts[1] in DRAFT_VERBS:
        item = event.changes.get("item", "")
        return DRAFT_VERBS[parts[1]] % {"kind": KIND_NAMES[parts[0]], "item": item}
    return str(EVENT_LABELS.get(event.action, event.action))


def _history(amendment: StrategyAmendment) -> list[AuditEvent]:
    kinds = ContentType.objects.get_for_models(StrategyAmendment, Strategy)
    events = AuditEvent.objects.filter(
        Q(content_type=kinds[StrategyAmendment], object_id=str(amendment.pk))
        | Q(content_type=kinds[Strategy], object_id=str(amendment.draft_id))
    ).select_related("actor")[:100]
    for event in events:
        event.label = event_label(event)
    return list(events)


def _detail(request: HttpRequest, amendment: StrategyAmendment, bound=None) -> HttpResponse:
    problems = []
    if amendment.status in (S.DRAFT, S.CONSULTATION_CLOSED, S.PROPOSED):
        problems = amendment_consultation_problems(amendment) + amendment.draft.problems()
    events = _history(amendment)
    context = {
        "amendment": amendment,
        "goals": strategy_tree(amendment.draft),
        "problems": problems,
        "consultations": amendment.consultations.all(),
        "step_forms": _step_forms(amendment, bound),
        "events": events,
    }
    return render(request, "strategy/amendment_detail.html", context, status=400 if bound else 200)


@login_required
def amendment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_amendment_for_staff(request, pk))


@login_required
@require_POST
def amendment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    amendment = get_amendment_for_staff(request, pk)
    if step not in STEPS:
        raise Http404("No such step.")
    _target, form_class, function = STEPS[step]
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, amendment, (step, form))
    try:
        function(amendment=amendment, actor=request.user, **form.cleaned_data)
    except Refused as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
        return _detail(request, amendment, (step, form))
    messages.success(request, _("Recorded."))
    return redirect(amendment)


@login_required
def amendment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The amendment's reasons and the draft version's own texts and totals."""
    amendment = get_amendment_for_staff(request, pk)
    data = request.POST if request.method == "POST" else None
    meta = AmendmentForm(data, instance=amendment, prefix="amendment")
    texts = DraftStrategyForm(data, instance=amendment.draft, prefix="strategy")
    if data is not None and meta.is_valid() and texts.is_valid():
        try:
            workflow.update_amendment(
                amendment=amendment, actor=request.user, values=meta.cleaned_data
            )
            workflow.update_draft_strategy(
                amendment=amendment, actor=request.user, values=texts.cleaned_data
            )
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(amendment)
    context = {"amendment": amendment, "meta": meta, "texts": texts}
    return render(request, "strategy/amendment_edit.html", context)


def _draft_item(amendment: StrategyAmendment, kind: str, item_pk: int):
    if kind not in KINDS:
        raise Http404("No such kind.")
    model, _form, _parent, path = KINDS[kind]
    item = model.objects.filter(pk=item_pk, **{path: amendment.draft}).first()
    if item is None:
        raise Http404("Not in this draft.")
    return item


def _item_form(kind: str, amendment: StrategyAmendment, data, item, parent=None):
    _model, form_class, parent_field, _path = KINDS[kind]
    # A ModelForm writes into its instance while validating; the workflow compares the
    # untouched item with the cleaned values, so the form gets a copy.
    kwargs: dict = {"instance": copy.copy(item)}
    if kind != "goal":
        kwargs["draft"] = amendment.draft
    if kind == "target":
        kwargs["measure"] = item.measure if item.pk else parent
    elif parent_field and parent is not None and item.pk is None:
        kwargs["initial"] = {parent_field: parent.pk}
    return form_class(data, **kwargs)


def _new_item(kind: str, amendment: StrategyAmendment, parent):
    model = KINDS[kind][0]
    if kind == "goal":
        return model(strategy=amendment.draft)
    if kind == "target":
        if parent is None:
            raise Http404("A target needs its measure.")
        return model(measure=parent)
    return model()


def _parent(request: HttpRequest, amendment: StrategyAmendment, kind: str):
    parent_field = KINDS.get(kind, (None, None, None))[2]
    parent_pk = request.GET.get("parent", "")
    if not parent_field or not parent_pk.isdigit():
        return None
    return _draft_item(amendment, parent_field, int(parent_pk))


@login_required
def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    amendment = get_amendment_for_staff(request, pk)
    if kind not in KINDS:
        raise Http404("No such kind.")
    parent = _parent(request, amendment, kind)
    item = _new_item(kind, amendment, parent)
    return _item_page(request, amendment, kind, item, parent)


@login_required
def item_edit(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    amendment = get_amendment_for_staff(request, pk)
    item = _draft_item(amendment, kind, item_pk)
    return _item_page(request, amendment, kind, item)


def _item_page(request, amendment, kind, item, parent=None) -> HttpResponse:
    is_new = item.pk is None
    form = _item_form(
        kind, amendment, request.POST if request.method == "POST" else None, item, parent
    )
    if form.is_bound and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.fields}
        try:
            workflow.save_draft_item(
                amendment=amendment, actor=request.user, item=item, values=values
            )
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect(f"{amendment.get_absolute_url()}#{kind}-{item.pk}")
    context = {"amendment": amendment, "kind": kind, "item": item, "form": form, "is_new": is_new}
    return render(request, "strategy/amendment_item.html", context)


@login_required
def item_remove(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    amendment = get_amendment_for_staff(request, pk)
    item = _draft_item(amendment, kind, item_pk)
    if request.method == "POST":
        try:
            workflow.remove_draft_item(amendment=amendment, actor=request.user, item=item)
        except Refused as refusal:
            messages.error(request, " ".join(refusal.reasons))
        else:
            messages.success(request, _("Removed from the draft."))
        return redirect(amendment)
    context = {"amendment": amendment, "kind": kind, "item": item}
    return render(request, "strategy/amendment_item_remove.html", context)
