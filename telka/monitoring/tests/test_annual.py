"""Annual implementation reports (INV-36): generation, approval by the general meeting,
immutability, PDF and XLSX, and who may do what."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from telka.audit.models import AuditEvent
from telka.calls.models import CallStatus
from telka.evaluation.tests.builders import make_call
from telka.lib.workflow import Refused
from telka.monitoring.models import AnnualReport, AnnualReportStatus, Project, ProjectStatus
from telka.monitoring.workflow.annual import approve_annual_report, generate_annual_report
from telka.strategy.models import Indicator
from tests.base import make_strategy

from .dashboard_builders import award, project_on, report_values

D = Decimal
TODAY = datetime.date(2027, 2, 1)


@pytest.fixture
def _english_messages():
    """Overrides the package's English default: these tests read the refusals and
    pages in Lithuanian, the site's default language."""
    yield


@pytest.fixture
def wide_strategy(lag):
    """A strategy whose period covers 2025–2027, with projects reporting in 2026 and 2027."""
    strategy = make_strategy(lag, period_start=2023, period_end=2029)
    call = make_call(strategy, status=CallStatus.DECIDED)
    p1 = Indicator.objects.get(code="P1")
    one = project_on(strategy, call, 0, starts_on=datetime.date(2026, 7, 1), months=12)
    two = project_on(strategy, call, 1, starts_on=datetime.date(2025, 1, 1), months=12)
    award(one.proposal, D(10000), signed_on=datetime.date(2026, 6, 1))
    award(two.proposal, D(8000), approved=D(7000), signed_on=datetime.date(2025, 1, 1))
    report_values(one, 1, {p1: 4}, paid=D(3000))  # period ends 2026-12-31
    report_values(one, 2, {p1: 9}, paid=D(5000))  # 2027
    report_values(two, 1, {p1: 6}, paid=D(1000))  # 2025
    report_values(two, 2, {p1: 100}, status="submitted")
    Project.objects.filter(pk=two.pk).update(
        status=ProjectStatus.COMPLETED, closed_on=datetime.date(2026, 1, 20)
    )
    return strategy


@pytest.fixture
def report(wide_strategy, sara):
    return generate_annual_report(strategy=wide_strategy, year=2026, actor=sara, today=TODAY)


def test_it_snapshots_the_year_cumulative_and_in_year(report, sara):
    figures = report.figures
    [row] = figures["indicators"]
    assert (row["code"], row["target"], row["in_year"], row["cumulative"], row["share"]) == (
        "P1",
        "300",
        "4",
        "10",
        "3.3",
    )
    first, second = figures["money"]
    assert (first["committed"], first["contracted"], first["paid"], first["paid_in_year"]) == (
        "10000",
        "10000",
        "3000",
        "3000",
    )
    assert (second["committed"], second["paid"], second["paid_in_year"]) == ("7000", "1000", "0")
    assert figures["totals"]["paid_in_year"] == "3000"
    assert figures["projects"] == {"started": 1, "completed": 1, "terminated": 0, "active": 1}
    assert report.status == AnnualReportStatus.DRAFT and report.generated_at
    assert AuditEvent.objects.filter(action="annual_report.generated", actor=sara).count() == 1


def test_regenerating_a_draft_updates_it(report, wide_strategy, sara):
    again = generate_annual_report(strategy=wide_strategy, year=2026, actor=sara, today=TODAY)
    assert again.pk == report.pk and AnnualReport.objects.count() == 1


@pytest.mark.parametrize(
    ("year", "message"),
    [(2022, "strategijos laikotarpį, 2023–2029"), (2028, "neprasidėjusius metus")],
)
def test_it_refuses_years_outside_the_period_or_to_come(wide_strategy, sara, year, message):
    with pytest.raises(Refused, match=message):
        generate_annual_report(strategy=wide_strategy, year=year, actor=sara, today=TODAY)
    assert not AnnualReport.objects.exists()


def test_the_general_meeting_approves_and_the_report_is_then_immutable(report, sara):
    approve_annual_report(
        report=report,
        actor=sara,
        approved_on=TODAY,
        minutes_number="VS-3",
        today=TODAY,
    )
    report.refresh_from_db()
    assert (report.status, report.approved_on, report.minutes_number) == (
        AnnualReportStatus.APPROVED,
        TODAY,
        "VS-3",
    )
    event = AuditEvent.objects.get(action="annual_report.approved")
    assert event.changes["minutes_number"] == "VS-3"
    with pytest.raises(Refused, match="negali būti keičiama"):
        generate_annual_report(strategy=report.strategy, year=2026, actor=sara, today=TODAY)
    with pytest.raises(Refused):
        approve_annual_report(
            report=report, actor=sara, approved_on=TODAY, minutes_number="X", today=TODAY
        )
    report.refresh_from_db()
    assert report.minutes_number == "VS-3"


def test_approval_is_refused_for_a_future_date_or_without_minutes(report, sara):
    with pytest.raises(Refused) as refusal:
        approve_annual_report(
            report=report,
            actor=sara,
            approved_on=TODAY + datetime.timedelta(days=1),
            minutes_number=" ",
            today=TODAY,
        )
    assert len(refusal.value.reasons) == 2
    report.refresh_from_db()
    assert report.status == AnnualReportStatus.DRAFT


def test_staff_generate_and_approve_through_the_pages(client, wide_strategy, sara):
    client.force_login(sara)
    response = client.post(
        reverse("monitoring:annual_list"), {"strategy": wide_strategy.pk, "year": 2026}
    )
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "monitoring:annual", args=[report.pk]
    )
    page = client.get(response.url).content.decode()
    assert "Metinė įgyvendinimo ataskaita 2026" in page
    response = client.post(
        reverse("monitoring:annual_approve", args=[report.pk]),
        {"approved_on": "2099-01-01", "minutes_number": "VS-3"},
    )
    assert "negali būti ateityje" in response.content.decode()
    today = datetime.date.today().isoformat()
    client.post(
        reverse("monitoring:annual_approve", args=[report.pk]),
        {"approved_on": today, "minutes_number": "VS-3"},
    )
    report.refresh_from_db()
    assert report.status == AnnualReportStatus.APPROVED
    client.logout()
    dashboard = client.get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("monitoring:annual", args=[report.pk]) in dashboard


def test_the_pdf_and_xlsx_carry_the_figures(client, report, sara):
    client.force_login(sara)
    pdf = client.get(reverse("monitoring:annual_pdf", args=[report.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.get(reverse("monitoring:annual_xlsx", args=[report.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    indicators = list(workbook.worksheets[0].values)
    assert indicators[1][1] == "P1" and indicators[1][6] == 10
    money = list(workbook.worksheets[1].values)
    assert money[1][0] == "1.1.1" and money[1][7] == 3000


@pytest.fixture
def people(eva, bruno, ana, organisation, rita, wide_strategy):
    """Everyone but staff; Ana's organisation promotes a project of the strategy."""
    call = wide_strategy.calls.first()
    project_on(wide_strategy, call, 0, organisation=organisation)
    return {"eva": eva, "bruno": bruno, "ana": ana, "rita": rita}


@pytest.mark.parametrize("who", [None, "rita", "ana", "eva", "bruno"])
def test_only_staff_may_see_drafts_generate_or_approve(client, people, report, wide_strategy, who):
    if who:
        client.force_login(people[who])
    pk = report.pk
    for name in ("annual", "annual_pdf", "annual_xlsx"):
        assert client.get(reverse(f"monitoring:{name}", args=[pk])).status_code == 404
    generate = client.post(
        reverse("monitoring:annual_list"), {"strategy": wide_strategy.pk, "year": 2025}
    )
    approve = client.post(
        reverse("monitoring:annual_approve", args=[pk]),
        {"approved_on": "2027-01-01", "minutes_number": "X"},
    )
    regenerate = client.post(reverse("monitoring:annual_regenerate", args=[pk]))
    for response in (generate, approve, regenerate):
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/accounts/login/" in response.url
    assert AnnualReport.objects.get().status == AnnualReportStatus.DRAFT
    assert AnnualReport.objects.count() == 1
    assert not AuditEvent.objects.filter(action="annual_report.approved").exists()


def test_an_approved_report_is_public(client, report, sara):
    approve_annual_report(
        report=report, actor=sara, approved_on=TODAY, minutes_number="VS-3", today=TODAY
    )
    assert client.get(reverse("monitoring:annual", args=[report.pk])).status_code == 200
    assert client.get(reverse("monitoring:annual_pdf", args=[report.pk])).status_code == 200
    assert client.get(reverse("monitoring:annual_list")).status_code == 302  # staff only
    client.force_login(sara)
    dashboard = client.get(reverse("monitoring:dashboard")).content.decode()
    assert reverse("monitoring:annual_list") in dashboard


def test_the_report_keeps_the_board_gender_balance_of_the_year_end(client, wide_strategy, sara):
    """INV-04: seats by gender and sector on 31 December, kept in the snapshot."""
    from telka.lag.models import Board, BoardMembership, Sector
    from tests.base import seat

    board, _ = Board.objects.get_or_create(lag=wide_strategy.lag)
    for name, group, gender in [("A", Sector.PUBLIC, "female"), ("B", Sector.CIVIL, "male")]:
        created = seat(board, name, group, public=group == Sector.PUBLIC)
        BoardMembership.objects.filter(pk=created.pk).update(gender=gender)
    report = generate_annual_report(strategy=wide_strategy, year=2026, actor=sara, today=TODAY)
    board_figures = report.figures["board"]
    assert board_figures["on"] == "2026-12-31"
    assert [(r["sector"], r["female"], r["male"]) for r in board_figures["rows"]] == [
        ("public", 1, 0),
        ("business", 0, 0),
        ("civil", 0, 1),
        ("", 1, 1),
    ]
    client.force_login(sara)
    page = client.get(reverse("monitoring:annual", args=[report.pk])).content.decode()
    assert "Valdybos lyčių pusiausvyra" in page and "Viešasis sektorius" in page
