"""The people and the clock of the whole-call browser test (test_whole_call_browser.py).

A Persona is one browser context (its own cookies) that logs in when a page asks for
it, so a persona keeps working after the clock has jumped past its session's expiry.
The Clock moves the time of the test process, and so of the live server that runs in
one of its threads; the scheduled jobs are run the way cron runs them (`manage.py
tick`, job by job), everything a person does goes through the browser."""

import datetime
import io
import re
import zoneinfo

import time_machine
from django.core import mail
from django.core.management import call_command

from telka.calls.models import Call, Proposal

from .conftest import DESKTOP, _open

PASSWORD = "aleksotas-demo"
VILNIUS = zoneinfo.ZoneInfo("Europe/Vilnius")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VILNIUS)


def minute_input(moment: datetime.datetime) -> str:
    """The value of a datetime-local input, in Vilnius time."""
    return moment.astimezone(VILNIUS).strftime("%Y-%m-%dT%H:%M")


class Clock:
    """Moves the clock of the test process (and so of the live server thread)."""

    def __init__(self, start: datetime.datetime):
        self._travel = time_machine.travel(start, tick=True)
        self._now = self._travel.start()

    def to(self, moment: datetime.datetime) -> None:
        self._now.move_to(moment)

    def tick(self, *jobs: str) -> str:
        """Run scheduled jobs (what cron runs every minute); returns what they printed."""
        out = io.StringIO()
        for job in jobs:
            call_command(job, stdout=out, stderr=out)
        return out.getvalue()

    def stop(self) -> None:
        self._travel.stop()


class Persona:
    """One person with their own browser context, in English pages."""

    def __init__(self, browser, base: str, email: str, password: str = PASSWORD):
        self.base, self.email, self.password = base, email, password
        self.context, self.page = _open(browser, viewport=DESKTOP, locale="en-GB")
        # A long run on a busy machine: allow a slow page rather than fail on it.
        self.context.set_default_timeout(30_000)

    @property
    def problems(self) -> list[str]:
        return list(self.page.problems)

    def go(self, path: str):
        """Open an English page; log in first when the site asks for it."""
        self.page.goto(self.base + "/en" + path)
        if "/accounts/login/" in self.page.url:
            self.log_in()
        return self.page

    def log_in(self) -> None:
        page = self.page
        page.get_by_label("E-mail address").fill(self.email)
        page.get_by_label("Password", exact=True).fill(self.password)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Log in").click()
        assert "/accounts/login/" not in page.url, self.messages()

    def press(self, name: str, within=None, exact: bool = False) -> str:
        """Press a button that posts a form; returns the messages of the next page."""
        scope = within if within is not None else self.page
        with self.page.expect_navigation():
            scope.get_by_role("button", name=name, exact=exact).click()
        return self.messages()

    def messages(self) -> str:
        return " ".join(self.page.locator(".messages").all_inner_texts())

    def fill(self, values: dict, within=None) -> None:
        """Fill form fields by their name attribute: text, select, checkbox (True)."""
        scope = within if within is not None else self.page
        for name, value in values.items():
            field = scope.locator(f"[name='{name}']")
            tag = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
            if tag.startswith("SELECT"):
                field.select_option(str(value))
            elif tag.endswith(":checkbox") or tag.endswith(":radio"):
                target = (
                    field
                    if field.count() == 1
                    else scope.locator(f"[name='{name}'][value='{value}']")
                )
                target.check()
            else:
                field.fill(str(value))

    def register(self, full_name: str, organisation: dict) -> None:
        """Register an account, confirm the e-mail, log in and register the organisation."""
        page = self.page
        page.goto(self.base + "/en/accounts/register/")
        page.get_by_label("Full name").fill(full_name)
        page.get_by_label("E-mail address").fill(self.email)
        page.get_by_label("Password", exact=True).fill(self.password)
        page.get_by_label("Password again").fill(self.password)
        page.get_by_label("Language for e-mails").select_option("en")
        page.get_by_label("I have read the privacy notice").check()
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Register").click()
        body = next(m.body for m in reversed(mail.outbox) if self.email in m.to)
        link = re.search(r"https?://[^/\s]+(/en/accounts/verify/\S+)", body).group(1)
        self.go(link.removeprefix("/en"))  # confirms, then asks to log in
        self.go("/accounts/organisations/new/")
        self.fill(organisation)
        assert "you are its representative" in self.press("Register the organisation")

    def close(self) -> None:
        self.context.close()


def next_monday() -> datetime.date:
    """A Monday a week or more ahead of the real clock (never earlier: the browser's
    cookies would expire at once)."""
    day = datetime.datetime.now(VILNIUS).date() + datetime.timedelta(days=7)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


# code: (allocation, applicant, requested EUR, the two assessors' totals)
EMAILS = {
    "visitor": "",
    "sara": "sara@aleksotas.test",
    "eva": "eva@aleksotas.test",
    "jonas": "jonas.vertintojas@aleksotas.test",
    "rita": "rita@aleksotas.test",
    "paulius": "paulius@aleksotas.test",
    "ana": "ana@aleksotas.test",
    "ona": "ona@example.test",
    "petras": "petras@example.test",
    "bruno": "bruno@aleksotas.test",
    "dalia": "dalia@aleksotas.test",
    "laura": "laura@aleksotas.test",
    "mantas": "mantas@aleksotas.test",
    "irena": "irena@aleksotas.test",
}


class World:
    """The people, the clock and what the stages learn (ids of what they created)."""

    def __init__(self, browser, base: str, clock: Clock, monday: datetime.date):
        self.browser, self.base, self.clock, self.monday = browser, base, clock, monday
        self.people: dict[str, Persona] = {}
        self.call: Call | None = None
        self.proposals: dict[str, Proposal] = {}
        self.meetings: dict[str, int] = {}
        self.complaint: int | None = None

    def day(self, n: int) -> datetime.date:
        return self.monday + datetime.timedelta(days=n)

    def __getattr__(self, name: str) -> Persona:
        if name.startswith("_") or name not in EMAILS:
            raise AttributeError(name)
        if name not in self.people:
            self.people[name] = Persona(self.browser, self.base, EMAILS[name])
        return self.people[name]

    def proposal(self, code: str) -> Proposal:
        return Proposal.objects.get(pk=self.proposals[code].pk)
