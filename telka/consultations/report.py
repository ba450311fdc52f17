"""The consultation's summary report (PDF and XLSX): counts, supports and answers."""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consultation, Outcome, TerritoryLink


def summary(consultation: Consultation) -> dict:
    figures = consultation.suggestions.aggregate(
        suggestions=Count("id"),
        hidden=Count("id", filter=Q(hidden_at__isnull=False)),
        supports=Sum("support_count", default=0),
        comments=Sum("comment_count", default=0),
        **{outcome: Count("id", filter=Q(response__outcome=outcome)) for outcome in Outcome.values},
    )
    links = dict(consultation.participations.values_list("link").annotate(n=Count("id")).order_by())
    figures["participants"] = sum(links.values())
    figures["links"] = [(str(label), links.get(value, 0)) for value, label in TerritoryLink.choices]
    figures["outcomes"] = [(str(label), figures[value]) for value, label in Outcome.choices]
    figures["unanswered"] = (
        figures["suggestions"] - figures["hidden"] - sum(figures[v] for v in Outcome.values)
    )
    return figures


def rows(consultation: Consultation):
    return (
        consultation.suggestions.select_related("response", "objective", "measure")
        .order_by("-support_count", "-id")
        .iterator(chunk_size=500)
    )


def report_context(consultation: Consultation) -> dict:
    return {
        "lag": consultation.lag,
        "consultation": consultation,
        "summary": summary(consultation),
        "suggestions": list(rows(consultation)),
        "generated_at": timezone.now(),
    }


def _row(suggestion) -> list:
    response = getattr(suggestion, "response", None)
    return [
        suggestion.pk,
        timezone.localtime(suggestion.created_at).strftime("%Y-%m-%d %H:%M"),
        suggestion.display_name,
        suggestion.objective.code if suggestion.objective else "",
        suggestion.measure.code if suggestion.measure else "",
        suggestion.hidden_reason if suggestion.is_hidden else suggestion.title,
        "" if suggestion.is_hidden else suggestion.text,
        suggestion.support_count,
        suggestion.comment_count,
        _("Hidden")
        if suggestion.is_hidden
        else (str(response.get_outcome_display()) if response else ""),
        response.reasons if response else "",
    ]


def report_sheets(consultation: Consultation) -> list:
    figures = summary(consultation)
    overview = [
        (_("Consultation"), consultation.title),
        (_("Opened"), timezone.localtime(consultation.opens_at).strftime("%Y-%m-%d %H:%M")),
        (_("Closed"), timezone.localtime(consultation.closes_at).strftime("%Y-%m-%d %H:%M")),
        (_("Suggestions"), figures["suggestions"]),
        (_("Hidden by moderators"), figures["hidden"]),
        (_("Supports"), figures["supports"]),
        (_("Comments"), figures["comments"]),
        (_("Participants"), figures["participants"]),
        *[(label, count) for label, count in figures["links"]],
        *[(label, count) for label, count in figures["outcomes"]],
        (_("Without an answer"), figures["unanswered"]),
    ]
    header = [
        _("No."),
        _("Submitted"),
        _("Author"),
        _("Objective"),
        _("Measure"),
        _("Title"),
        _("Suggestion"),
        _("Supports"),
        _("Comments"),
        _("Answer"),
        _("Reasons"),
    ]
    return [
        (_("Summary"), [_("Figure"), _("Value")], overview),
        (_("Suggestions"), header, (_row(s) for s in rows(consultation))),
    ]
