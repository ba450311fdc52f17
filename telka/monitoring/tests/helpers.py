"""What several monitoring test modules share: a complete report input and a
participant with personal data that must never leak."""

import datetime
from decimal import Decimal

from telka.monitoring.models import LabourStatus, Participant
from telka.monitoring.workflow.reports import ReportInput

SECRET_NAME = "Slaptas Dalyvis"
SECRET_CONTACT = "slaptas@dalyvis.test"


def full_input(report, value=Decimal(5), spent=Decimal(1000)) -> ReportInput:
    project = report.project
    return ReportInput(
        activities="Surengti 3 mokymai",
        participants_count=12,
        values={p.indicator_id: value for p in project.indicators.all()},
        spent={line.pk: spent for line in project.proposal.budget_lines.all()},
    )


def add_participant(project, **fields) -> Participant:
    defaults = {
        "full_name": SECRET_NAME,
        "birth_year": 1987,
        "gender": "f",
        "contact": SECRET_CONTACT,
        "entered_on": datetime.date(2026, 2, 1),
        "status_at_entry": LabourStatus.UNEMPLOYED,
        "exited_on": datetime.date(2026, 4, 1),
        "status_at_exit": LabourStatus.IN_EDUCATION,
        "status_after_six_months": LabourStatus.EMPLOYED,
    }
    return Participant.objects.create(project=project, **{**defaults, **fields})
