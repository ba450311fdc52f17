"""The e-mails of a consultation: one function per message, each rendering
templates/emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language. They are queued after the surrounding transaction commits."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from telka.lib.mail import absolute_url, send_templated
from telka.strategy.models import StrategyAmendment

from .models import Comment, Consultation, Follower, Response, Suggestion

User = get_user_model()


def _send(name: str, user, context: dict) -> None:
    if user is None or not user.is_active or not user.email:
        return
    send_templated(name, to=user.email, context={"user": user, **context}, language=user.language)


def consultation_opened(consultation: Consultation, users: Iterable) -> None:
    """To followers: the consultation is open for suggestions."""
    url = absolute_url(consultation.get_absolute_url())
    for user in users:
        _send("consultation-opened", user, {"consultation": consultation, "url": url})


def suggestion_commented(comment: Comment) -> None:
    """To the author of the suggestion: someone else commented on it."""
    suggestion = comment.suggestion
    if suggestion.author_id == comment.author_id:
        return
    context = {"suggestion": suggestion, "comment": comment}
    _send("consultation-commented", suggestion.author, {**context, "url": _url(comment)})


def suggestion_answered(response: Response) -> None:
    """To the author of the suggestion: the LAG answered it."""
    suggestion = response.suggestion
    context = {"suggestion": suggestion, "response": response, "url": _url(suggestion)}
    _send("consultation-answered", suggestion.author, context)


def content_hidden(item: Suggestion | Comment) -> None:
    """To the author: a moderator hid what they posted, and why."""
    context = {"item": item, "is_comment": isinstance(item, Comment), "url": _url(item)}
    _send("consultation-hidden", item.author, context)


def change_adopted(amendment: StrategyAmendment) -> None:
    """To everyone who followed or made a suggestion in a consultation on the amendment."""
    consultations = amendment.consultations.all()
    users = User.objects.filter(is_active=True, pk__in=_people(consultations))
    url = absolute_url(amendment.draft.version_url())
    for user in users:
        _send("consultation-adopted", user, {"amendment": amendment, "url": url})


def _people(consultations) -> set[int]:
    followers = Follower.objects.filter(consultation__in=consultations).values_list(
        "user_id", flat=True
    )
    authors = Suggestion.objects.filter(consultation__in=consultations).values_list(
        "author_id", flat=True
    )
    return {pk for pk in [*followers, *authors] if pk}


def _url(item: Suggestion | Comment) -> str:
    return absolute_url(item.get_absolute_url())
