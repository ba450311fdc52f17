"""Who may see, post in and run consultations. Plain predicates plus getters that
return the object or raise 404 when the user may not know it exists."""

from django.http import Http404, HttpRequest

from telka.lag.models import LocalActionGroup
from telka.lag.permissions import is_lag_staff, is_verified_resident
from telka.lag.site import current_lag

from .models import Comment, Consultation, Participation, Suggestion


def can_manage_consultations(user, lag: LocalActionGroup) -> bool:
    """LAG staff open and close consultations, answer suggestions and moderate."""
    return is_lag_staff(user, lag)


def can_view_consultation(user, consultation: Consultation) -> bool:
    return consultation.is_public or can_manage_consultations(user, consultation.lag)


def can_take_part(user) -> bool:
    """Registered residents with a confirmed e-mail address post, comment and support."""
    return is_verified_resident(user)


def has_stated_link(user, consultation: Consultation) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and Participation.objects.filter(consultation=consultation, user=user).exists()
    )


def can_report(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_see_hidden_text(user, item: Suggestion | Comment, lag: LocalActionGroup) -> bool:
    """The author and staff still see what was hidden; everyone else sees only the reason."""
    is_author = getattr(user, "is_authenticated", False) and item.author_id == user.pk
    return is_author or can_manage_consultations(user, lag)


def get_consultation_for_user(request: HttpRequest, pk: int) -> Consultation:
    consultation = (
        Consultation.objects.filter(pk=pk, lag=current_lag(request))
        .select_related("lag", "amendment__draft", "strategy")
        .first()
    )
    if consultation is None or not can_view_consultation(request.user, consultation):
        raise Http404("No such consultation.")
    return consultation


def get_consultation_for_staff(request: HttpRequest, pk: int) -> Consultation:
    consultation = get_consultation_for_user(request, pk)
    if not can_manage_consultations(request.user, consultation.lag):
        raise Http404("Not LAG staff.")
    return consultation


def get_suggestion_for_user(request: HttpRequest, pk: int) -> Suggestion:
    suggestion = (
        Suggestion.objects.filter(pk=pk, consultation__lag=current_lag(request))
        .select_related("consultation__lag", "objective", "measure", "response")
        .first()
    )
    if suggestion is None or not can_view_consultation(request.user, suggestion.consultation):
        raise Http404("No such suggestion.")
    return suggestion


def get_comment_for_user(request: HttpRequest, pk: int) -> Comment:
    comment = (
        Comment.objects.filter(pk=pk, suggestion__consultation__lag=current_lag(request))
        .select_related("suggestion__consultation__lag")
        .first()
    )
    if comment is None or not can_view_consultation(request.user, comment.suggestion.consultation):
        raise Http404("No such comment.")
    return comment
