"""A project report with absurd figures is refused with a message, never a server error."""

import pytest
from django.urls import reverse

from telka.monitoring.models import Report


@pytest.mark.parametrize(
    "field, value",
    [
        ("participants_count", "99999999999999999999999999"),
        ("participants_count", "-1"),
        ("activities", "nul\x00byte"),
    ],
)
def test_an_absurd_report_is_refused_and_nothing_changes(client, ana, project, field, value):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    data = {
        "activities": "Mokymai surengti",
        "participants_count": "10",
        **{f"value_{p.indicator_id}": "3" for p in project.indicators.all()},
        **{f"spent_{line.pk}": "100" for line in project.proposal.budget_lines.all()},
        field: value,
        "save": "",
    }
    response = client.post(reverse("monitoring:report", args=[report.pk]), data)
    assert response.status_code in (200, 400)
    assert "Ensure this value" in response.text or "Null characters" in response.text
    assert Report.objects.get(pk=report.pk).activities == report.activities


@pytest.mark.parametrize("value", ["1e30", "99999999999999999", "NaN", "-Infinity"])
def test_an_absurd_indicator_or_expenditure_is_refused(client, ana, project, value):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    data = {
        "activities": "Mokymai surengti",
        "participants_count": "10",
        **{f"value_{p.indicator_id}": value for p in project.indicators.all()},
        **{f"spent_{line.pk}": value for line in project.proposal.budget_lines.all()},
        "save": "",
    }
    response = client.post(reverse("monitoring:report", args=[report.pk]), data)
    assert response.status_code in (200, 400)
    assert Report.objects.get(pk=report.pk).activities == report.activities
