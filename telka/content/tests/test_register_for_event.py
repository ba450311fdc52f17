import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from telka.audit.models import AuditEvent
from telka.content.models import Event, EventRegistration
from telka.content.workflow import register_for_event
from telka.lib.workflow import Refused

from .builders import make_event, register


@pytest.fixture(autouse=True)
def english():
    """Refusals are asserted in English (the msgids); the site default is Lithuanian."""
    with translation.override("en"):
        yield


PERSON = {"name": "Rita Vaitkutė", "email": "rita@example.test", "consent": True}


def test_it_books_a_place_audits_it_and_mails_a_confirmation_with_the_event(
    lag, django_capture_on_commit_callbacks
):
    event = make_event(lag, title="Mokymai pareiškėjams", capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_for_event(event=event, phone=" +370 600 00000 ", **PERSON)
    registration.refresh_from_db()
    assert (registration.name, registration.phone) == ("Rita Vaitkutė", "+370 600 00000")
    audit = AuditEvent.objects.for_object(event).get()
    assert audit.action == "event.registered"
    assert audit.changes == {"registration": registration.pk, "places_taken": 1, "capacity": 10}
    assert "rita" not in str(audit.changes) and "Rita" not in audit.object_repr
    [message] = mail.outbox
    assert message.to == ["rita@example.test"]
    assert "Mokymai pareiškėjams" in message.subject
    with translation.override("lt"):  # the visitor registered on the Lithuanian page
        assert registration.get_cancel_url() in message.body
    [(filename, ics, mimetype)] = message.attachments
    assert filename == f"{event.slug}.ics" and mimetype == "text/calendar"
    assert "SUMMARY:Mokymai pareiškėjams" in ics


def test_it_writes_the_e_mail_in_the_visitors_language(lag, django_capture_on_commit_callbacks):
    event = make_event(lag, title="Mokymai", title_en="Training for applicants")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, language="en", **PERSON)
    [message] = mail.outbox
    assert message.subject == "Registration confirmed: Training for applicants"
    assert "/en/events/registration/" in message.body


def test_it_refuses_a_place_when_all_are_taken(lag):
    event = make_event(lag, capacity=1)
    register(event)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **PERSON)
    assert refusal.value.reasons == ["All places are taken: registration is closed."]
    assert event.registrations.count() == 1
    assert not AuditEvent.objects.exists()


def test_a_cancelled_place_can_be_taken_again(lag):
    event = make_event(lag, capacity=1)
    register(event, cancelled_at=timezone.now())
    register_for_event(event=event, **PERSON)
    assert event.registrations.active().count() == 1


@pytest.mark.parametrize("email", ["rita@example.test", "RITA@Example.TEST", " Rita@example.test "])
def test_it_refuses_the_same_e_mail_twice_whatever_its_letter_case(lag, email):
    event = make_event(lag)
    register_for_event(event=event, **PERSON)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **{**PERSON, "email": email})
    assert refusal.value.reasons == ["This e-mail address is already registered for this event."]
    assert event.registrations.count() == 1


@pytest.mark.parametrize("email", ["rita", "rita@", "rita@example", "a b@example.test", ""])
def test_it_refuses_a_malformed_e_mail_and_stores_nothing(lag, email):
    event = make_event(lag)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **{**PERSON, "email": email})
    assert refusal.value.reasons == [
        "Enter a valid e-mail address, for example vardas@pavyzdys.lt."
    ]
    assert not EventRegistration.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_without_a_name_or_consent(lag):
    event = make_event(lag)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **{**PERSON, "name": "  ", "consent": False})
    assert refusal.value.reasons == [
        "Enter your name.",
        "Registration needs your consent to the use of your data.",
    ]
    assert not EventRegistration.objects.exists()


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"has_registration": False}, "This event has no registration on the site."),
        ({"is_published": False}, "This event has no registration on the site."),
        ({"in_days": -1}, "Registration for this event is closed."),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)},
            "Registration for this event is closed.",
        ),
    ],
)
def test_it_refuses_when_registration_is_not_open(lag, fields, reason):
    event = make_event(lag, **fields)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **PERSON)
    assert refusal.value.reasons == [reason]
    assert not EventRegistration.objects.exists()


def test_it_says_when_registration_opens(lag):
    opens = timezone.make_aware(datetime.datetime(2099, 3, 5, 9, 30))
    event = make_event(lag, in_days=40000, registration_opens_at=opens)
    with pytest.raises(Refused) as refusal:
        register_for_event(event=event, **PERSON)
    assert refusal.value.reasons == ["Registration opens on 5 March 2099, 09:30."]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_the_capacity(lag):
    """Twelve people press "Register" at the same moment for the last three places."""
    event = make_event(lag, capacity=5)
    for _ in range(2):
        register(event)
    start = threading.Barrier(12)
    outcomes: list[str] = []

    def attempt(number: int) -> None:
        start.wait()
        try:
            register_for_event(
                event=Event.objects.get(pk=event.pk),
                name=f"Dalyvis {number}",
                email=f"d{number}@example.test",
                consent=True,
            )
            outcomes.append("booked")
        except Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes).count("booked") == 3
    assert event.registrations.active().count() == 5
    assert AuditEvent.objects.filter(action="event.registered").count() == 3
