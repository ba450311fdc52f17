"""Participant records of a project (personal data, INV-34): for the promoter's members
and LAG staff only. List, add, change, and the exports for the implementing agency."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.decisions.views._common import show_refusal
from telka.lib.spreadsheet import safe_cell
from telka.lib.workflow import Refused
from telka.lib.xlsx import xlsx_response

from ..forms import ParticipantForm, SearchForm
from ..models import Participant, Project
from ..permissions import get_participant_for_work, get_project_for_work
from ..workflow import projects as project_flow

PER_PAGE = 50


def _search(queryset, text: str):
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(full_name__icontains=text) | Q(contact__icontains=text))


@login_required
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    form = SearchForm(request.GET or None)
    participants = project.participants.all()
    if form.is_valid():
        participants = _search(participants, form.cleaned_data["q"])
    page = Paginator(participants.order_by("entered_on", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/participant_list.html",
        {"project": project, "page_obj": page, "form": form, "today": timezone.localdate()},
    )


def _edit(request: HttpRequest, project: Project, participant: Participant | None):
    form = ParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in project_flow.PARTICIPANT_FIELDS}
        try:
            project_flow.save_participant(
                project=project, actor=request.user, data=data, participant=participant
            )
        except Refused as refusal:
            show_refusal(request, refusal)
        else:
            messages.success(request, _("The participant record is saved."))
            return redirect("monitoring:participants", project.pk)
    return render(
        request,
        "monitoring/participant_form.html",
        {"project": project, "form": form, "participant": participant},
    )


@login_required
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_project_for_work(request, pk), None)


@login_required
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_work(request, pk)
    return _edit(request, participant.project, participant)


def _rows(project: Project):
    """Header and rows of the export, in the field order of the ESF participant data."""
    fields = ["pk", *project_flow.PARTICIPANT_FIELDS]
    header = [
        _("No."),
        *[Participant._meta.get_field(f).verbose_name for f in project_flow.PARTICIPANT_FIELDS],
        _("follow-up due"),
        _("situation improved"),
    ]
    rows = []
    for p in project.participants.order_by("entered_on", "pk"):
        values = []
        for name in fields:
            value = getattr(p, name)
            if name.startswith("status") or name == "gender":
                value = getattr(p, f"get_{name}_display")()
            elif isinstance(value, bool):
                value = _("yes") if value else _("no")
            values.append("" if value is None else value)
        follow_up = p.follow_up_due_on
        values.append(follow_up.isoformat() if follow_up else "")
        values.append(_("yes") if p.improved_after_six_months else "")
        rows.append([v.isoformat() if hasattr(v, "isoformat") else str(v) for v in values])
    return [str(h) for h in header], rows


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    project_flow.record_participant_export(project=project, actor=request.user, file_format="csv")
    header, rows = _rows(project)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{project.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with the byte-order mark
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return response


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_work(request, pk)
    project_flow.record_participant_export(project=project, actor=request.user, file_format="xlsx")
    header, rows = _rows(project)
    return xlsx_response(f"participants-{project.pk}.xlsx", [(_("Participants"), header, rows)])
