"""Two people acting on one report or one proposal at the same moment: the row lock
lets one through and refuses the other (PostgreSQL only)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from telka.audit.models import AuditEvent
from telka.lib.workflow import Refused
from telka.monitoring.models import Project, ReportStatus
from telka.monitoring.workflow import projects as project_flow
from telka.monitoring.workflow import reports as report_flow

from .helpers import full_input


def _race(*actions) -> list[str]:
    results = []

    def run(action):
        try:
            action()
            results.append("ok")
        except Refused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[a]) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.postgres
def test_accepting_and_returning_at_once_does_one(transactional_db, project, ana, sara):
    report = project.reports.get(sequence=1)
    report_flow.submit_report(report=report, actor=ana, data=full_input(report))
    results = _race(
        lambda: report_flow.accept_report(report=report, actor=sara, paid_amount=Decimal(10)),
        lambda: report_flow.return_report(report=report, actor=sara, comment="Taisyti"),
    )
    assert results == ["ok", "refused"]
    report.refresh_from_db()
    assert report.status in {ReportStatus.ACCEPTED, ReportStatus.RETURNED}
    assert AuditEvent.objects.filter(action__in=["report.accepted", "report.returned"]).count() == 1


@pytest.mark.postgres
def test_starting_one_proposal_twice_at_once_makes_one_project(transactional_db, contracted, sara):
    import datetime

    def start():
        project_flow.start_project(
            proposal=contracted,
            actor=sara,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            report_every_months=6,
            summary="",
        )

    assert _race(start, start) == ["ok", "refused"]
    assert Project.objects.count() == 1
