"""The annual implementation report of a strategy (INV-36): a snapshot of the figures for
one year, kept in AnnualReport.figures so the approved report never changes afterwards,
and its PDF (Lithuanian, for the general meeting) and XLSX.

The snapshot (JSON; amounts and values as decimal strings):

    {"year": 2026, "until": "2026-12-31", "generated_on": "2027-01-15",
     "indicators": [{"objective", "code", "name", "name_en", "unit", "unit_en", "target",
                     "cumulative", "in_year", "share"}],
     "money": [{"code", "title", "title_en", "budget", "allocated", "committed",
                "contracted", "paid", "paid_in_year"}],
     "totals": {… the money columns added up …},
     "projects": {"started": n, "completed": n, "terminated": n, "active": n},
     "pace": {"share", "milestone_on", "milestone_share", "expected_share", "behind"},
     "board": {"on", "rows": [{"sector", "label", "label_en", "female", "male",
                               "unstated", "seats", "female_share"}]}}  (INV-04; no names)
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from telka.lag.models import Board
from telka.lib.pdf import render_pdf
from telka.lib.xlsx import build_xlsx
from telka.signatures.seal import seal_pdf

from .figures import money_by_lineage, plain, strategy_figures
from .models import AnnualReport, Project, ProjectStatus

MONEY_COLUMNS = ("budget", "allocated", "committed", "contracted", "paid")


_text = plain


def _projects(lineages, year: int) -> dict:
    end = datetime.date(year, 12, 31)
    in_year = {"closed_on__year": year}
    return Project.objects.filter(measure__lineage__in=list(lineages)).aggregate(
        started=Count("pk", filter=Q(starts_on__year=year)),
        completed=Count("pk", filter=Q(status=ProjectStatus.COMPLETED, **in_year)),
        terminated=Count("pk", filter=Q(status=ProjectStatus.TERMINATED, **in_year)),
        active=Count(
            "pk",
            filter=Q(starts_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        ),
    )


def board_gender(lag, day: datetime.date) -> dict | None:
    """INV-04: the board's seats by gender and sector on `day`, for the snapshot."""
    board = Board.objects.filter(lag=lag).first()
    if board is None:
        return None
    rows = board.composition(day).gender_rows()
    labels = {}
    for language in ("lt", "en"):
        with translation.override(language):
            labels[language] = [str(row.label) for row in rows]
    return {
        "on": day.isoformat(),
        "rows": [
            {
                "sector": row.sector,
                "label": labels["lt"][n],
                "label_en": labels["en"][n],
                "female": row.female,
                "male": row.male,
                "unstated": row.unstated,
                "seats": row.seats,
                "female_share": _text(row.female_share),
            }
            for n, row in enumerate(rows)
        ],
    }


def annual_figures(strategy, year: int, *, today: datetime.date | None = None) -> dict:
    """The JSON snapshot for `strategy`'s report on `year`: reports whose period ended by
    the end of the year, awards as they stand, payments cumulative and in the year."""
    today = today or timezone.localdate()
    end = datetime.date(year, 12, 31)
    figures = strategy_figures(strategy, until=end, today=min(today, end))
    lineages = [m.measure.lineage for m in figures.measures]
    paid_before = money_by_lineage(lineages, until=datetime.date(year - 1, 12, 31))
    indicators = [
        {
            "objective": objective.objective.code,
            "code": row.indicator.code,
            "name": row.indicator.name,
            "name_en": row.indicator.name_en,
            "unit": row.indicator.unit,
            "unit_en": row.indicator.unit_en,
            "target": _text(row.target),
            "cumulative": _text(row.achieved),
            "in_year": _text(row.achieved_in(year)),
            "share": _text(row.share),
        }
        for objective in figures.objectives
        for row in objective.indicators
    ]
    money = []
    for row in figures.measures:
        before = paid_before.get(row.measure.lineage, {}).get("paid", Decimal(0))
        money.append(
            {
                "code": row.measure.code,
                "title": row.measure.title,
                "title_en": row.measure.title_en,
                **{name: _text(getattr(row, name)) for name in MONEY_COLUMNS},
                "paid_in_year": _text(row.paid - before),
            }
        )
    totals = figures.totals
    pace = figures.pace
    return {
        "year": year,
        "until": end.isoformat(),
        "generated_on": today.isoformat(),
        "indicators": indicators,
        "money": money,
        "totals": {
            **{name: _text(getattr(totals, name)) for name in MONEY_COLUMNS},
            "paid_in_year": _text(sum((Decimal(m["paid_in_year"]) for m in money), Decimal(0))),
        },
        "projects": _projects(lineages, year),
        "board": board_gender(strategy.lag, min(end, today)),
        "pace": {
            "share": _text(pace.share),
            "milestone_on": pace.milestone_on.isoformat() if pace.milestone_on else None,
            "milestone_share": _text(pace.milestone_share),
            "expected_share": _text(pace.expected_share),
            "behind": pace.behind,
        },
    }


def _filename(report: AnnualReport, extension: str) -> str:
    return f"metine-ataskaita-v{report.strategy.version}-{report.year}.{extension}"


def annual_pdf(report: AnnualReport) -> tuple[bytes, str]:
    """The report in Lithuanian for the general meeting, sealed with the LAG's seal when
    one is configured, and its file name."""
    context = {"report": report, "figures": report.figures, "lag": report.strategy.lag}
    data = render_pdf("monitoring/annual_pdf.html", context, language="lt")
    return seal_pdf(data), _filename(report, "pdf")


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def annual_xlsx(report: AnnualReport) -> tuple[bytes, str]:
    """Three sheets — indicators, money, projects — in the current language."""
    figures = report.figures
    indicators = (
        (
            row["objective"],
            row["code"],
            row["name"],
            row["unit"],
            _decimal(row["target"]),
            _decimal(row["in_year"]),
            _decimal(row["cumulative"]),
            _decimal(row["share"]),
        )
        for row in figures.get("indicators", [])
    )
    money = (
        (
            row["code"],
            row["title"],
            *(_decimal(row[name]) for name in MONEY_COLUMNS),
            _decimal(row["paid_in_year"]),
        )
        for row in figures.get("money", [])
    )
    projects = figures.get("projects", {})
    sheets = [
        (
            _("Indicators"),
            [
                _("Objective"),
                _("Code"),
                _("Indicator"),
                _("Unit"),
                _("Target"),
                _("Achieved in the year"),
                _("Achieved in total"),
                _("Share of target (%)"),
            ],
            indicators,
        ),
        (
            _("Money"),
            [
                _("Measure"),
                _("Title"),
                _("Budget (EUR)"),
                _("Allocated (EUR)"),
                _("Committed (EUR)"),
                _("Contracted (EUR)"),
                _("Paid in total (EUR)"),
                _("Paid in the year (EUR)"),
            ],
            money,
        ),
        (
            _("Projects"),
            [_("Projects"), _("Number")],
            [
                (_("Started in the year"), projects.get("started", 0)),
                (_("Completed in the year"), projects.get("completed", 0)),
                (_("Terminated in the year"), projects.get("terminated", 0)),
                (_("In implementation at the end of the year"), projects.get("active", 0)),
            ],
        ),
    ]
    return build_xlsx(sheets), _filename(report, "xlsx")
