"""Blocks for the home page (an open consultation, prominently) and the personal area
(a resident's suggestions; staff's consultations to answer and reports to handle)."""

from typing import NamedTuple

from django.db.models import Count, Q
from django.http import HttpRequest

from telka.lag.site import lag_or_none
from telka.lib.pagecache import shared_value
from telka.lib.panels import Panel, figure, figures
from telka.lib.statements import fetch_objects

from .models import Consultation, ConsultationStatus, Report, Suggestion
from .permissions import can_manage_consultations


def home_panel(request: HttpRequest) -> Panel | None:
    consultations = list(
        Consultation.objects.filter(lag=lag_or_none(request))
        .open_now()
        .annotate(n_suggestions=Count("suggestions"))
        .order_by("closes_at")[:3]
    )
    if not consultations:
        return None
    # Order 5: a consultation runs for a few weeks only, so it goes above news and calls.
    return Panel("consultations/panels/home.html", {"consultations": consultations}, order=5)


def dashboard_panel(request: HttpRequest) -> Panel | None:
    user, lag = request.user, lag_or_none(request)
    if not user.is_authenticated or lag is None:
        return None
    can_manage = can_manage_consultations(user, lag)
    mine = figures(request, "mine")["consultations.mine"]
    suggestions = _my_suggestions(user, lag) if mine else []
    context = {"suggestions": suggestions, "to_answer": [], "reports": 0}
    context["can_manage"] = can_manage
    if can_manage:
        context["to_answer"] = _to_answer(lag)
        context["reports"] = figures(request, "lag")["consultations.reports"]
    # Staff always get the panel: it is their way into the consultations area.
    if not (can_manage or context["suggestions"]):
        return None
    return Panel("consultations/panels/dashboard.html", context, order=20)


@figure("mine", "consultations.mine")
def _suggestions_of(user, lag):
    return Suggestion.objects.filter(author=user, consultation__lag=lag)


@figure("lag", "consultations.reports")
def _reports_waiting(user, lag):
    return Report.objects.filter(
        Q(suggestion__consultation__lag=lag) | Q(comment__suggestion__consultation__lag=lag),
        handled_at=None,
    )


def _my_suggestions(user, lag) -> list[Suggestion]:
    return fetch_objects(
        ("panel:my-suggestions", user.pk, lag.pk),
        lambda: (
            _suggestions_of(user, lag)
            .select_related("consultation", "response")
            .order_by("-created_at")[:10]
        ),
    )


class ToAnswer(NamedTuple):
    """What the staff's panel shows of a consultation with suggestions to answer."""

    pk: int
    title: str
    n_unanswered: int


def _to_answer(lag) -> list[ToAnswer]:
    def build() -> list[ToAnswer]:
        unanswered = Count(
            "suggestions", filter=Q(suggestions__response=None, suggestions__hidden_at=None)
        )
        consultations = Consultation.objects.filter(
            lag=lag, status__in=[ConsultationStatus.OPEN, ConsultationStatus.CLOSED]
        )
        rows = consultations.annotate(n_unanswered=unanswered).order_by("closes_at")
        return [ToAnswer(*row) for row in rows.values_list(*ToAnswer._fields)]

    # The same for all the LAG's staff: kept until a consultation or suggestion changes
    # (a new page-cache generation).
    return shared_value(f"panel:to-answer:{lag.pk}", build)
