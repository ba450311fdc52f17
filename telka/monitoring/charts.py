"""Server-rendered SVG charts of the strategy dashboard (no JavaScript, strict CSP).

Each function returns one `<svg role="img">` with a `<title>` and a `<desc>` naming what
it shows; the page puts a data table and a CSV link under every chart, so the chart is
never the only way to read a figure. Sizes are in a narrow viewBox (320 wide) that the
stylesheet scales to the column, so the text stays readable on a 375 px phone. Shapes
differ in thickness as well as colour, so the charts also read without colour.
"""

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from telka.templatetags.telka import eur, localized, number

from .figures import IndicatorFigures, MeasureFigures

WIDTH = 320
INK = "#1b1f24"
MUTED = "#5b6470"
TRACK = "#e6e9ee"
# Measure money, from the widest bar (budget) to the narrowest (paid).
MONEY_SERIES = (
    ("budget", "#ffffff", 26),
    ("allocated", "#c9d8ec", 22),
    ("committed", "#7ea6d8", 16),
    ("contracted", "#2f6fb5", 10),
    ("paid", "#0b3b73", 5),
)


def money_labels() -> dict[str, str]:
    return {
        "budget": _("Budget"),
        "allocated": _("Allocated to calls"),
        "committed": _("Committed on funded lists"),
        "contracted": _("Contracted"),
        "paid": _("Paid"),
    }


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value, 1)}\xa0%"


def _svg(uid: str, height: int, title: str, desc: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{u}-t {u}-d" '
        'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12">'
        '<title id="{u}-t">{title}</title><desc id="{u}-d">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        u=uid,
        title=title,
        desc=desc,
        body=body,
    )


def _n(value: float) -> str:
    """A coordinate with one decimal and a dot, whatever the page's language."""
    return f"{value:.1f}"


def clip_label(text: str, length: int = 44) -> str:
    """A label that fits the 320-unit-wide chart at font size 12 (about 44 characters),
    shortened at a word boundary, never mid-word; the table below the chart has it whole."""
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


def progress_chart(rows: Sequence[IndicatorFigures], *, uid: str, title: str) -> SafeString:
    """One bar per indicator: the share of its target achieved (capped at the track's
    end, the figure says if it is over 100 %). Indicators without a target show no bar."""
    row_height = 44
    parts = []
    for n, row in enumerate(rows):
        y = n * row_height
        share = row.share
        filled = 0 if share is None else min(float(share), 100.0) * WIDTH / 100
        label = f"{row.indicator.code} {localized(row.indicator, 'name')}"
        figure = _("%(achieved)s of %(target)s %(unit)s · %(share)s") % {
            "achieved": number(
                row.achieved, 0 if row.achieved == row.achieved.to_integral() else 2
            ),
            "target": "—" if row.target is None else number(row.target),
            "unit": localized(row.indicator, "unit"),
            "share": percent_text(share),
        }
        parts.append(
            format_html(
                '<text x="0" y="{ty}" fill="{ink}">{label}</text>'
                '<rect x="0" y="{by}" width="{w}" height="12" fill="{track}"/>'
                '<rect x="0" y="{by}" width="{f}" height="12" fill="#2f6fb5"/>'
                '<text x="0" y="{fy}" fill="{muted}" font-size="11">{figure}</text>',
                ty=y + 12,
                by=y + 17,
                fy=y + 40,
                w=WIDTH,
                f=_n(filled),
                ink=INK,
                muted=MUTED,
                track=TRACK,
                label=clip_label(label),
                figure=figure,
            )
        )
    desc = _("Share of each indicator's target achieved according to accepted project reports.")
    return _svg(uid, max(len(rows), 1) * row_height, title, desc, mark_safe("".join(parts)))  # noqa: S308 — joined format_html output


def _quarter_label(day: datetime.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def trend_chart(row: IndicatorFigures, *, uid: str, title: str) -> SafeString:
    """The cumulative value achieved, quarter by quarter of the reports' period ends, as
    a line with dots; the target, if any, as a dashed line."""
    height, left, top, bottom = 150, 40, 12, 128
    points = row.trend
    top_value = max([p.cumulative for p in points] + [row.target or Decimal(0), Decimal(1)])
    span = len(points) - 1 or 1

    def x(n: int) -> float:
        return left + (WIDTH - left - 8) * n / span

    def y(value: Decimal) -> float:
        return bottom - float(value / top_value) * (bottom - top)

    parts = [
        format_html(
            '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{muted}"/>'
            '<text x="{tx}" y="{ty}" text-anchor="end" fill="{muted}" font-size="10">{top}</text>'
            '<text x="{tx}" y="{b}" text-anchor="end" fill="{muted}" font-size="10">0</text>',
            l=left,
            r=WIDTH - 8,
            b=bottom,
            tx=left - 4,
            ty=top + 4,
            top=number(top_value),
            muted=MUTED,
        )
    ]
    if row.target:
        parts.append(
            format_html(
                '<line x1="{l}" y1="{y}" x2="{r}" y2="{y}" stroke="{ink}" '
                'stroke-dasharray="4 3"/>'
                '<text x="{r}" y="{ty}" text-anchor="end" fill="{ink}" font-size="10">'
                "{label}</text>",
                l=left,
                r=WIDTH - 8,
                y=_n(y(row.target)),
                ty=_n(y(row.target) - 3),
                ink=INK,
                label=_("target %(value)s") % {"value": number(row.target)},
            )
        )
    if points:
        line = " ".join(f"{x(n):.1f},{y(p.cumulative):.1f}" for n, p in enumerate(points))
        parts.append(
            format_html(
                '<polyline points="{line}" fill="none" stroke="#2f6fb5" stroke-width="2"/>',
                line=line,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="#0b3b73"/>',
                ((_n(x(n)), _n(y(p.cumulative))) for n, p in enumerate(points)),
            )
        )
        parts.append(
            format_html(
                '<text x="{l}" y="{b}" fill="{muted}" font-size="10">{first}</text>'
                '<text x="{r}" y="{b}" text-anchor="end" fill="{muted}" font-size="10">{last}'
                "</text>"
                if len(points) > 1
                else '<text x="{l}" y="{b}" fill="{muted}" font-size="10">{first}</text>',
                l=left,
                r=WIDTH - 8,
                b=bottom + 16,
                first=_quarter_label(points[0].on),
                last=_quarter_label(points[-1].on),
                muted=MUTED,
            )
        )
    desc = _(
        "Cumulative value achieved by the end of each quarter, from accepted project "
        "reports by the end of their period; the dashed line is the target."
    )
    return _svg(uid, height, title, desc, mark_safe("".join(parts)))  # noqa: S308 — joined format_html output


def money_chart(rows: Sequence[MeasureFigures], *, uid: str, title: str) -> SafeString:
    """Per measure, nested bars on one scale: budget (outline), allocated, committed,
    contracted and paid, each narrower than the one before."""
    row_height, label_height = 54, 14
    top_value = max([r.budget for r in rows] + [r.allocated for r in rows] + [Decimal(1)])
    parts = []
    for n, row in enumerate(rows):
        y0 = n * row_height
        label = f"{row.measure.code} {localized(row.measure, 'title')}"
        parts.append(
            format_html(
                '<text x="0" y="{y}" fill="{ink}">{label}</text>',
                y=y0 + 11,
                ink=INK,
                label=clip_label(label),
            )
        )
        middle = y0 + label_height + 14
        for name, colour, thickness in MONEY_SERIES:
            width = float(getattr(row, name) / top_value) * (WIDTH - 2)
            parts.append(
                format_html(
                    '<rect x="1" y="{y}" width="{w}" height="{h}" fill="{c}"{stroke}/>',
                    y=_n(middle - thickness / 2),
                    w=_n(width),
                    h=thickness,
                    c=colour,
                    stroke=mark_safe(f' stroke="{INK}"') if name == "budget" else "",  # noqa: S308 — constant
                )
            )
        parts.append(
            format_html(
                '<text x="0" y="{y}" fill="{muted}" font-size="10">{text}</text>',
                y=middle + 24,
                muted=MUTED,
                text=_("paid %(paid)s of %(budget)s")
                % {"paid": eur(row.paid, 0), "budget": eur(row.budget, 0)},
            )
        )
    desc = _(
        "For each measure, on one scale: the budget (outlined), the amount allocated to calls, "
        "committed on funded lists, contracted and paid, each bar narrower than the one before."
    )
    body = mark_safe("".join(str(p) for p in parts))  # noqa: S308 — joined format_html output
    return _svg(uid, max(len(rows), 1) * row_height, title, desc, body)


def legend() -> list[tuple[str, str, float, float]]:
    """(label, colour, swatch height, swatch y) of the money chart's series for the HTML
    legend: 14 px swatches as thick, relative to each other, as the bars."""
    labels = money_labels()
    rows = []
    for name, colour, thickness in MONEY_SERIES:
        height = round(max(thickness * 14 / 26, 3), 1)
        rows.append((labels[name], colour, height, round((14 - height) / 2, 1)))
    return rows
