"""The audit log for the LAG's staff and auditors: "who changed what", filtered by
object, person, action and dates, with a CSV export. It only reads the log."""

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from telka.lib.spreadsheet import csv_download

from .forms import AuditFilterForm
from .models import AuditEvent
from .permissions import audit_lag

PER_PAGE = 50


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _by_object(events: QuerySet, label: str, object_id: str) -> QuerySet:
    app_label, model = label.split(".")
    content_type = ContentType.objects.get_by_natural_key(app_label, model)
    events = events.filter(content_type=content_type)
    return events.filter(object_id=object_id) if object_id else events


def filtered_events(data: dict) -> QuerySet:
    """The events matching the cleaned filters, newest first."""
    events = AuditEvent.objects.select_related("actor", "content_type")
    if data.get("object"):
        events = _by_object(events, data["object"], data.get("id", "").strip())
    if person := data.get("person", "").strip():
        events = events.filter(
            Q(actor__email__icontains=person) | Q(actor__full_name__icontains=person)
        )
    if action := data.get("action", "").strip():
        events = events.filter(action__icontains=action)
    if data.get("since"):
        events = events.filter(at__gte=_day_start(data["since"]))
    if data.get("until"):
        events = events.filter(at__lt=_day_start(data["until"] + datetime.timedelta(days=1)))
    return events.order_by("-at", "-pk")


def change_rows(changes: dict) -> list[tuple[str, object, object]]:
    """(field, old, new) lines of an event: per field when before/after are records,
    then the event's other facts (field, "", value)."""
    before, after = changes.get("before"), changes.get("after")
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        rows = [(name, before.get(name, ""), after.get(name, "")) for name in {**before, **after}]
    elif "before" in changes or "after" in changes:
        rows = [("", before, after)]
    else:
        rows = []
    skip = {"before", "after", "fields"}
    return rows + [(key, "", value) for key, value in changes.items() if key not in skip]


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet]:
    """The filter form and the events of the request's LAG that match it."""
    lag = audit_lag(request)
    form = AuditFilterForm(request.GET or None)
    if not form.is_bound:
        return form, filtered_events({}).for_lag(lag)
    if not form.is_valid():
        return form, AuditEvent.objects.none()
    return form, filtered_events(form.cleaned_data).for_lag(lag)


@login_required
def log(request: HttpRequest) -> HttpResponse:
    audit_lag(request)
    form, events = _filters(request)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    for event in page:
        event.rows = change_rows(event.changes)  # type: ignore[attr-defined]
    return render(request, "audit/log.html", {"form": form, "page_obj": page})


@login_required
def log_csv(request: HttpRequest) -> HttpResponse:
    audit_lag(request)
    _form, events = _filters(request)
    header = [
        _("Time"),
        _("Person"),
        _("E-mail"),
        _("Action"),
        _("Object type"),
        _("Object number"),
        _("Object"),
        _("Message"),
        _("Changes"),
    ]
    rows = (
        [
            timezone.localtime(e.at).isoformat(timespec="seconds"),
            e.actor.full_name if e.actor else "",
            e.actor.email if e.actor else "",
            e.action,
            f"{e.content_type.app_label}.{e.content_type.model}" if e.content_type else "",
            e.object_id,
            e.object_repr,
            e.message,
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True),
        ]
        for e in events.iterator(chunk_size=2000)
    )
    return csv_download("audit-log.csv", header, rows)
