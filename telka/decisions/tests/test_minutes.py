"""Minutes generated from the recorded facts; once signed they and their decisions are
immutable, and a correction is a new decision referencing the old one (INV-35)."""

import io

import pypdf
import pytest
from django.urls import reverse

from telka.audit.models import AuditEvent
from telka.decisions import pdfs, workflow
from telka.decisions.models import Decision, DecisionStatus, ImmutableError, Minutes
from telka.lib.workflow import Refused

from .builders import ranked
from .helpers import decide, declare_all, everyone_present, vote_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(meeting, seats, sara, call):
    ranked(call, 90, 20000)
    ranked(call, 40, 1000, status="below_threshold")
    decision = decide(meeting, seats, sara, call.allocations.first(), {seats[2].pk: {}})
    workflow.close_meeting(meeting=meeting, actor=sara)
    return decision


def text(data: bytes) -> str:
    """The PDF's words on one line (table cells wrap)."""
    return " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages).split()
    )


def test_the_minutes_record_attendance_declarations_quorum_votes_and_lists(closed, meeting):
    minutes = text(pdfs.minutes_pdf(meeting, "lt"))
    for phrase in [
        "Valdybos posėdžio protokolas Nr. 2026/5",
        "Dalyvavimas",
        "Interesų deklaracijos",
        "Balsuoti galėjo 6 iš 6 narių; kvorumui reikia 4.",
        "Viešosios valdžios balsai: 2 iš 6",
        "K4-001",
        "Surinkta per mažai balų.",
        "Tomas Verslas — Už",
    ]:
        assert phrase in minutes, phrase


def test_signed_minutes_cannot_change_and_neither_can_their_decisions(closed, meeting, sara):
    minutes = workflow.sign_minutes(
        meeting=meeting,
        actor=sara,
        signatories="Petras Viešasis, Sara Jonaitienė",
        signed_on=meeting.held_on,
    )
    assert minutes.sha256 and minutes.pdf.read().startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="minutes.signed", changes__sha256=minutes.sha256
    ).exists()
    with pytest.raises(Refused, match="signed and cannot be changed"):
        workflow.sign_minutes(
            meeting=meeting, actor=sara, signatories="Kitas", signed_on=meeting.held_on
        )
    stored = Minutes.objects.get(pk=minutes.pk)
    stored.signatories = "Kitas"
    with pytest.raises(ImmutableError):
        stored.save()
    with pytest.raises(ImmutableError):
        Minutes.objects.filter(pk=minutes.pk).update(signatories="Kitas")
    with pytest.raises(ImmutableError):
        Minutes.objects.filter(pk=minutes.pk).delete()
    decision = Decision.objects.get(pk=closed.pk)
    decision.reasons = "Pakeista"
    with pytest.raises(ImmutableError):
        decision.save()
    assert Minutes.objects.get(pk=minutes.pk).signatories == "Petras Viešasis, Sara Jonaitienė"


def test_the_minutes_of_an_open_meeting_cannot_be_signed(meeting, sara):
    with pytest.raises(Refused, match="Close the meeting"):
        workflow.sign_minutes(
            meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
        )


def test_a_correction_is_a_new_decision_referencing_the_old(
    closed, meeting, sara, seats, lag, call
):
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )
    later = workflow.schedule_meeting(
        lag=lag, actor=sara, number="2026/6", mode="in_person", starts_at=meeting.starts_at
    )
    item = workflow.add_agenda_item(
        meeting=later, actor=sara, kind="correction", allocation=closed.allocation, corrects=closed
    )
    everyone_present(later, seats, sara)
    declare_all(item, seats, sara)
    vote_for(item.decision, sara)
    with pytest.raises(Refused, match="what the correction changes"):
        workflow.adopt_decision(decision=item.decision, actor=sara)
    workflow.record_text(
        decision=item.decision,
        actor=sara,
        reasons="Protokole klaidingai nurodytas pareiškėjo kodas.",
    )
    correction = workflow.adopt_decision(decision=item.decision, actor=sara)
    assert (correction.status, correction.corrects) == (DecisionStatus.ADOPTED, closed)
    assert closed.corrections.get() == correction
    assert "Taisomas sprendimas 2026/5-1." in text(pdfs.minutes_pdf(later, "lt"))


def test_a_correction_needs_an_adopted_decision(meeting, sara, call):
    with pytest.raises(Refused, match="refers to an adopted decision"):
        workflow.add_agenda_item(
            meeting=meeting, actor=sara, kind="correction", allocation=call.allocations.first()
        )


def test_staff_sign_the_minutes_on_the_meeting_page(client, closed, meeting, sara, lithuanian):
    client.force_login(sara)
    draft = client.get(reverse("decisions:minutes_draft", args=[meeting.pk]))
    assert draft["Content-Type"] == "application/pdf"
    response = client.post(
        reverse("decisions:sign", args=[meeting.pk]),
        {"signatories": "Petras Viešasis", "signed_on": "2026-05-04"},
        follow=True,
    )
    assert "Protokolas pasirašytas ir paskelbtas" in response.text
    assert Minutes.objects.get(meeting=meeting).signed_at is not None
