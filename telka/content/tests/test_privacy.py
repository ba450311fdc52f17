from telka.audit.models import AuditEvent
from telka.content.privacy import anonymise_personal_data, export_personal_data

from .builders import make_event, register


def test_it_exports_the_registrations_made_with_the_users_e_mail(lag, rita):
    event = make_event(lag, title="Mokymai")
    register(event, email="RITA@example.test", name="Rita Vaitkutė", phone="+37060000000")
    register(event, email="kitas@example.test")
    [exported] = export_personal_data(rita)["event_registrations"]
    assert (exported["event"], exported["name"], exported["phone"]) == (
        "Mokymai",
        "Rita Vaitkutė",
        "+37060000000",
    )


def test_it_anonymises_registrations_and_gives_back_places_still_to_come(lag, rita):
    upcoming = register(make_event(lag), email=rita.email, name="Rita Vaitkutė", phone="8600")
    past_event = make_event(lag, in_days=-3)
    past = register(past_event, email=rita.email, name="Rita Vaitkutė")
    other = register(make_event(lag), email="kitas@example.test", name="Kitas")
    anonymise_personal_data(rita)
    for registration in (upcoming, past, other):
        registration.refresh_from_db()
    assert (upcoming.name, upcoming.phone) == ("—", "")
    assert upcoming.email == f"anonymised-{upcoming.pk}@invalid"
    assert upcoming.cancelled_at is not None and past.cancelled_at is None
    assert past.name == "—" and other.name == "Kitas"
    assert AuditEvent.objects.filter(action="event.registration_anonymised").count() == 2
    assert export_personal_data(rita) == {"event_registrations": []}
    assert past_event.registrations.count() == 1  # past attendance still counts
