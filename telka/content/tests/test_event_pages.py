import datetime

from django.core import mail
from django.utils import timezone, translation

from telka.audit.models import AuditEvent
from telka.content.models import EventRegistration

from .builders import make_event, register


def cancel_url(registration: EventRegistration, language: str = "lt") -> str:
    with translation.override(language):
        return registration.get_cancel_url()


FORM = {"name": "Rita Vaitkutė", "email": "rita@example.test", "phone": "", "consent": "on"}


def test_it_registers_a_visitor_and_redirects_with_a_confirmation(
    client, lag, django_capture_on_commit_callbacks
):
    event = make_event(lag, capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/", FORM, follow=True)
    assert response.redirect_chain == [(f"/en/events/{event.slug}/", 302)]
    assert "You are registered. We sent a confirmation" in response.text
    assert "2 free of 3" in response.text
    registration = EventRegistration.objects.get()
    assert (registration.email, registration.language) == ("rita@example.test", "en")
    assert [m.to for m in mail.outbox] == [["rita@example.test"]]


def test_a_full_event_says_so_and_offers_no_form(client, lag):
    event = make_event(lag, capacity=1)
    register(event)
    response = client.get(f"/en/events/{event.slug}/")
    assert "All places are taken: registration is closed." in response.text
    assert 'name="email"' not in response.text


def test_over_capacity_is_refused_with_a_message_and_the_typed_data_kept(client, lag):
    """Two people open the form; the first takes the last place; the second is told why."""
    event = make_event(lag, capacity=1)
    page = client.get(f"/en/events/{event.slug}/")
    assert 'name="email"' in page.text
    register(event)
    response = client.post(f"/en/events/{event.slug}/", FORM)
    assert response.status_code == 200
    assert "All places are taken: registration is closed." in response.text
    assert EventRegistration.objects.filter(email="rita@example.test").count() == 0
    assert not AuditEvent.objects.exists()


def test_the_same_e_mail_twice_is_refused_and_the_form_keeps_what_was_typed(client, lag):
    event = make_event(lag)
    register(event, email="rita@example.test")
    response = client.post(
        f"/en/events/{event.slug}/", {**FORM, "email": "Rita@Example.test", "phone": "861234567"}
    )
    assert "This e-mail address is already registered for this event." in response.text
    assert 'value="Rita@Example.test"' in response.text and 'value="861234567"' in response.text
    assert event.registrations.count() == 1


def test_a_malformed_e_mail_is_refused_at_the_field_and_nothing_is_stored(client, lag):
    event = make_event(lag)
    response = client.post(f"/en/events/{event.slug}/", {**FORM, "email": "rita@@example"})
    assert "Please correct the marked fields." in response.text
    assert "Enter a valid email address." in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'value="Rita Vaitkutė"' in response.text
    assert not EventRegistration.objects.exists()


def test_registration_without_consent_is_refused(client, lag):
    event = make_event(lag)
    response = client.post(f"/en/events/{event.slug}/", {**FORM, "consent": ""})
    assert "Registration needs your consent to the use of your data." in response.text
    assert not EventRegistration.objects.exists()


def test_the_lithuanian_page_refuses_in_lithuanian(client, lag):
    event = make_event(lag, capacity=1)
    register(event)
    response = client.post(f"/events/{event.slug}/", FORM)
    assert "Visos vietos užimtos" in response.text


def test_unpublished_and_foreign_events_are_not_found(client, lag):
    from tests.base import make_lag

    hidden = make_event(lag, is_published=False)
    other = make_event(make_lag(slug="kita", name="Kita VVG"))
    for event in (hidden, other):
        assert client.get(f"/events/{event.slug}/").status_code == 404
        assert client.post(f"/events/{event.slug}/", FORM).status_code == 404
        assert client.get(f"/events/{event.slug}/event.ics").status_code == 404
    assert not EventRegistration.objects.exists()


def test_the_event_list_separates_upcoming_and_past_events_and_says_when_empty(client, lag):
    response = client.get("/en/events/")
    assert "No events are planned at the moment." in response.text
    assert "No past events yet." in response.text
    make_event(lag, title="Ateities mokymai", in_days=3, capacity=10)
    make_event(lag, title="Praėjęs susitikimas", in_days=-30)
    response = client.get("/en/events/")
    upcoming, past = response.text.split("Past events")
    assert "Ateities mokymai" in upcoming and "0 of 10 places taken." in upcoming
    assert "Praėjęs susitikimas" in past


def test_cancelling_by_the_e_mailed_link_frees_the_place(client, lag):
    event = make_event(lag, capacity=1)
    registration = register(event)
    url = cancel_url(registration)
    page = client.get(url)
    assert registration.email in page.text
    response = client.post(url, follow=True)
    assert "Jūsų registracija atšaukta" in response.text
    registration.refresh_from_db()
    assert registration.cancelled_at is not None
    assert AuditEvent.objects.get().action == "event.registration_cancelled"
    assert "1 laisva iš 1" in response.text


def test_a_cancelled_registration_cannot_be_cancelled_again(client, lag):
    registration = register(make_event(lag), cancelled_at=timezone.now())
    response = client.post(cancel_url(registration, "en"), follow=True)
    assert "This registration was already cancelled." in response.text
    assert not AuditEvent.objects.exists()


def test_a_place_cannot_be_given_back_after_the_event_started(client, lag):
    event = make_event(lag, in_days=0, hours=5)
    event.starts_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    registration = register(event)
    response = client.post(cancel_url(registration, "en"))
    assert "The event has started" in response.text
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_a_forged_or_foreign_cancellation_link_is_not_found(client, lag):
    registration = register(make_event(lag))
    forged = f"/events/registration/{registration.cancel_token}:forged/cancel/"
    assert client.get(forged).status_code == 404
    assert client.post(forged).status_code == 404
    registration.refresh_from_db()
    assert registration.cancelled_at is None


def test_a_phone_that_is_not_a_number_is_refused_and_nothing_is_stored(client, lag):
    event = make_event(lag)
    response = client.post(f"/en/events/{event.slug}/", {**FORM, "phone": "abc"})
    assert "Enter a phone number of digits, e.g. +370 612 34567." in response.text
    assert 'value="Rita Vaitkutė"' in response.text
    assert not EventRegistration.objects.exists()
