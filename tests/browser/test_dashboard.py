"""The strategy dashboard and the annual implementation report read well for everyone:
axe-core (LT and EN), a 375 px phone without sideways scrolling, and the staff pages."""

import datetime
from decimal import Decimal

import pytest

from telka.calls.models import CallStatus
from telka.evaluation.tests.builders import make_call
from telka.lag.models import RoleKind
from telka.monitoring.models import MonitoringSettings, ReportStatus
from telka.monitoring.tests.dashboard_builders import award, project_on, report_values
from telka.monitoring.workflow.annual import approve_annual_report, generate_annual_report
from telka.strategy.models import Indicator
from tests import base
from tests.browser.conftest import page_is_narrower_than_viewport, serious_violations

D = Decimal


@pytest.fixture
def scenario(transactional_db):
    lag = base.make_lag()
    strategy = base.make_strategy(lag, period_start=2023, period_end=2029)
    staff = base.make_user("sara@example.test", "Sara Jonaitienė")
    base.give_role(staff, lag, RoleKind.STAFF)
    MonitoringSettings.objects.create(lag=lag, commitment_milestone_on=datetime.date(2027, 3, 31))
    call = make_call(strategy, status=CallStatus.DECIDED)
    p1 = Indicator.objects.get(code="P1")
    for n in range(4):
        project = project_on(strategy, call, n % 2, grant=D(9000))
        award(project.proposal, D(9000), signed_on=datetime.date(2026, 2, 1))
        report_values(project, 1, {p1: 3 + n}, paid=D(2500))
        report_values(project, 2, {p1: 9}, status=ReportStatus.SUBMITTED)
    report = generate_annual_report(strategy=strategy, year=2026, actor=staff)
    draft = generate_annual_report(strategy=strategy, year=2025, actor=staff)
    approve_annual_report(
        report=report, actor=staff, approved_on=datetime.date.today(), minutes_number="VS-3"
    )
    return {"report": report, "draft": draft}


def _log_in(tab, url: str) -> None:
    tab.goto(url + "/en/accounts/login/")
    tab.get_by_label("E-mail address").fill("sara@example.test")
    tab.get_by_label("Password").fill(base.PASSWORD)
    tab.locator("main").get_by_role("button", name="Log in").click()
    tab.get_by_role("heading", name="My area").wait_for()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_public_pages_have_no_serious_violations(axe_page, live_server, scenario, prefix):
    paths = ["/monitoring/dashboard/", f"/monitoring/annual/{scenario['report'].pk}/"]
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in paths}
    assert {p: v for p, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_staff_pages_have_no_serious_violations(axe_page, live_server, scenario, prefix):
    _log_in(axe_page, live_server.url)
    paths = ["/monitoring/annual/", f"/monitoring/annual/{scenario['draft'].pk}/"]
    found = {p: serious_violations(axe_page, live_server.url + prefix + p) for p in paths}
    assert {p: v for p, v in found.items() if v} == {}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_dashboard_fits_a_phone(phone, live_server, scenario, prefix):
    phone.goto(live_server.url + prefix + "/monitoring/dashboard/")
    assert page_is_narrower_than_viewport(phone)
    chart = phone.locator("svg.chart").first
    assert chart.bounding_box()["width"] <= 375
    phone.goto(live_server.url + prefix + f"/monitoring/annual/{scenario['report'].pk}/")
    assert page_is_narrower_than_viewport(phone)


def test_a_chart_opens_its_table_and_links_its_csv(page, live_server, scenario):
    page.goto(live_server.url + "/en/monitoring/dashboard/")
    assert page.get_by_role("img", name="Indicators of objective 1.1").count() == 1
    page.get_by_text("Show the figures as a table").first.click()
    table = page.get_by_role("table", name="Indicators, targets and achievements").first
    assert "18.00" in table.inner_text()  # 3 + 4 + 5 + 6 accepted; submitted do not count
    assert page.get_by_role("link", name="Download all indicators (CSV)").count() == 1
    assert "Report for 2026" in page.locator("main").inner_text()
    page.get_by_role("link", name="Achievements").first.click()
    page.get_by_role("heading", name="Strategy dashboard").wait_for()
