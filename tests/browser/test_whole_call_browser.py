"""One call through every stage, in the browser only (issue 12, "Done when").

The call of tests/test_whole_call.py, run on the shipped demo by the people of the
README, each in their own browser: Sara (staff) sets the call up and gets the board's
approval recorded, three applicants submit eight proposals online, the formal check
asks one applicant for a clarification, Eva and Jonas assess with their declarations
and Rita (made an assessor by Sara) is the third assessor on a wide gap, the board
meets with recusals in both allocations, the first allocation fails the public-share
rule and goes to a written procedure, a complaint is upheld and the re-assessed
proposal gets a new notice, a selected proposal lapses when the clock passes its
agency deadline, the reserve is promoted, and the agency approves less than fixed.

    A1 50 000  P1 90 (20 000)  P2 80 (15 000, earlier)  P3 80 (18 000)  P4 70 (12 000)
               P5 40 (10 000)
    A2 30 000  Q1 88 (20 000)  Q2 75 (10 000)  Q3 65 (9 000)

At the end A1 has 3 500 left (P1 18 500 by the agency, P3 18 000 promoted, P5 10 000
after its complaint; P2 lapsed) and A2 10 000 (Q2 lapsed): every page and export that
shows the amounts says so, and so does telka.decisions.money.left.

The ORM is only read (assertions); the clock is moved with time-machine and the
scheduled jobs are called as cron calls them. docs/whole-call.md is the same run for
a person, in the demo."""

import datetime
import os

import pytest
from django.core.management import call_command

from telka.calls.models import Call, Proposal
from telka.calls.tests.helpers import PDF

from .whole_call_people import VILNIUS, Clock, Persona, at, minute_input

# WHOLE_CALL_UNTIL=<stage name> stops after that stage (while working on the test).
UNTIL = os.environ.get("WHOLE_CALL_UNTIL")


def next_monday() -> datetime.date:
    """A Monday a week or more ahead of the real clock (never earlier: the browser's
    cookies would expire at once)."""
    day = datetime.datetime.now(VILNIUS).date() + datetime.timedelta(days=7)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


# code: (allocation, applicant, requested EUR, the two assessors' totals)
PROPOSALS = {
    "P1": (0, "ana", 20000, (90, 90)),
    "P2": (0, "ona", 15000, (80, 80)),
    "P3": (0, "petras", 18000, (80, 80)),
    "P4": (0, "ona", 12000, (56, 74)),  # too far apart: a third assessor (66) → 70
    "P5": (0, "ana", 10000, (38, 42)),
    "Q1": (1, "ana", 20000, (88, 88)),
    "Q2": (1, "ona", 10000, (75, 75)),
    "Q3": (1, "petras", 9000, (65, 65)),
}
MEASURES = ("1.3.1", "1.2.1")
ORGANISATIONS = {
    "ona": {
        "name": "Asociacija „Aleksoto sodai“",
        "legal_form": "association",
        "legal_code": "304111222",
        "sector": "civil",
        "address": "Veiverių g. 2, Kaunas",
        "operates_in_territory": True,
    },
    "petras": {
        "name": "Aleksoto amatų bendruomenė",
        "legal_form": "association",
        "legal_code": "304111333",
        "sector": "civil",
        "address": "Kauno g. 5, Kaunas",
        "operates_in_territory": True,
    },
}


class World:
    """The people, the clock and what the stages learn (ids of what they created)."""

    def __init__(self, browser, base: str, clock: Clock, monday: datetime.date):
        self.browser, self.base, self.clock, self.monday = browser, base, clock, monday
        self.people: dict[str, Persona] = {}
        self.call: Call | None = None
        self.proposals: dict[str, Proposal] = {}

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


EMAILS = {
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


# --- Stages ----------------------------------------------------------------------------


def call_set_up(w: World) -> None:
    """Sara prepares call 7: conditions, money for two measures, two criteria; records
    the board's approval and publishes it. It opens by the clock the next morning."""
    sara = w.sara
    sara.go("/calls/manage/new/")
    sara.fill(
        {
            "number": "7",
            "title": "Kaimynų iniciatyvos Aleksote",
            "title_en": "Neighbourhood initiatives in Aleksotas",
            "summary": "Bandomasis kvietimas: visas atrankos kelias.",
            "opens_at": minute_input(at(w.day(1), 9)),
            "closes_at": minute_input(at(w.day(3), 16)),
            "eligible_applicants": "Aleksoto nevyriausybinės organizacijos ir bendruomenės.",
            "min_score": "50",
            "assessors_required": "2",
            "reconciliation_threshold_percent": "20",
            "complaint_window_days": "10",
            "complaint_window_unit": "working",
            "clarification_working_days": "5",
            "agency_application_days": "30",
            "required_attachments": "budget",
        }
    )
    assert "Add its money and criteria" in sara.press("Save")
    w.call = Call.objects.get(number="7")
    for code, amount in zip(MEASURES, (50000, 30000), strict=True):
        sara.go(f"/calls/manage/{w.call.pk}/allocations/")
        row = sara.page.locator("fieldset.row-card").last
        measure = row.locator("select[name$='-measure'] option", has_text=code).get_attribute(
            "value"
        )
        prefix = (
            row.locator("select[name$='-measure']").get_attribute("name").removesuffix("measure")
        )
        sara.fill(
            {
                f"{prefix}measure": measure,
                f"{prefix}amount": amount,
                f"{prefix}max_per_project": 20000,
                f"{prefix}max_rate_percent": 90,
            }
        )
        assert "Saved." in sara.press("Save"), sara.page.content()
    for code, title, top in [("S1", "Poveikis bendruomenei", 60), ("S2", "Tvarumas", 40)]:
        sara.go(f"/calls/manage/{w.call.pk}/criteria/")
        row = sara.page.locator("fieldset.row-card").last
        prefix = row.locator("input[name$='-code']").get_attribute("name").removesuffix("code")
        sara.fill(
            {
                f"{prefix}code": code,
                f"{prefix}title": title,
                f"{prefix}kind": "scored",
                f"{prefix}max_points": top,
            }
        )
        assert "Saved." in sara.press("Save"), sara.page.content()
    sara.go(f"/calls/manage/{w.call.pk}/approve/")
    sara.fill({"approved_on": w.day(0).isoformat(), "reference": "Valdybos protokolas Nr. 7"})
    assert "approval has been recorded" in sara.press("Record the approval")
    assert "The call has been published." in sara.press("Publish the call")
    assert "Published; opens" in sara.page.locator("#next-title + *").inner_text()

    w.clock.to(at(w.day(1), 9, 1))
    w.clock.tick("advance_calls")
    assert Call.objects.get(pk=w.call.pk).status == "open"


def make_assessors(w: World) -> None:
    """Sara adds Rita and Paulius to the LAG's pool of assessors (people page)."""
    sara = w.sara
    for name in ("rita", "paulius"):
        sara.go(f"/accounts/people/?q={EMAILS[name]}")
        with sara.page.expect_navigation():
            sara.page.locator("table tbody th a").first.click()
        sara.fill({"kind": "assessor", "title": "Vertintoja"})
        assert "granted" in sara.press("Grant the role").lower(), sara.messages()


def submit(w: World, code: str) -> None:
    """The applicant fills every section of a proposal, attaches the budget
    justification and submits it; returns with the registration number recorded."""
    allocation, who, requested, _totals = PROPOSALS[code]
    person = getattr(w, who)
    page = person.go(f"/calls/{w.call.pk}/apply/")
    page.locator("[name=allocation]").nth(allocation).check()
    if page.locator("[name=organisation]").count() > 1:
        page.locator("[name=organisation]").first.check()
    assert "Your draft has been created" in person.press("Create the draft")
    total = requested * 5 // 4  # the applicant's own contribution is a fifth of the cost
    year = w.monday.year + 1
    steps = [
        {"contact_phone": "+370 600 12345"},
        {
            "title": f"Projektas {code}",
            "summary": f"Kaimynų iniciatyva {code}.",
            "problem": "Trūksta bendrų veiklų.",
            "target_groups": "Aleksoto gyventojai",
            "planned_participants": "40",
            "location": "Aleksotas",
            "activities_in_territory": True,
            "starts_on": f"{year}-03-01",
            "ends_on": f"{year}-10-31",
        },
        {
            "activities-0-title": "Veiklos",
            "activities-0-starts_on": f"{year}-03-01",
            "activities-0-ends_on": f"{year}-10-31",
        },
        {"contribution": "Stiprina bendruomenę."},
        {
            "lines-0-category": "services",
            "lines-0-description": "Paslaugos",
            "lines-0-quantity": "1",
            "lines-0-unit": "vnt.",
            "lines-0-unit_price": str(total),
            "own_contribution": str(total - requested),
        },
        {"declares_not_completed": True, "declares_accurate": True, "consents": True},
    ]
    for values in steps:
        for field in page.locator("input[name^=indicator_]").all():
            field.fill("10")
        person.fill(values)
        assert "Saved." in person.press("Save and continue"), page.content()
    attach(person, "samata.pdf")
    with page.expect_navigation():
        page.get_by_role("link", name="Check and submit").first.click()
    assert "The proposal is complete" in page.content(), page.locator(".problems").inner_text()
    assert "registered as" in person.press("Submit the proposal")
    proposal = Proposal.objects.filter(title=f"Projektas {code}").get()
    assert proposal.requested_amount == requested
    w.proposals[code] = proposal


def attach(person: Persona, name: str, tmp=None) -> None:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(PDF)
    page = person.page
    page.get_by_label("What is it?").select_option("budget")
    page.get_by_label("Files").set_input_files(str(path))
    assert "The files have been attached." in person.press("Upload")


def submissions(w: World) -> None:
    """Ana (demo applicant) and two applicants who register online submit eight
    proposals while the call is open; the deadline passes and the job closes it."""
    w.ona.register("Ona Jonaitienė", ORGANISATIONS["ona"])
    w.petras.register("Petras Petraitis", ORGANISATIONS["petras"])
    for code in PROPOSALS:
        submit(w, code)
    w.clock.to(at(w.day(3), 16, 1))
    w.clock.tick("advance_calls")
    assert Call.objects.get(pk=w.call.pk).status == "closed"


STAGES = [call_set_up, make_assessors, submissions]


@pytest.fixture
def world(browser, live_server, transactional_db):
    monday = next_monday()
    clock = Clock(at(monday, 9, 30))
    call_command("load_demo", stdout=open(os.devnull, "w"))
    w = World(browser, live_server.url, clock, monday)
    yield w
    problems = {name: p.problems for name, p in w.people.items() if p.problems}
    for person in w.people.values():
        person.close()
    clock.stop()
    assert problems == {}


def test_one_call_through_every_stage_in_the_browser(world):
    for stage in STAGES:
        stage(world)
        if UNTIL == stage.__name__:
            return
