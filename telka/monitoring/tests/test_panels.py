"""The personal area shows each role its monitoring work."""

import pytest
from django.urls import reverse

from telka.monitoring.workflow import reports as flow

from .helpers import full_input

pytestmark = pytest.mark.django_db


def test_the_personal_area_shows_the_promoter_their_open_reports(client, ana, project):
    client.force_login(ana)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "My project reports" in page
    assert reverse("monitoring:report", args=[project.reports.get(sequence=1).pk]) in page
    assert "overdue" in page


def test_the_personal_area_shows_staff_what_to_review(client, sara, ana, project, contracted):
    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    client.force_login(sara)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 report to review" in page
    assert "1 contract waiting to start" in page
    assert "My project reports" not in page


def test_a_resident_sees_no_monitoring_panel(client, rita, project):
    client.force_login(rita)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Projects in implementation" not in page and "My project reports" not in page


def test_the_home_page_links_the_latest_projects(client, project):
    page = client.get(reverse("content:home")).content.decode()
    assert reverse("monitoring:project", args=[project.pk]) in page
    assert reverse("monitoring:project_list") in page
