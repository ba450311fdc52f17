"""E-mails of the public site. One function per message (templates/emails/<name>-*)."""

from django.utils import translation

from telka.lib.mail import absolute_url, send_templated

from . import ical
from .models import EventRegistration


def registration_confirmed(registration: EventRegistration) -> None:
    """Tell a person their place is booked; attach the event for their calendar and
    give them the link that cancels the place."""
    event = registration.event
    with translation.override(registration.language):
        event_url = absolute_url(event.get_absolute_url())
        attachment = ical.calendar(
            [event], name=event.lag.short_name, url_for=lambda _event: event_url
        )
        cancel_url = absolute_url(registration.get_cancel_url())
    send_templated(
        "event_registration_confirmed",
        to=registration.email,
        language=registration.language,
        context={
            "registration": registration,
            "event": event,
            "lag": event.lag,
            "event_url": event_url,
            "cancel_url": cancel_url,
        },
        attachments=[(f"{event.slug}.ics", attachment.encode(), "text/calendar")],
    )
