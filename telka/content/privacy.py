"""Personal data the public site holds: event registrations, found by e-mail address.

Registrations are not linked to accounts (visitors register without one), so a
user's data is every registration made with their account's e-mail address."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from telka.audit.models import AuditEvent

from .models import EventRegistration

ANONYMOUS_NAME = "—"


def _registrations(user: Any):
    return EventRegistration.objects.filter(email__iexact=user.email).select_related("event")


def export_personal_data(user: Any) -> dict:
    return {
        "event_registrations": [
            {
                "event": registration.event.title,
                "event_starts_at": registration.event.starts_at.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "phone": registration.phone,
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": registration.cancelled_at.isoformat()
                if registration.cancelled_at
                else None,
            }
            for registration in _registrations(user)
        ]
    }


@transaction.atomic
def anonymise_personal_data(user: Any) -> None:
    """Replace the name, e-mail and phone of the user's registrations. The rows stay, so
    past attendance counts remain true; places at events still to come are given back."""
    now = timezone.now()
    for registration in _registrations(user).select_for_update(of=("self",)):
        registration.name = ANONYMOUS_NAME
        registration.email = f"anonymised-{registration.pk}@invalid"
        registration.phone = ""
        if registration.cancelled_at is None and registration.event.starts_at > now:
            registration.cancelled_at = now
        registration.save(update_fields=["name", "email", "phone", "cancelled_at"])
        AuditEvent.objects.record(
            action="event.registration_anonymised",
            obj=registration.event,
            registration=registration.pk,
        )
