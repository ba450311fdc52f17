"""State changes of the public site: a place at an event is taken or given back.

Each function is atomic, audited and raises `Refused` with sentences for the
visitor when the change is not allowed; nothing is stored then."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused

from . import emails
from .models import Event, EventRegistration

ALREADY_REGISTERED = gettext_noop("This e-mail address is already registered for this event.")


def _check_person(name: str, email: str, consent: bool) -> None:
    reasons = []
    if not name.strip():
        reasons.append(_("Enter your name."))
    try:
        validate_email(email)
    except ValidationError:
        reasons.append(_("Enter a valid e-mail address, for example vardas@pavyzdys.lt."))
    if not consent:
        reasons.append(_("Registration needs your consent to the use of your data."))
    if reasons:
        raise Refused(*reasons)


@transaction.atomic
def register_for_event(
    *,
    event: Event,
    name: str,
    email: str,
    consent: bool,
    phone: str = "",
    language: str = "lt",
    now: datetime.datetime | None = None,
) -> EventRegistration:
    """Give a person a place at `event`.

    Steps: check the name, e-mail address and consent; lock the event row, so
    two people can never take the last place at the same time; refuse when the
    address already holds a place (whatever its letter case), registration is
    not open or every place is taken; store the registration; write the audit
    event `event.registered` (without personal data: the audit log is
    append-only and is never anonymised); queue the confirmation e-mail with
    the event's .ics and the cancellation link, sent after commit.
    """
    name, email = name.strip(), email.strip()
    _check_person(name, email, consent)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    active = EventRegistration.objects.active().filter(event=locked)
    if active.filter(email__iexact=email).exists():
        raise Refused(_(ALREADY_REGISTERED))
    taken = active.count()
    refusal = locked.registration_refusal(taken, now)
    if refusal:
        raise Refused(refusal)
    try:
        with transaction.atomic():
            registration = EventRegistration.objects.create(
                event=locked,
                name=name,
                email=email,
                phone=phone.strip(),
                consent=True,
                language=language,
            )
    except IntegrityError as error:  # the unique constraint, should the lock be bypassed
        raise Refused(_(ALREADY_REGISTERED)) from error
    AuditEvent.objects.record(
        action="event.registered",
        obj=locked,
        registration=registration.pk,
        places_taken=taken + 1,
        capacity=locked.capacity,
    )
    emails.registration_confirmed(registration)
    return registration


@transaction.atomic
def cancel_registration(*, token: str, now: datetime.datetime | None = None) -> EventRegistration:
    """Give back the place held under `token` (from the e-mailed link).

    Steps: lock the registration; refuse when it is already cancelled or the
    event has started; set `cancelled_at`, which frees the place; write the
    audit event `event.registration_cancelled`.
    """
    now = now or timezone.now()
    registration = (
        EventRegistration.objects.select_for_update()
        .select_related("event")
        .filter(cancel_token=token)
        .first()
    )
    if registration is None:
        raise Refused(_("This cancellation link is not valid."))
    if registration.cancelled_at is not None:
        raise Refused(_("This registration was already cancelled."))
    if now >= registration.event.starts_at:
        raise Refused(_("The event has started, so the registration can no longer be cancelled."))
    registration.cancelled_at = now
    registration.save(update_fields=["cancelled_at"])
    AuditEvent.objects.record(
        action="event.registration_cancelled",
        obj=registration.event,
        registration=registration.pk,
    )
    return registration


@transaction.atomic
def set_published(*, items: QuerySet, is_published: bool, actor: Any) -> int:
    """Publish or withdraw pages, news, documents or events (an admin action).

    Steps: lock the selected rows; skip those already in the wanted state;
    save the others with `update_fields`; write one audit event each
    (`<model>.published` or `<model>.withdrawn`). Returns how many changed.
    """
    verb = "published" if is_published else "withdrawn"
    changed = 0
    for item in items.select_for_update():
        if item.is_published == is_published:
            continue
        item.is_published = is_published
        fields = ["is_published"]
        if any(f.name == "updated_at" for f in item._meta.fields):
            fields.append("updated_at")
        item.save(update_fields=fields)
        AuditEvent.objects.record(
            action=f"{item._meta.model_name}.{verb}",
            obj=item,
            actor=actor,
            fields=["is_published"],
            before={"is_published": not is_published},
            after={"is_published": is_published},
        )
        changed += 1
    return changed
