"""E-mails of project monitoring: one function per message, each rendering
templates/emails/<name>-subject.txt, -body.txt and -body.html in the recipient's
language, queued after the surrounding transaction commits."""

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator

from django.urls import reverse
from django.utils import translation

from telka.evaluation.emails import applicant_recipients, staff_recipients
from telka.lib.mail import absolute_url, send_templated

from .models import Project, Report

_silenced = contextvars.ContextVar("monitoring_emails_silenced", default=False)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """No monitoring e-mail is sent inside this block (the demo records history)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _message(function: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(function)
    def send(*args, **kwargs) -> None:
        if not _silenced.get():
            function(*args, **kwargs)

    return send


def _url(name: str, *args, language: str) -> str:
    with translation.override(language):
        return absolute_url(reverse(name, args=args))


def _to_promoter(name: str, project: Project, context: dict, url_name: str, *args) -> None:
    """The promoter organisation's members and the proposal's contact person."""
    for email, language in applicant_recipients(project.proposal).items():
        send_templated(
            name,
            to=email,
            language=language or "lt",
            context={
                "project": project,
                "url": _url(url_name, *args, language=language or "lt"),
                **context,
            },
        )


@_message
def project_started(project: Project) -> None:
    first = project.reports.order_by("sequence").first()
    _to_promoter("project_started", project, {"first": first}, "monitoring:work", project.pk)


@_message
def project_closed(project: Project) -> None:
    _to_promoter("project_closed", project, {}, "monitoring:work", project.pk)


@_message
def report_submitted(report: Report) -> None:
    """To the LAG's staff: a report waits for review."""
    project = report.project
    for user in staff_recipients(project.lag):
        language = user.language or "lt"
        send_templated(
            "report_submitted",
            to=user.email,
            language=language,
            context={
                "report": report,
                "project": project,
                "url": _url("monitoring:report", report.pk, language=language),
            },
        )


@_message
def report_accepted(report: Report) -> None:
    _to_promoter(
        "report_accepted", report.project, {"report": report}, "monitoring:report", report.pk
    )


@_message
def report_returned(report: Report) -> None:
    _to_promoter(
        "report_returned", report.project, {"report": report}, "monitoring:report", report.pk
    )


@_message
def report_reminder(report: Report, *, overdue: bool) -> None:
    _to_promoter(
        "report_reminder",
        report.project,
        {"report": report, "overdue": overdue},
        "monitoring:report",
        report.pk,
    )
