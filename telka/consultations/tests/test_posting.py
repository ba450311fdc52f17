import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.consultations import workflow
from telka.consultations.models import (
    Comment,
    ConsultationStatus,
    Participation,
    Response,
    Suggestion,
    Support,
)
from telka.lib.workflow import Refused
from tests.base import PASSWORD, make_user

from .builders import make_comment, make_consultation, make_suggestion, take_part


@pytest.fixture
def consultation(lag, strategy):
    return make_consultation(lag)


@pytest.fixture
def jonas(db):
    return make_user("jonas@example.test", "Jonas Petraitis")


def post(consultation, user, **values):
    values = {"title": "Centras vakarais", "text": "Iki 20 val.", **values}
    return workflow.submit_suggestion(consultation=consultation, author=user, **values)


def test_a_verified_resident_posts_after_stating_their_link(consultation, rita):
    suggestion = post(consultation, rita, link="lives")
    assert (suggestion.author_name, suggestion.title) == ("Rita V.", "Centras vakarais")
    assert Participation.objects.get(user=rita).link == "lives"
    assert consultation.followers.filter(user=rita).exists()
    assert AuditEvent.objects.filter(
        action="consultation.suggestion_submitted", actor=rita
    ).exists()


def test_the_link_to_the_territory_must_be_stated(consultation, rita):
    with pytest.raises(Refused, match="live, work or act in the territory"):
        post(consultation, rita)
    assert not Suggestion.objects.exists()


def test_an_unverified_user_cannot_post(consultation, otto):
    with pytest.raises(Refused, match="Confirm your e-mail address"):
        post(consultation, otto, link="lives")
    assert not Suggestion.objects.exists()


def test_posting_after_the_closing_time_is_refused_even_before_the_command_runs(
    lag, strategy, rita
):
    consultation = make_consultation(lag, closes_at=timezone.now() - datetime.timedelta(seconds=1))
    assert consultation.status == ConsultationStatus.OPEN
    with pytest.raises(Refused, match="The consultation has closed"):
        post(consultation, rita, link="lives")


def test_posting_before_the_opening_time_is_refused(lag, strategy, rita):
    consultation = make_consultation(
        lag,
        status=ConsultationStatus.SCHEDULED,
        opens_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(Refused, match="not open yet"):
        post(consultation, rita, link="lives")


def test_posting_is_rate_limited_per_user(consultation, rita, jonas, settings):
    settings.TELKA_CONSULTATION_POSTS_PER_HOUR = 3
    suggestion = post(consultation, rita, link="lives")
    workflow.add_comment(suggestion=suggestion, author=rita, text="Papildau.")
    post(consultation, rita, title="Antras")
    with pytest.raises(Refused) as refusal:
        workflow.add_comment(suggestion=suggestion, author=rita, text="Dar kartą.")
    assert refusal.value.reasons == [
        "You have posted 3 times within an hour. Please wait 60 minutes before posting again."
    ]
    assert Suggestion.objects.count() + Comment.objects.count() == 3
    post(consultation, jonas, link="works")  # the limit is per person


def test_the_rate_limit_message_keeps_what_was_typed(client, consultation, rita, settings):
    settings.TELKA_CONSULTATION_POSTS_PER_HOUR = 1
    take_part(consultation, rita)
    make_suggestion(consultation, rita)
    client.login(username=rita.email, password=PASSWORD)
    response = client.post(
        f"/en/consultations/{consultation.pk}/suggest/",
        {"title": "Mano antrasis", "text": "Ilgas tekstas, kurio negaila prarasti."},
    )
    assert response.status_code == 400
    assert "You have posted 1 times within an hour" in response.text
    assert "Ilgas tekstas, kurio negaila prarasti.</textarea>" in response.text
    assert Suggestion.objects.count() == 1


def test_a_suggestion_is_posted_through_the_page(client, consultation, rita):
    client.login(username=rita.email, password=PASSWORD)
    pdf = SimpleUploadedFile("planas.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = client.post(
        f"/consultations/{consultation.pk}/suggest/",
        {"title": "Planas", "text": "Žr. priedą.", "link": "acts", "attachment": pdf},
    )
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consultations/suggestions/{suggestion.pk}/"
    assert suggestion.attachment_type == "application/pdf"
    download = client.get(f"/consultations/suggestions/{suggestion.pk}/attachment/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"


def test_an_attachment_that_is_not_what_its_name_says_is_refused(client, consultation, rita):
    client.login(username=rita.email, password=PASSWORD)
    fake = SimpleUploadedFile("planas.pdf", b"MZ\x90\x00 program", content_type="application/pdf")
    response = client.post(
        f"/en/consultations/{consultation.pk}/suggest/",
        {"title": "Planas", "text": "Žr. priedą.", "link": "acts", "attachment": fake},
    )
    assert response.status_code == 400
    assert "this file is not one of them" in response.text
    assert not Suggestion.objects.exists()


def test_supporting_once_each_and_withdrawing(consultation, rita, jonas):
    suggestion = make_suggestion(consultation, rita)
    take_part(consultation, jonas)
    workflow.support_suggestion(suggestion=suggestion, user=jonas)
    with pytest.raises(Refused, match="You already support this suggestion"):
        workflow.support_suggestion(suggestion=suggestion, user=jonas)
    suggestion.refresh_from_db()
    assert (suggestion.support_count, Support.objects.count()) == (1, 1)
    workflow.withdraw_support(suggestion=suggestion, user=jonas)
    suggestion.refresh_from_db()
    assert (suggestion.support_count, Support.objects.count()) == (0, 0)
    with pytest.raises(Refused, match="You do not support"):
        workflow.withdraw_support(suggestion=suggestion, user=jonas)


def test_no_one_supports_their_own_suggestion(consultation, rita):
    take_part(consultation, rita)
    suggestion = make_suggestion(consultation, rita)
    with pytest.raises(Refused, match="your own suggestion"):
        workflow.support_suggestion(suggestion=suggestion, user=rita)


def test_support_cannot_be_withdrawn_after_the_consultation_closed(consultation, rita, jonas):
    suggestion = make_suggestion(consultation, rita)
    take_part(consultation, jonas)
    workflow.support_suggestion(suggestion=suggestion, user=jonas)
    consultation.status = ConsultationStatus.CLOSED
    consultation.save(update_fields=["status"])
    with pytest.raises(Refused, match="has closed"):
        workflow.withdraw_support(suggestion=suggestion, user=jonas)
    assert Support.objects.count() == 1


def test_the_kept_counters_match_the_rows(consultation, rita, jonas, otto, lag):
    people = [rita, jonas] + [make_user(f"r{n}@example.test", f"R {n}") for n in range(4)]
    for person in people:
        take_part(consultation, person)
    first, second = make_suggestion(consultation, rita), make_suggestion(consultation, jonas)
    for person in people[2:]:
        workflow.support_suggestion(suggestion=first, user=person)
        workflow.support_suggestion(suggestion=second, user=person)
        workflow.add_comment(suggestion=first, author=person, text="Taip.")
    workflow.withdraw_support(suggestion=second, user=people[3])
    top = first.comments.first()
    workflow.add_comment(suggestion=first, author=jonas, text="Atsakau.", parent=top)
    counted = Suggestion.objects.annotate(
        supports_n=Count("supports", distinct=True), comments_n=Count("comments", distinct=True)
    )
    assert [(s.support_count, s.comment_count) for s in counted.order_by("pk")] == [(4, 5), (3, 0)]
    assert all(s.support_count == s.supports_n and s.comment_count == s.comments_n for s in counted)


def test_replies_are_one_level_deep(consultation, rita, jonas):
    suggestion = make_suggestion(consultation, rita)
    take_part(consultation, jonas)
    top = make_comment(suggestion, rita)
    reply = workflow.add_comment(suggestion=suggestion, author=jonas, text="Sutinku.", parent=top)
    with pytest.raises(Refused, match="Replies can only be made"):
        workflow.add_comment(suggestion=suggestion, author=jonas, text="Gilyn.", parent=reply)
    assert Comment.objects.count() == 2


def test_the_author_hears_about_a_comment_but_not_their_own(
    consultation, rita, jonas, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(consultation, rita)
    take_part(consultation, jonas)
    take_part(consultation, rita)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.add_comment(suggestion=suggestion, author=jonas, text="Puiki mintis!")
        workflow.add_comment(suggestion=suggestion, author=rita, text="Ačiū.")
    assert [m.to for m in mailoutbox] == [["rita@example.test"]]
    assert mailoutbox[0].subject == "Naujas komentaras prie jūsų pasiūlymo „Centras vakarais“"
    assert "Puiki mintis!" in mailoutbox[0].body
    assert "Jonas P." in mailoutbox[0].body


def test_answers_are_published_and_the_author_is_told_once(
    consultation, rita, sara, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(consultation, rita)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.answer_suggestion(
            suggestion=suggestion, actor=sara, outcome="partly", reasons="Iš dalies."
        )
        workflow.answer_suggestion(
            suggestion=suggestion, actor=sara, outcome="accepted", reasons="Taip."
        )
    response = Response.objects.get()
    assert (response.outcome, response.reasons) == ("accepted", "Taip.")
    assert response.updated_at is not None
    assert len(mailoutbox) == 1
    assert "Priimtas iš dalies" in mailoutbox[0].body
    revised = AuditEvent.objects.get(action="consultation.answer_revised")
    assert revised.changes["before"] == {"outcome": "partly", "reasons": "Iš dalies."}


def test_answers_are_final_once_published(consultation, rita, sara):
    suggestion = make_suggestion(consultation, rita)
    consultation.status = ConsultationStatus.ANSWERED
    consultation.save(update_fields=["status"])
    with pytest.raises(Refused, match="not when it is “Closed and answered”"):
        workflow.answer_suggestion(
            suggestion=suggestion, actor=sara, outcome="accepted", reasons="x"
        )
    assert not Response.objects.exists()


@pytest.mark.postgres
def test_two_simultaneous_supports_by_one_person_count_once(
    transactional_db, lag, strategy, rita, jonas
):
    consultation = make_consultation(lag)
    suggestion = make_suggestion(consultation, rita)
    take_part(consultation, jonas)
    results = []

    def press():
        try:
            workflow.support_suggestion(suggestion=suggestion, user=jonas)
            results.append("ok")
        except Refused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    suggestion.refresh_from_db()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    assert (suggestion.support_count, Support.objects.count()) == (1, 1)


def test_an_unverified_user_is_told_why_and_nothing_is_posted(client, consultation, otto):
    client.login(username=otto.email, password=PASSWORD)
    page = client.get(f"/en/consultations/{consultation.pk}/").text
    assert "Confirm your e-mail address first" in page
    assert "Submit a suggestion" not in page
    response = client.post(
        f"/en/consultations/{consultation.pk}/suggest/",
        {"title": "Bandymas", "text": "Tekstas", "link": "lives"},
    )
    assert response.status_code == 400
    assert "Confirm your e-mail address first" in response.text
    assert not Suggestion.objects.exists()


@pytest.mark.postgres
def test_posts_sent_at_the_same_moment_keep_to_the_limit(
    transactional_db, lag, strategy, rita, settings
):
    settings.TELKA_CONSULTATION_POSTS_PER_HOUR = 2
    consultation = make_consultation(lag)
    take_part(consultation, rita)
    results = []
    start = threading.Barrier(6)

    def press(number):
        start.wait()
        try:
            post(consultation, rita, title=f"Nr. {number}")
            results.append("ok")
        except Refused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=[n]) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "ok", "refused", "refused", "refused", "refused"]
    assert Suggestion.objects.filter(author=rita).count() == 2
