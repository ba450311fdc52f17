"""Participant records: added and changed by the promoter or staff, checked, audited
without their values, searchable, with the follow-up date shown."""

import datetime

import pytest
from django.urls import reverse

from telka.audit.models import AuditEvent
from telka.monitoring.models import Participant
from telka.monitoring.privacy import anonymise_personal_data, export_personal_data
from tests import base

from .helpers import SECRET_CONTACT, SECRET_NAME, add_participant

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "Jonas Dalyvis",
    "birth_year": "1990",
    "gender": "m",
    "contact": "+37060000000",
    "entered_on": "2026-02-01",
    "status_at_entry": "long_term_unemployed",
    "exited_on": "2026-05-31",
    "status_at_exit": "in_education",
}


def test_the_promoter_adds_a_participant(client, ana, project):
    client.force_login(ana)
    response = client.post(reverse("monitoring:participant_add", args=[project.pk]), FORM)
    assert response.status_code == 302
    participant = project.participants.get()
    assert participant.full_name == "Jonas Dalyvis"
    assert participant.follow_up_due_on == datetime.date(2026, 11, 28)
    event = AuditEvent.objects.get(action="participant.added")
    assert "Jonas" not in str(event.changes) and "+3706" not in str(event.changes)
    page = client.get(reverse("monitoring:participants", args=[project.pk])).content.decode()
    assert "Jonas Dalyvis" in page and "follow-up" in page


def test_staff_change_a_participant_and_only_the_changed_fields_are_audited(client, sara, project):
    participant = add_participant(project)
    client.force_login(sara)
    data = {
        **FORM,
        "full_name": SECRET_NAME,
        "contact": SECRET_CONTACT,
        "status_after_six_months": "employed",
    }
    client.post(reverse("monitoring:participant", args=[participant.pk]), data)
    participant.refresh_from_db()
    assert participant.status_at_entry == "long_term_unemployed"
    event = AuditEvent.objects.get(action="participant.changed")
    assert "status_at_entry" in event.changes["fields"]
    assert "full_name" not in event.changes["fields"]


def test_it_refuses_an_exit_before_entry(client, ana, project):
    client.force_login(ana)
    data = {**FORM, "exited_on": "2026-01-01"}
    response = client.post(reverse("monitoring:participant_add", args=[project.pk]), data)
    assert "cannot leave before entering" in response.content.decode()
    assert not project.participants.exists()


def test_the_list_is_searchable_and_paginated(client, ana, project):
    for number in range(55):
        add_participant(project, full_name=f"Asmuo {number:02d}", contact=f"a{number}@x.test")
    add_participant(project, full_name="Petras Ieškomas")
    client.force_login(ana)
    url = reverse("monitoring:participants", args=[project.pk])
    page = client.get(url, {"q": "ieškom"}).content.decode()
    assert "Petras Ieškomas" in page and "Asmuo 01" not in page
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first


def test_the_export_neutralises_spreadsheet_formulas(client, ana, project):
    add_participant(project, full_name='=HYPERLINK("x")')
    client.force_login(ana)
    csv = b"".join(
        [client.get(reverse("monitoring:participants_csv", args=[project.pk])).content]
    ).decode()
    assert "'=HYPERLINK" in csv


def test_privacy_exports_and_anonymises_the_persons_participation(project, ana):
    participant = add_participant(project, contact="dalyvis@example.test")
    person = base.make_user("dalyvis@example.test", "Slaptas Dalyvis")
    exported = export_personal_data(person)
    assert exported["participation"][0]["full_name"] == SECRET_NAME
    assert export_personal_data(ana)["participation"] == []
    anonymise_personal_data(person)
    participant.refresh_from_db()
    assert participant.full_name != SECRET_NAME and participant.contact == ""
    assert participant.status_at_entry  # the figures stay
    assert Participant.objects.count() == 1


def test_the_personal_data_download_includes_the_reports_a_person_submitted(project, ana):
    from telka.accounts.privacy import collect_personal_data
    from telka.monitoring.workflow import reports as flow

    from .helpers import full_input

    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    mine = collect_personal_data(ana)["monitoring"]["project_reports"]
    assert [(r["report"], r["submitted_by_you"]) for r in mine] == [(1, True)]
