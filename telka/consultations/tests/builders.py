"""Builders for consultation tests: saved rows with sensible defaults."""

import datetime

from django.utils import timezone

from telka.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Participation,
    Response,
    Suggestion,
    Support,
    TerritoryLink,
    public_name,
)
from telka.strategy.models import StrategyAmendment
from telka.strategy.workflow import start_amendment


def make_amendment(lag, staff, **fields) -> StrategyAmendment:
    values = {"title": "Naujas veiksmas vaikams", "reasons": "Reikia techninės kūrybos centro."}
    return start_amendment(lag=lag, actor=staff, **{**values, **fields})


def make_consultation(
    lag, *, status: str = ConsultationStatus.OPEN, amendment=None, strategy=None, **fields
) -> Consultation:
    """A consultation that (by default) opened yesterday and closes in a week."""
    now = timezone.now()
    defaults = {
        "title": "Dėl strategijos keitimo",
        "text": "Kviečiame teikti pasiūlymus.",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=7),
    }
    if strategy is None:
        strategy = amendment.draft if amendment else lag.strategies.in_force().first()
    return Consultation.objects.create(
        lag=lag, status=status, amendment=amendment, strategy=strategy, **{**defaults, **fields}
    )


def take_part(consultation, user, link: str = TerritoryLink.LIVES) -> Participation:
    return Participation.objects.create(consultation=consultation, user=user, link=link)


def make_suggestion(consultation, author, **fields) -> Suggestion:
    values = {"title": "Centras vakarais", "text": "Siūlau dirbti iki 20 val."}
    return Suggestion.objects.create(
        consultation=consultation,
        author=author,
        author_name=public_name(author),
        **{**values, **fields},
    )


def make_comment(suggestion, author, parent=None, **fields) -> Comment:
    comment = Comment.objects.create(
        suggestion=suggestion,
        author=author,
        author_name=public_name(author),
        parent=parent,
        text=fields.pop("text", "Pritariu."),
        **fields,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(comment_count=suggestion.comments.count())
    return comment


def support(suggestion, user) -> Support:
    row = Support.objects.create(suggestion=suggestion, user=user)
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=suggestion.supports.count())
    return row


def answer(suggestion, staff, outcome: str = "accepted") -> Response:
    return Response.objects.create(
        suggestion=suggestion, outcome=outcome, reasons="Pritariame.", answered_by=staff
    )
