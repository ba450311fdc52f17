from decimal import Decimal

from telka.monitoring.models import IndicatorValue, Report, ReportStatus
from telka.monitoring.tests.builders import make_project


def test_a_project_plans_its_measure_indicators_and_schedules_its_reports(strategy):
    project = make_project(strategy, months=12, report_every_months=6)
    assert [r.period_end.isoformat() for r in project.reports.all()] == ["2026-06-30", "2026-12-31"]
    assert project.reports.last().is_final
    assert project.indicators.get().planned_value == Decimal(20)


def test_only_accepted_reports_count_as_achieved(strategy):
    project = make_project(strategy)
    first, second = project.reports.all()
    indicator = project.indicators.get().indicator
    IndicatorValue.objects.create(report=first, indicator=indicator, value=5)
    IndicatorValue.objects.create(report=second, indicator=indicator, value=7)
    Report.objects.filter(pk=first.pk).update(status=ReportStatus.ACCEPTED)
    assert IndicatorValue.objects.achieved_by_indicator() == {indicator.pk: Decimal(5)}
