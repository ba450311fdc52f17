import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.consultations import workflow
from telka.consultations.models import ALLOWED, Consultation, ConsultationStatus, Follower
from telka.lib.workflow import Refused
from telka.strategy.models import AmendmentStatus

from .builders import answer, make_amendment, make_consultation, make_suggestion

C = ConsultationStatus
STEPS = {
    C.SCHEDULED: workflow.publish_consultation,
    C.OPEN: workflow.open_consultation,
    C.CLOSED: workflow.close_consultation,
    C.ANSWERED: workflow.finish_consultation,
    C.CANCELLED: workflow.cancel_consultation,
}


@pytest.mark.parametrize("target", list(STEPS))
@pytest.mark.parametrize("current", C.values)
def test_it_allows_exactly_the_transitions_in_the_table(lag, strategy, sara, current, target):
    future = timezone.now() + datetime.timedelta(days=2)
    consultation = make_consultation(
        lag, status=current, opens_at=future, closes_at=future + datetime.timedelta(days=5)
    )
    if target in ALLOWED[current]:
        STEPS[target](consultation=consultation, actor=sara)
        consultation.refresh_from_db()
        assert consultation.status == target
        assert AuditEvent.objects.for_object(consultation).filter(actor=sara).exists()
    else:
        with pytest.raises(Refused):
            STEPS[target](consultation=consultation, actor=sara)
        consultation.refresh_from_db()
        assert consultation.status == current


def test_publishing_opens_at_once_when_the_time_has_come(lag, strategy, sara):
    consultation = make_consultation(lag, status=C.DRAFT)
    workflow.publish_consultation(consultation=consultation, actor=sara)
    consultation.refresh_from_db()
    assert consultation.status == C.OPEN
    assert consultation.opened_at is not None


def test_publishing_with_a_past_closing_time_is_refused(lag, strategy, sara):
    past = timezone.now() - datetime.timedelta(hours=1)
    consultation = make_consultation(
        lag, status=C.DRAFT, opens_at=past - datetime.timedelta(days=1), closes_at=past
    )
    with pytest.raises(Refused, match="closing time has passed"):
        workflow.publish_consultation(consultation=consultation, actor=sara)


def test_opening_and_closing_move_the_amendment_with_it(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    consultation = make_consultation(lag, status=C.SCHEDULED, amendment=amendment)
    workflow.open_consultation(consultation=consultation, actor=sara)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.CONSULTATION_OPEN
    assert amendment.published_at is not None
    workflow.close_consultation(consultation=consultation, actor=sara)
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.CONSULTATION_CLOSED


def test_residents_cannot_be_consulted_on_a_proposed_amendment(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    amendment.status = AmendmentStatus.PROPOSED
    amendment.save(update_fields=["status"])
    consultation = make_consultation(lag, status=C.SCHEDULED, amendment=amendment)
    with pytest.raises(Refused, match="only be consulted on a draft"):
        workflow.open_consultation(consultation=consultation, actor=sara)
    consultation.refresh_from_db()
    assert consultation.status == C.SCHEDULED


def test_opening_tells_the_followers(
    lag, strategy, sara, rita, mailoutbox, django_capture_on_commit_callbacks
):
    consultation = make_consultation(lag, status=C.SCHEDULED)
    Follower.objects.create(consultation=consultation, user=rita)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.open_consultation(consultation=consultation)
    assert [m.to for m in mailoutbox] == [["rita@example.test"]]
    assert mailoutbox[0].subject == "Konsultacija „Dėl strategijos keitimo“ prasidėjo"
    assert f"/consultations/{consultation.pk}/" in mailoutbox[0].body


def test_closing_as_answered_is_refused_while_a_suggestion_has_no_answer(lag, strategy, sara, rita):
    consultation = make_consultation(lag, status=C.CLOSED)
    answer(make_suggestion(consultation, rita, title="Atsakytas"), sara)
    make_suggestion(consultation, rita, title="Neatsakytas")
    with pytest.raises(Refused) as refusal:
        workflow.finish_consultation(consultation=consultation, actor=sara)
    assert refusal.value.reasons == [
        "1 suggestion has no answer yet: answer every suggestion first (INV-07)."
    ]
    consultation.refresh_from_db()
    assert (consultation.status, consultation.answered_at) == (C.CLOSED, None)


def test_a_hidden_suggestion_is_answered_by_its_visible_reason(lag, strategy, sara, rita):
    consultation = make_consultation(lag, status=C.CLOSED)
    make_suggestion(consultation, rita, hidden_at=timezone.now(), hidden_reason="Reklama")
    workflow.finish_consultation(consultation=consultation, actor=sara, conclusion="Ačiū visiems.")
    consultation.refresh_from_db()
    assert (consultation.status, consultation.conclusion) == (C.ANSWERED, "Ačiū visiems.")


def test_a_change_someone_else_made_first_is_refused(lag, strategy, sara):
    consultation = make_consultation(lag, status=C.OPEN)
    stale = Consultation.objects.get(pk=consultation.pk)
    workflow.close_consultation(consultation=consultation, actor=sara)
    with pytest.raises(Refused):
        workflow.close_consultation(consultation=stale, actor=sara)
    assert AuditEvent.objects.filter(action="consultation.closed").count() == 1


def test_the_command_opens_and_closes_on_time_and_a_second_run_does_nothing(
    lag, strategy, rita, capsys, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due = make_consultation(lag, status=C.SCHEDULED, opens_at=now - datetime.timedelta(minutes=1))
    over = make_consultation(lag, status=C.OPEN, closes_at=now - datetime.timedelta(minutes=1))
    later = make_consultation(lag, status=C.SCHEDULED, opens_at=now + datetime.timedelta(hours=1))
    Follower.objects.create(consultation=due, user=rita)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("update_consultations")
        call_command("update_consultations")
    assert capsys.readouterr().out.splitlines() == ["opened 1, closed 1", "opened 0, closed 0"]
    statuses = {c.pk: c.status for c in Consultation.objects.all()}
    assert statuses == {due.pk: C.OPEN, over.pk: C.CLOSED, later.pk: C.SCHEDULED}
    assert len(mailoutbox) == 1
    assert AuditEvent.objects.filter(action="consultation.opened").count() == 1


def test_closing_early_records_when_it_really_closed(lag, strategy, sara):
    consultation = make_consultation(lag, status=C.OPEN)
    workflow.close_consultation(consultation=consultation, actor=sara)
    consultation.refresh_from_db()
    assert consultation.closes_at == consultation.closed_at
