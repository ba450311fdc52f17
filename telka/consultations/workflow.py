"""Every change in a consultation: one function each, atomic and audited.

Status moves (open, close, publish the answers) claim the row optimistically
(`filter(pk=…, status=old).update(status=new)`), so the scheduled command and a
person clicking at the same moment cannot both do it. Residents' posts are checked
against the clock on every request, not only by that command.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from telka.audit.models import AuditEvent
from telka.lag.models import LocalActionGroup
from telka.lib import pagecache
from telka.lib.workflow import Refused, check_transition
from telka.strategy import workflow as strategy_workflow
from telka.strategy.models import AmendmentStatus

from . import emails
from .models import (
    ALLOWED,
    Comment,
    Consultation,
    ConsultationDocument,
    ConsultationStatus,
    Follower,
    Participation,
    Report,
    ReportOutcome,
    Response,
    Suggestion,
    Support,
    public_name,
)
from .permissions import can_take_part

C = ConsultationStatus
LABELS = dict(C.choices)
FIELDS = ["amendment", "title", "title_en", "text", "text_en", "opens_at", "closes_at"]


def posts_per_hour() -> int:
    return settings.TELKA_CONSULTATION_POSTS_PER_HOUR


def _claim(consultation: Consultation, target: str, **values: Any) -> str:
    """Move the status only if nobody moved it meanwhile (Refused otherwise); return the old one."""
    check_transition(consultation.status, target, ALLOWED, LABELS)
    claimed = Consultation.objects.filter(pk=consultation.pk, status=consultation.status).update(
        status=target, **values
    )
    if not claimed:
        raise Refused(_("Someone else changed this consultation a moment ago; reload the page."))
    before = consultation.status
    for name, value in {"status": target, **values}.items():
        setattr(consultation, name, value)
    # A conditional update sends no post_save, which is what refreshes cached public pages.
    transaction.on_commit(pagecache.invalidate)
    return before


# --- Staff: preparing and running a consultation -------------------------------------------


@transaction.atomic
def create_consultation(*, lag: LocalActionGroup, actor: Any, values: dict) -> Consultation:
    """A DRAFT consultation, visible only to staff until it is published. Audited."""
    amendment = values.get("amendment")
    strategy = amendment.draft if amendment else lag.strategies.in_force().first()
    consultation = Consultation.objects.create(
        lag=lag, strategy=strategy, created_by=actor, **{k: values[k] for k in FIELDS}
    )
    AuditEvent.objects.record(action="consultation.created", obj=consultation, actor=actor)
    return consultation


@transaction.atomic
def update_consultation(*, consultation: Consultation, actor: Any, values: dict) -> None:
    """Change texts and times; once open, only the texts and the closing time. Audited."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in C.editable():
        raise Refused(_("A closed consultation cannot be changed."))
    changes = {}
    for name in FIELDS:
        if name in values and getattr(consultation, name) != values[name]:
            changes[name] = [str(getattr(consultation, name)), str(values[name])]
            setattr(consultation, name, values[name])
    if "amendment" in changes:
        consultation.strategy = (
            consultation.amendment.draft
            if consultation.amendment
            else (consultation.lag.strategies.in_force().first())
        )
    if changes:
        consultation.save(update_fields=[*FIELDS, "strategy"])
        AuditEvent.objects.record(
            action="consultation.edited", obj=consultation, actor=actor, changes=changes
        )


@transaction.atomic
def add_document(
    *, consultation: Consultation, actor: Any, title: str, file
) -> ConsultationDocument:
    if consultation.status in (C.ANSWERED, C.CANCELLED):
        raise Refused(_("Documents cannot be added to a finished consultation."))
    document = consultation.documents.create(title=title, file=file)
    AuditEvent.objects.record(
        action="consultation.document_added", obj=consultation, actor=actor, document=title
    )
    return document


@transaction.atomic
def remove_document(*, document: ConsultationDocument, actor: Any) -> None:
    """Only before the consultation opens: residents may have read it since."""
    consultation = document.consultation
    if consultation.status not in (C.DRAFT, C.SCHEDULED):
        raise Refused(_("Documents of a consultation that has opened stay published."))
    document.delete()
    AuditEvent.objects.record(
        action="consultation.document_removed",
        obj=consultation,
        actor=actor,
        document=document.title,
    )


def _check_amendment_can_open(consultation: Consultation) -> None:
    amendment = consultation.amendment
    allowed = (AmendmentStatus.DRAFT, AmendmentStatus.CONSULTATION_CLOSED)
    if amendment is not None and amendment.status not in allowed:
        raise Refused(
            _("The amendment is “%(status)s”: residents can only be consulted on a draft.")
            % {"status": amendment.get_status_display()}
        )
    others = Consultation.objects.filter(
        amendment=amendment, status__in=[C.SCHEDULED, C.OPEN]
    ).exclude(pk=consultation.pk)
    if amendment is not None and others.exists():
        raise Refused(_("Another consultation on this draft is already scheduled or open."))


@transaction.atomic
def publish_consultation(*, consultation: Consultation, actor: Any) -> None:
    """Publish a draft: it opens now if its opening time has come, otherwise it is
    SCHEDULED and the `update_consultations` command opens it on time."""
    _check_amendment_can_open(consultation)
    if consultation.closes_at <= timezone.now():
        raise Refused(_("The closing time has passed: set a later one first."))
    if consultation.opens_at <= timezone.now():
        open_consultation(consultation=consultation, actor=actor)
        return
    before = _claim(consultation, C.SCHEDULED)
    AuditEvent.objects.record(
        action="consultation.scheduled",
        obj=consultation,
        actor=actor,
        before=before,
        after=C.SCHEDULED,
    )


@transaction.atomic
def open_consultation(*, consultation: Consultation, actor: Any = None) -> None:
    """Open for suggestions: claim the row, freeze and publish the amendment's draft
    (CONSULTATION_OPEN), audit, and e-mail the followers."""
    _check_amendment_can_open(consultation)
    before = _claim(consultation, C.OPEN, opened_at=timezone.now())
    if consultation.amendment_id:
        strategy_workflow.mark_consultation_open(amendment=consultation.amendment, actor=actor)
    AuditEvent.objects.record(
        action="consultation.opened", obj=consultation, actor=actor, before=before, after=C.OPEN
    )
    followers = [f.user for f in consultation.followers.select_related("user")]
    emails.consultation_opened(consultation, followers)


@transaction.atomic
def close_consultation(*, consultation: Consultation, actor: Any = None) -> None:
    """Stop taking suggestions (at the closing time, or early by staff). The amendment
    becomes CONSULTATION_CLOSED, so its draft may be revised in the light of them."""
    now = timezone.now()
    values = {"closed_at": now}
    if consultation.closes_at > now:
        values["closes_at"] = now  # closed early: the page says when it really closed
    before = _claim(consultation, C.CLOSED, **values)
    if consultation.amendment_id:
        strategy_workflow.mark_consultation_closed(amendment=consultation.amendment, actor=actor)
    AuditEvent.objects.record(
        action="consultation.closed", obj=consultation, actor=actor, before=before, after=C.CLOSED
    )


@transaction.atomic
def cancel_consultation(*, consultation: Consultation, actor: Any) -> None:
    before = _claim(consultation, C.CANCELLED)
    AuditEvent.objects.record(
        action="consultation.cancelled", obj=consultation, actor=actor, before=before
    )


@transaction.atomic
def finish_consultation(*, consultation: Consultation, actor: Any, conclusion: str = "") -> None:
    """Close as answered (INV-07): refused while any visible suggestion has no answer.
    Answers are then final and the summary report is published."""
    unanswered = consultation.suggestions.filter(hidden_at=None, response=None).count()
    if unanswered:
        raise Refused(
            ngettext(
                "%(count)s suggestion has no answer yet: answer every suggestion first (INV-07).",
                "%(count)s suggestions have no answer yet: answer every suggestion first (INV-07).",
                unanswered,
            )
            % {"count": unanswered}
        )
    before = _claim(consultation, C.ANSWERED, answered_at=timezone.now(), conclusion=conclusion)
    AuditEvent.objects.record(
        action="consultation.answered", obj=consultation, actor=actor, before=before
    )


def open_and_close_due(now: datetime.datetime | None = None) -> tuple[int, int]:
    """What the scheduled command does: open what is due, close what is over.
    Returns (opened, closed). A row someone else claimed first is skipped."""
    now = now or timezone.now()
    opened = closed = 0
    for consultation in Consultation.objects.due_to_open(now).select_related("amendment"):
        opened += _quietly(open_consultation, consultation)
    for consultation in Consultation.objects.due_to_close(now).select_related("amendment"):
        closed += _quietly(close_consultation, consultation)
    return opened, closed


def _quietly(function, consultation: Consultation) -> int:
    try:
        with transaction.atomic():
            function(consultation=consultation)
    except Refused:
        return 0
    return 1


# --- Residents: taking part ----------------------------------------------------------------


def posting_problems(
    user: Any, consultation: Consultation, now: datetime.datetime | None = None
) -> list[str]:
    """Why `user` may not post in `consultation` right now (empty when they may)."""
    if not getattr(user, "is_authenticated", False):
        return [_("Log in to take part in the consultation.")]
    if not can_take_part(user):
        return [_("Confirm your e-mail address first: open the link we sent you.")]
    now = now or timezone.now()
    if not consultation.is_open_now(now):
        if consultation.status in (C.DRAFT, C.SCHEDULED) or now < consultation.opens_at:
            return [_("The consultation is not open yet.")]
        return [
            _(
                "The consultation has closed; suggestions, comments and supports are no longer taken."
            )
        ]
    return []


def _check_can_post(user: Any, consultation: Consultation) -> None:
    problems = posting_problems(user, consultation)
    if problems:
        raise Refused(*problems)


def _check_rate(user: Any) -> None:
    """At most N posts (suggestions and comments) per user in any hour. The count
    is of rows in the database, so every worker sees it; locking the author's row
    first makes two posts sent at the same moment count one after the other."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = sorted(
        [
            *Suggestion.objects.filter(author=user, created_at__gt=since).values_list(
                "created_at", flat=True
            ),
            *Comment.objects.filter(author=user, created_at__gt=since).values_list(
                "created_at", flat=True
            ),
        ]
    )
    limit = posts_per_hour()
    if len(recent) >= limit:
        wait = recent[-limit] + datetime.timedelta(hours=1) - timezone.now()
        minutes = max(1, int(wait.total_seconds() // 60) + 1)
        raise Refused(
            ngettext(
                "You have posted %(limit)s times within an hour. Please wait %(minutes)s minute before posting again.",
                "You have posted %(limit)s times within an hour. Please wait %(minutes)s minutes before posting again.",
                minutes,
            )
            % {"limit": limit, "minutes": minutes}
        )


def _participation(user: Any, consultation: Consultation, link: str | None) -> None:
    """Every participant states their link to the territory once per consultation."""
    if Participation.objects.filter(consultation=consultation, user=user).exists():
        return
    if not link:
        raise Refused(_("Tell us whether you live, work or act in the territory first."))
    Participation.objects.create(consultation=consultation, user=user, link=link)
    AuditEvent.objects.record(
        action="consultation.participation_stated", obj=consultation, actor=user, link=link
    )


@transaction.atomic
def state_participation(*, consultation: Consultation, user: Any, link: str, follow: bool) -> None:
    """A resident says how they are linked to the territory (and may follow)."""
    if not can_take_part(user):
        raise Refused(_("Confirm your e-mail address first: open the link we sent you."))
    _participation(user, consultation, link)
    if follow:
        follow_consultation(consultation=consultation, user=user)


@transaction.atomic
def follow_consultation(*, consultation: Consultation, user: Any) -> None:
    _, created = Follower.objects.get_or_create(consultation=consultation, user=user)
    if created:
        AuditEvent.objects.record(action="consultation.followed", obj=consultation, actor=user)


@transaction.atomic
def unfollow_consultation(*, consultation: Consultation, user: Any) -> None:
    deleted, _rows = Follower.objects.filter(consultation=consultation, user=user).delete()
    if deleted:
        AuditEvent.objects.record(action="consultation.unfollowed", obj=consultation, actor=user)


@transaction.atomic
def submit_suggestion(
    *,
    consultation: Consultation,
    author: Any,
    title: str,
    text: str,
    objective=None,
    measure=None,
    attachment=None,
    attachment_type: str = "",
    link: str | None = None,
) -> Suggestion:
    """A resident's suggestion: checks the clock, e-mail verification, the link to the
    territory and the rate limit; saves it and audits. The author follows the consultation."""
    _check_can_post(author, consultation)
    _participation(author, consultation, link)
    _check_rate(author)
    suggestion = Suggestion.objects.create(
        consultation=consultation,
        author=author,
        author_name=public_name(author),
        title=title,
        text=text,
        objective=objective or (measure.objective if measure else None),
        measure=measure,
        attachment=attachment or "",
        attachment_type=attachment_type if attachment else "",
    )
    Follower.objects.get_or_create(consultation=consultation, user=author)
    AuditEvent.objects.record(
        action="consultation.suggestion_submitted", obj=suggestion, actor=author
    )
    return suggestion


@transaction.atomic
def add_comment(
    *,
    suggestion: Suggestion,
    author: Any,
    text: str,
    parent: Comment | None = None,
    link: str | None = None,
) -> Comment:
    """A comment, or a reply to a top-level comment (threads are one level deep).
    Counts it on the suggestion and e-mails the suggestion's author."""
    consultation = suggestion.consultation
    _check_can_post(author, consultation)
    if parent is not None and (parent.suggestion_id != suggestion.pk or parent.parent_id):
        raise Refused(_("Replies can only be made to a comment on the same suggestion."))
    if suggestion.is_hidden:
        raise Refused(_("A hidden suggestion cannot be commented on."))
    _participation(author, consultation, link)
    _check_rate(author)
    comment = Comment.objects.create(
        suggestion=suggestion,
        parent=parent,
        author=author,
        author_name=public_name(author),
        text=text,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(comment_count=F("comment_count") + 1)
    AuditEvent.objects.record(action="consultation.comment_added", obj=comment, actor=author)
    emails.suggestion_commented(comment)
    return comment


@transaction.atomic
def support_suggestion(*, suggestion: Suggestion, user: Any) -> None:
    """One support per resident and suggestion; the counter moves with the row."""
    consultation = suggestion.consultation
    _check_can_post(user, consultation)
    if suggestion.author_id == user.pk:
        raise Refused(_("You cannot support your own suggestion."))
    if suggestion.is_hidden:
        raise Refused(_("A hidden suggestion cannot be supported."))
    _participation(user, consultation, None)
    try:
        with transaction.atomic():
            Support.objects.create(suggestion=suggestion, user=user)
    except IntegrityError:
        raise Refused(_("You already support this suggestion.")) from None
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") + 1)
    AuditEvent.objects.record(action="consultation.supported", obj=suggestion, actor=user)


@transaction.atomic
def withdraw_support(*, suggestion: Suggestion, user: Any) -> None:
    """Possible while the consultation is open."""
    _check_can_post(user, suggestion.consultation)
    deleted, _rows = Support.objects.filter(suggestion=suggestion, user=user).delete()
    if not deleted:
        raise Refused(_("You do not support this suggestion."))
    Suggestion.objects.filter(pk=suggestion.pk).update(support_count=F("support_count") - 1)
    AuditEvent.objects.record(action="consultation.support_withdrawn", obj=suggestion, actor=user)


# --- Staff: answers and moderation -----------------------------------------------------------


@transaction.atomic
def answer_suggestion(
    *, suggestion: Suggestion, actor: Any, outcome: str, reasons: str
) -> Response:
    """Record or revise the LAG's answer; public at once. The author is e-mailed the
    first answer. Refused once the consultation's answers are published."""
    consultation = Consultation.objects.select_for_update().get(pk=suggestion.consultation_id)
    if consultation.status not in C.answerable():
        raise Refused(
            _(
                "Answers can be recorded while the consultation is open or being answered, not when it is “%(status)s”."
            )
            % {"status": consultation.get_status_display()}
        )
    response = Response.objects.filter(suggestion=suggestion).first()
    if response is None:
        response = Response.objects.create(
            suggestion=suggestion, outcome=outcome, reasons=reasons, answered_by=actor
        )
        emails.suggestion_answered(response)
    else:
        before = {"outcome": response.outcome, "reasons": response.reasons}
        response.outcome, response.reasons = outcome, reasons
        response.updated_at = timezone.now()
        response.save(update_fields=["outcome", "reasons", "updated_at"])
        AuditEvent.objects.record(
            action="consultation.answer_revised", obj=suggestion, actor=actor, before=before
        )
        return response
    AuditEvent.objects.record(
        action="consultation.answered_suggestion", obj=suggestion, actor=actor, outcome=outcome
    )
    return response


@transaction.atomic
def report_content(*, item: Suggestion | Comment, reporter: Any, reason: str) -> Report:
    """Anyone logged in may ask the moderators to look at a suggestion or comment."""
    if not getattr(reporter, "is_authenticated", False):
        raise Refused(_("Log in to report content."))
    target = {"comment": item} if isinstance(item, Comment) else {"suggestion": item}
    if Report.objects.filter(reporter=reporter, handled_at=None, **target).exists():
        raise Refused(_("You have already reported this; the moderators will look at it."))
    report = Report.objects.create(reporter=reporter, reason=reason, **target)
    AuditEvent.objects.record(
        action="consultation.reported", obj=item, actor=reporter, reason=reason
    )
    return report


def _handle_reports(item: Suggestion | Comment, actor: Any, outcome: str) -> None:
    target = {"comment": item} if isinstance(item, Comment) else {"suggestion": item}
    Report.objects.filter(handled_at=None, **target).update(
        handled_at=timezone.now(), handled_by=actor, outcome=outcome
    )
    # An update sends no post_save: the staff's shared counts of reports waiting (and
    # anything else kept per page-cache generation) start again after the commit.
    transaction.on_commit(pagecache.invalidate)


@transaction.atomic
def hide_content(*, item: Suggestion | Comment, actor: Any, reason: str) -> None:
    """Hide a suggestion or comment: the reason is shown in its place, nothing is deleted;
    open reports on it are closed and the author is told by e-mail."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.is_hidden:
        raise Refused(_("It is already hidden."))
    item.hidden_at, item.hidden_by, item.hidden_reason = timezone.now(), actor, reason
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _handle_reports(item, actor, ReportOutcome.HIDDEN)
    AuditEvent.objects.record(action="consultation.hidden", obj=item, actor=actor, reason=reason)
    emails.content_hidden(item)


@transaction.atomic
def restore_content(*, item: Suggestion | Comment, actor: Any) -> None:
    """Undo a hiding made in error; the audit log keeps both."""
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if not item.is_hidden:
        raise Refused(_("It is not hidden."))
    before = item.hidden_reason
    item.hidden_at, item.hidden_by, item.hidden_reason = None, None, ""
    item.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    AuditEvent.objects.record(action="consultation.restored", obj=item, actor=actor, reason=before)


@transaction.atomic
def dismiss_report(*, report: Report, actor: Any) -> None:
    if report.handled_at is not None:
        raise Refused(_("This report has already been handled."))
    _handle_reports(report.target, actor, ReportOutcome.DISMISSED)
    AuditEvent.objects.record(
        action="consultation.report_dismissed", obj=report.target, actor=actor
    )
