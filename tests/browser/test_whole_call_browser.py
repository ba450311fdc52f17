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
from decimal import Decimal

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


CLARIFIED = "Q1"  # its budget justification is not signed: one round of clarification


def formal_check(w: World) -> None:
    """Sara starts the assessment after the deadline and checks each proposal against
    the checklist; Q1's applicant corrects a deficiency online, then all are eligible
    and get Eva and Jonas as assessors."""
    sara = w.sara
    sara.go(f"/calls/manage/{w.call.pk}/")
    assert "The assessment of the call has started." in sara.press("Start the assessment")
    for code in PROPOSALS:
        pk = w.proposals[code].pk
        page = sara.go(f"/evaluation/proposals/{pk}/check/")
        assert "The formal check has started." in sara.press("Start the formal check")
        for radio in page.locator("input[type=radio][value=pass]").all():
            radio.check()
        if code == CLARIFIED:
            item = page.locator("fieldset.check-item", has_text="The costs are eligible")
            item.locator("input[value=fail]").check()
            item.locator("textarea").fill("Pridėkite pasirašytą kainų pasiūlymą.")
        assert "The checklist was saved." in sara.press("Save the checklist")
        if code == CLARIFIED:
            assert "asked to correct the deficiencies" in sara.press("Send the request")
            continue
        assert "Assign its assessors" in sara.press("Declare eligible")
    answer_the_clarification(w)
    page = sara.go(f"/evaluation/proposals/{w.proposals[CLARIFIED].pk}/check/")
    item = page.locator("fieldset.check-item", has_text="The costs are eligible")
    item.locator("input[value=pass]").check()
    assert "The checklist was saved." in sara.press("Save the checklist")
    assert "Assign its assessors" in sara.press("Declare eligible")
    for code in PROPOSALS:
        page = sara.go(f"/evaluation/proposals/{w.proposals[code].pk}/assessors/")
        for name in ("Eva Petrauskienė", "Jonas Vertintojas (demo)"):
            page.get_by_label(name, exact=True).check()
        sara.press("Assign")
        assert w.proposal(code).status == "under_assessment", (code, sara.messages())


def answer_the_clarification(w: World) -> None:
    """The applicant explains and attaches the signed price offer before the deadline."""
    allocation, who, *_rest = PROPOSALS[CLARIFIED]
    person = getattr(w, who)
    page = person.go(f"/evaluation/proposals/{w.proposals[CLARIFIED].pk}/status/")
    with page.expect_navigation():
        page.get_by_role("link", name="Correct the deficiencies").click()
    page.locator("textarea[name^='c-response_']").fill("Pridedame pasirašytą pasiūlymą.")
    page.locator("input[type=file][name^='c-file_']").set_input_files(pdf_file("pasiulymas.pdf"))
    assert "Your corrections were submitted" in person.press("Submit the corrections")
    assert w.proposal(CLARIFIED).status == "admin_check"


def pdf_file(name: str) -> str:
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(PDF)
    return str(path)


def score(person: Persona, assessment_pk: int, total: int) -> None:
    """Declare no conflict (asked first), then score S1 (60 % of the total) and S2."""
    page = person.go(f"/evaluation/my/assessments/{assessment_pk}/")
    if page.locator("[name=answer][value=no]").count():
        page.locator("[name=answer][value=no]").check()
        person.press("Submit the declaration")
    s1 = round(total * 0.6)
    points = page.locator("input[name^=points_]").all()
    for field, value in zip(points, (s1, total - s1), strict=True):
        field.fill(str(value))
    for field in page.locator("textarea[name^=justification_]").all():
        field.fill("Pagrįsta pasiūlymo aprašu.")
    assert "submitted and is now locked" in person.press("Submit the assessment")


def sheets(w: World, name: str):
    from telka.evaluation.models import Assessment

    return Assessment.objects.filter(
        assessor__email=EMAILS[name], proposal__call=w.call, status__in=["assigned", "declared"]
    )


def assessment(w: World) -> None:
    """Eva and Jonas sign the call's declaration, declare on each proposal and score;
    Jonas declares a conflict on Q3 and Paulius replaces him; P4's totals are too far
    apart, so Sara assigns Rita as the third assessor."""
    for name, column in (("eva", 0), ("jonas", 1)):
        person = getattr(w, name)
        person.go(f"/evaluation/my/calls/{w.call.pk}/declaration/")
        person.page.get_by_label("I have read the declaration and agree to it.").check()
        assert "You signed the declaration" in person.press("Sign the declaration")
        for sheet in sheets(w, name).select_related("proposal"):
            code = sheet.proposal.title.split()[-1]
            if name == "jonas" and code == "Q3":
                page = person.go(f"/evaluation/my/assessments/{sheet.pk}/")
                page.locator("[name=answer][value=yes]").check()
                page.locator("[name=nature]").fill("Mano sutuoktinė vadovauja pareiškėjui.")
                assert "conflict of interest was recorded" in person.press("Submit the declaration")
                continue
            score(person, sheet.pk, PROPOSALS[code][3][column])
    extra(w, "Q3", "Paulius Vykdytojas (demo)", "paulius", PROPOSALS["Q3"][3][1])
    assert w.proposal("P4").result.outcome == "additional"
    extra(w, "P4", "Rita Vaitkutė", "rita", 66)
    statuses = {code: w.proposal(code).status for code in PROPOSALS}
    assert statuses == {**dict.fromkeys(PROPOSALS, "ranked"), "P5": "below_threshold"}
    assert w.proposal("P4").result.final_score == 70


def extra(w: World, code: str, label: str, name: str, total: int) -> None:
    """Sara assigns one more assessor, who signs the call's declaration and scores."""
    sara = w.sara
    page = sara.go(f"/evaluation/proposals/{w.proposals[code].pk}/assessors/")
    page.get_by_label(label, exact=True).check()
    sara.press("Assign")
    person = getattr(w, name)
    page = person.go(f"/evaluation/my/calls/{w.call.pk}/declaration/")
    if page.get_by_role("button", name="Sign the declaration").count():
        page.get_by_label("I have read the declaration and agree to it.").check()
        person.press("Sign the declaration")
    score(person, sheets(w, name).get(proposal=w.proposals[code]).pk, total)


def seat(name: str) -> int:
    from telka.lag.models import BoardMembership

    return BoardMembership.objects.get(full_name=name, valid_to=None).pk


def decision_of(meeting_number: str, code: str):
    from telka.decisions.models import Decision

    return Decision.objects.filter(
        meeting__number=meeting_number, allocation__measure__code=code
    ).latest("pk")


# Present at the first meeting: three public authorities, one business member, two civil.
PRESENT = [
    "Bruno Kazlauskas",
    "Dalia Žukauskienė",
    "Tomas Butkus",
    "Irena Kavaliauskienė",
    "Paulius Ramanauskas",
    "Rūta Jankauskienė",
]
INTERESTS = {  # (measure of the item, member): (proposal, nature)
    ("1.3.1", "Tomas Butkus"): ("P3", "Artimas giminaitis vadovauja pareiškėjui."),
    ("1.2.1", "Rūta Jankauskienė"): ("Q2", "Pareiškėjo valdybos narė."),
}


def schedule(w: World, number: str, starts: datetime.datetime, measures=MEASURES) -> int:
    """Sara schedules a meeting with the allocations of call 7 and sends the agenda."""
    from telka.calls.models import Allocation

    sara = w.sara
    page = sara.go("/decisions/meetings/new/")
    sara.fill({"number": number, "mode": "in_person", "starts_at": minute_input(starts)})
    for code in measures:
        allocation = Allocation.objects.get(call=w.call, measure__code=code)
        page.locator(f"[name=allocations][value='{allocation.pk}']").check()
    assert "The meeting was scheduled" in sara.press("Schedule", exact=True)
    assert "The agenda was sent" in sara.press("Send the agenda and draft lists to the members")
    return int(page.url.rstrip("/").split("/")[-1])


def attend(w: World, meeting: int, present: list[str]) -> None:
    sara = w.sara
    page = sara.go(f"/decisions/meetings/{meeting}/")
    for name in present:
        page.locator(f"[name=present_{seat(name)}]").check()
    sara.fill({"chair": seat("Bruno Kazlauskas"), "secretary": "Sara Jonaitienė"})
    assert "Attendance was recorded." in sara.press("Record attendance")


def declare(w: World, decision, name: str, interest=None) -> None:
    """Sara records a member's declaration as made at the meeting."""
    sara = w.sara
    page = sara.go(f"/decisions/items/{decision.pk}/declarations/{seat(name)}/")
    if interest:
        code, nature = interest
        pk = w.proposals[code].pk
        page.locator(f"[name=interest_{pk}]").check()
        page.locator(f"[name=nature_{pk}]").fill(nature)
    assert "was recorded" in sara.press("Record the declaration")


def vote_and_adopt(w: World, decision) -> str:
    """Every member who may vote votes for; Sara records the decision."""
    sara = w.sara
    page = sara.go(f"/decisions/items/{decision.pk}/")
    for radio in page.locator("#votes input[type=radio][value=for]").all():
        radio.check()
    assert "The votes were recorded." in sara.press("Record the votes")
    return sara.press("Record the decision")


def first_meeting(w: World) -> None:
    """The board meets with six members. Tomas declares an interest in P3 and Rūta in Q2:
    both are recused. In A2 the meeting decides; in A1 the public authorities would hold
    3 of 5 votes, so recording the decision is refused and the rest goes to a written
    procedure (the A1 item is invalid with its own reason, A2 stays adopted)."""
    number = f"{w.monday.year}/7"
    meeting = schedule(w, number, at(w.day(7), 15))
    w.clock.to(at(w.day(7), 15, 5))
    attend(w, meeting, PRESENT)
    for code in MEASURES:
        decision = decision_of(number, code)
        for name in PRESENT:
            declare(w, decision, name, INTERESTS.get((code, name)))
    a2 = decision_of(number, MEASURES[1])
    assert "The decision was adopted" in vote_and_adopt(w, a2)
    sara = w.sara
    a1 = decision_of(number, MEASURES[0])
    page = sara.go(f"/decisions/items/{a1.pk}/")
    refusal = "Public authorities would hold 3 of 5 votes (60 %), more than the 50 % allowed"
    assert refusal in page.locator(".message-error").inner_text()
    assert refusal in sara.press("Record the decision")
    page = sara.go(f"/decisions/meetings/{meeting}/")
    form = page.locator("form[action$='/written/']")
    sara.fill(
        {
            "number": f"{number}-R",
            "starts_at": minute_input(at(w.day(7), 16)),
            "ballots_due_at": minute_input(at(w.day(10), 16)),
            "reason": "A1: nesubalansuoti balsai po nusišalinimo.",
        },
        within=form,
    )
    assert "The written procedure was started" in sara.press(
        "Start the written procedure", within=form
    )
    a1, a2 = decision_of(number, MEASURES[0]), decision_of(number, MEASURES[1])
    assert (a1.status, a2.status) == ("invalid", "adopted")
    assert refusal in a1.reasons
    statuses = {code: w.proposal(code).status for code in ("Q1", "Q2", "Q3", "P1")}
    assert statuses == {"Q1": "selected", "Q2": "selected", "Q3": "reserve", "P1": "ranked"}
    w.meetings["first"] = meeting


BALLOTS = ["Bruno Kazlauskas", "Dalia Žukauskienė", "Laura Urbonienė", "Mantas Navickas"]
BALLOT_PEOPLE = ["bruno", "dalia", "laura", "mantas", "irena"]


def written_procedure(w: World) -> None:
    """Sara gives the reason for P5's place; five members declare and cast their ballots
    online (two civil, two business, one public: balanced); after the deadline Sara counts
    them and the decision on A1 is recorded. The minutes of both sittings are signed."""
    number = f"{w.monday.year}/7-R"
    sara = w.sara
    a1 = decision_of(number, MEASURES[0])
    page = sara.go(f"/decisions/items/{a1.pk}/")
    line = a1.lines.get(proposal=w.proposals["P5"])
    page.locator(f"[name=reasons_{line.pk}]").fill("Surinkta mažiau nei 50 balų.")
    assert "The lists were saved." in sara.press("Save the lists")
    written = a1.meeting_id
    for name in BALLOT_PEOPLE:
        member = getattr(w, name)
        page = member.go(f"/decisions/board-area/meetings/{written}/")
        assert "Your declaration was recorded." in member.press("Record the declaration")
        page.locator("[name=choice][value=for]").check()
        assert "Your ballot was recorded." in member.press("Cast the ballot")
    w.clock.to(at(w.day(10), 16, 5))
    page = sara.go(f"/decisions/items/{a1.pk}/")
    assert "The decision was adopted" in sara.press("Count the ballots and record the decision")
    statuses = {code: w.proposal(code).status for code in ("P1", "P2", "P3", "P4", "P5")}
    assert statuses == {
        "P1": "selected",
        "P2": "selected",
        "P3": "reserve",
        "P4": "reserve",
        "P5": "not_selected",
    }
    assert "The meeting was closed." in sara.press("Close the meeting")
    for meeting in (written, w.meetings["first"]):
        sign(w, meeting)
    w.meetings["written"] = written


def sign(w: World, meeting: int) -> None:
    sara = w.sara
    sara.go(f"/decisions/meetings/{meeting}/")
    sara.fill({"signatories": "Bruno Kazlauskas, Sara Jonaitienė"})
    assert "The minutes are signed" in sara.press("Record the signed minutes and publish them")


def agency_card(w: World, code: str):
    page = w.sara.go("/decisions/agency/")
    heading = page.get_by_role("heading", name=w.proposal(code).reg_number)
    return page.locator("section.card", has=heading)


def invite(w: World, codes) -> None:
    """Invite the selected proposals to apply to the agency (unless the adoption already
    invited them)."""
    for code in codes:
        card = agency_card(w, code)
        button = card.get_by_role("button", name="Invite to apply to the agency")
        if button.count():
            assert "invited" in w.sara.press("Invite to apply to the agency", within=card)
        assert w.proposal(code).status == "invited", code


def record_application(w: World, code: str, reference: str) -> None:
    card = agency_card(w, code)
    prefix = f"a{w.proposal(code).award.pk}-"
    w.sara.fill(
        {f"{prefix}applied_on": today().isoformat(), f"{prefix}reference": reference}, within=card
    )
    assert "the application was recorded" in w.sara.press("Record the application", within=card)


def today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def complaint(w: World) -> None:
    """Selected proposals are invited to the agency. P5's applicant complains online about
    criterion S1 within the window; Sara registers the complaint with her examination.
    P1 and Q1 apply to the agency."""
    invite(w, ["P1", "P2", "Q1", "Q2"])
    w.clock.to(at(w.day(11), 10))
    _allocation, who, *_rest = PROPOSALS["P5"]
    person = getattr(w, who)
    page = person.go("/decisions/my/")
    with page.expect_navigation():
        page.get_by_role("link", name=w.proposal("P5").reg_number).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="File a complaint").click()
    page.locator("[name=grounds][value=criteria]").check()
    page.locator("[name=criteria]").first.check()
    page.locator("[name=text]").fill("Vertintojai neįvertino mūsų partnerių indėlio (S1).")
    assert "complaint" in person.press("File the complaint").lower()
    assert w.proposal("P5").status == "complaint"
    from telka.decisions.models import Complaint

    filed = Complaint.objects.get(proposal=w.proposals["P5"])
    sara = w.sara
    sara.go(f"/decisions/complaints/{filed.pk}/manage/")
    sara.fill({"examination": "Skundas pagrįstas: S1 balai neatitinka aprašo."})
    assert "The complaint is registered" in sara.press("Register the complaint")
    record_application(w, "P1", "ESFA-1")
    record_application(w, "Q1", "ESFA-2")
    w.complaint = filed.pk


def lapse(w: World) -> None:
    """The agency deadline passes: the scheduled job lapses P2 and Q2, whose applicants
    never applied; their money returns (P5's request stays held for its complaint)."""
    from telka.decisions import money

    apply_by = w.proposal("P2").award.apply_by
    w.clock.to(at(apply_by + datetime.timedelta(days=1), 6))
    w.clock.tick("lapse_overdue")
    assert (w.proposal("P2").status, w.proposal("Q2").status) == ("lapsed", "lapsed")
    a1, a2 = (w.call.allocations.get(measure__code=code) for code in MEASURES)
    assert (money.remaining(a1), money.remaining(a2)) == (30000 - 10000, 10000)


BOARD_NOW = ["Bruno Kazlauskas", "Dalia Žukauskienė", "Laura Urbonienė", "Mantas Navickas"]
BOARD_NOW += ["Irena Kavaliauskienė"]


def add_item(w: World, meeting: int, values: dict) -> None:
    sara = w.sara
    page = sara.go(f"/decisions/meetings/{meeting}/")
    form = page.locator("form[action$='/items/']")
    sara.fill(values, within=form)
    assert "The item was added to the agenda." in sara.press("Add to the agenda", within=form)


def complaint_and_promotion(w: World) -> None:
    """A new meeting upholds P5's complaint and promotes from A1's reserve: P3 fits the
    money left after P2's lapse, less the 10 000 held for P5 (INV-29, INV-31)."""
    from telka.calls.models import Allocation

    a1 = Allocation.objects.get(call=w.call, measure__code=MEASURES[0])
    number = f"{w.monday.year}/9"
    start = at(today() + datetime.timedelta(days=3), 15)
    meeting = schedule(w, number, start, measures=())
    add_item(w, meeting, {"kind": "complaint", "complaint": w.complaint})
    add_item(w, meeting, {"kind": "promotion", "allocation": a1.pk})
    w.clock.to(start + datetime.timedelta(minutes=5))
    attend(w, meeting, BOARD_NOW)
    from telka.decisions.models import Decision

    complaint_item, promotion = Decision.objects.filter(meeting__number=number).order_by("pk")
    lines = {x.proposal_id: (x.outcome, x.fixed_amount) for x in promotion.lines.all()}
    assert lines == {
        w.proposals["P3"].pk: ("funded", 18000),
        w.proposals["P4"].pk: ("reserve", None),
    }
    for decision in (complaint_item, promotion):
        for name in BOARD_NOW:
            declare(w, decision, name)
    sara = w.sara
    sara.go(f"/decisions/items/{complaint_item.pk}/")
    form = sara.page.locator("form[action$='/text/']")
    sara.fill({"complaint_upheld": "yes", "reasons": "S1 įvertintas neteisingai."}, within=form)
    assert "Saved." in sara.press("Save", within=form, exact=True)
    assert "The decision was adopted" in vote_and_adopt(w, complaint_item)
    assert "The decision was adopted" in vote_and_adopt(w, promotion)
    assert (w.proposal("P5").status, w.proposal("P3").status) == ("under_assessment", "selected")
    sara.go(f"/decisions/meetings/{meeting}/")
    assert "The meeting was closed." in sara.press("Close the meeting")
    sign(w, meeting)


def reassessment(w: World) -> None:
    """Two assessors who have not seen P5 (Rita and Paulius) assess it again (85, 86);
    a meeting places it on A1's funded list with what is left: a new notice."""
    sara = w.sara
    page = sara.go(f"/evaluation/proposals/{w.proposals['P5'].pk}/assessors/")
    for label in ("Rita Vaitkutė", "Paulius Vykdytojas (demo)"):
        page.get_by_label(label, exact=True).check()
    sara.press("Assign")
    for name, total in (("rita", 85), ("paulius", 86)):
        score(getattr(w, name), sheets(w, name).get(proposal=w.proposals["P5"]).pk, total)
    assert (w.proposal("P5").status, w.proposal("P5").result.final_score) == ("ranked", 85.5)
    number = f"{w.monday.year}/10"
    start = at(today() + datetime.timedelta(days=2), 15)
    meeting = schedule(w, number, start, measures=MEASURES[:1])
    w.clock.to(start + datetime.timedelta(minutes=5))
    attend(w, meeting, BOARD_NOW)
    decision = decision_of(number, MEASURES[0])
    assert [(x.proposal_id, x.outcome, x.fixed_amount) for x in decision.lines.all()] == [
        (w.proposals["P5"].pk, "funded", 10000)
    ]
    for name in BOARD_NOW:
        declare(w, decision, name)
    assert "The decision was adopted" in vote_and_adopt(w, decision)
    assert w.proposal("P5").status == "selected"
    sara.go(f"/decisions/meetings/{meeting}/")
    assert "The meeting was closed." in sara.press("Close the meeting")
    sign(w, meeting)
    from telka.decisions.models import Notice

    notices = Notice.objects.filter(proposal=w.proposals["P5"]).order_by("pk")
    assert notices.count() >= 2  # the first said "not selected"; the new one "funded"


def agency(w: World) -> None:
    """The agency approves 18 500 of P1's 20 000 (1 500 returns to A1) and all of Q1's,
    whose grant agreement is signed; P3 and P5 are invited."""
    invite(w, ["P3", "P5"])
    sara = w.sara
    for code, amount in (("P1", "18500"), ("Q1", "20000")):
        card = agency_card(w, code)
        prefix = f"a{w.proposal(code).award.pk}-"
        sara.fill(
            {
                f"{prefix}approved": "yes",
                f"{prefix}decided_on": today().isoformat(),
                f"{prefix}amount": amount,
            },
            within=card,
        )
        assert "the agency's decision was recorded" in sara.press(
            "Record the agency's decision", within=card
        )
    card = agency_card(w, "Q1")
    prefix = f"a{w.proposal('Q1').award.pk}-"
    sara.fill(
        {f"{prefix}number": "SUT-7-1", f"{prefix}signed_on": today().isoformat()}, within=card
    )
    assert "the grant agreement was recorded" in sara.press(
        "Record the grant agreement", within=card
    )
    assert (w.proposal("P1").status, w.proposal("Q1").status) == ("agency_approved", "contracted")


FINAL = {"1.3.1": 3500, "1.2.1": 10000}  # what is left of A1 and A2 at the end


def euros(amount) -> str:
    from django.utils import translation

    from telka.templatetags.telka import eur

    with translation.override("en"):
        return eur(amount)


def dd_after(scope, term: str) -> str:
    return scope.locator(f"dt:text-is('{term}') + dd").first.inner_text().strip()


def amounts_everywhere(w: World) -> None:
    """What is left of each allocation is the same on every page and export that shows
    it, and it is what telka.decisions.money.left computes."""
    import csv
    import io
    import json

    from openpyxl import load_workbook

    from telka.decisions import money
    from telka.decisions.models import Decision

    allocations = {a.measure.code: a for a in w.call.allocations.select_related("measure")}
    left = {code: money.left(a).remaining for code, a in allocations.items()}
    assert left == FINAL
    shown = {code: euros(amount) for code, amount in FINAL.items()}
    sara, visitor = w.sara, w.visitor
    prefix = w.call.registration_prefix

    page = sara.go("/decisions/")
    for code, text in shown.items():
        row = page.locator("tr", has_text=prefix).filter(has_text=code)
        assert text in row.inner_text(), ("staff decisions page", code)
    for code, allocation in allocations.items():
        latest = Decision.objects.filter(allocation=allocation).latest("pk")
        page = sara.go(f"/decisions/items/{latest.pk}/")
        assert dd_after(page, "Remaining now") == shown[code], ("decision page", code)
    page = sara.go(f"/evaluation/calls/{w.call.pk}/ranking/")
    for code, allocation in allocations.items():
        section = page.locator(f"section[aria-labelledby='alloc-{allocation.pk}']")
        assert dd_after(section, "Remaining") == shown[code], ("ranking page", code)
    page = visitor.go(f"/decisions/results/{w.call.pk}/")
    for code, allocation in allocations.items():
        section = page.locator(f"section[aria-labelledby='alloc-{allocation.pk}']")
        assert dd_after(section, "Remaining") == shown[code], ("public results", code)

    def fetch(path: str) -> bytes:
        response = visitor.page.request.get(w.base + path)
        assert response.ok, (path, response.status)
        return response.body()

    calls = json.loads(fetch("/api/calls?page_size=100"))
    listed = next(c for c in calls["items"] if c["id"] == w.call.pk)
    api = {a["measure_code"]: Decimal(a["remaining"]) for a in listed["allocations"]}
    assert api == FINAL, "API /api/calls"
    rows = csv.DictReader(io.StringIO(fetch("/api/allocations.csv").decode("utf-8-sig")))
    api_csv = {
        r["measure_code"]: Decimal(r["remaining"]) for r in rows if r["call_id"] == str(w.call.pk)
    }
    assert api_csv == FINAL, "API /api/allocations.csv"

    # The list of operations shows each operation's amounts and status: what is still
    # funded adds up to the allocation less what is left.
    operations = list(
        csv.reader(
            io.StringIO(
                fetch(f"/en/decisions/results/{w.call.pk}/operations.csv").decode("utf-8-sig")
            )
        )
    )
    sheet = load_workbook(io.BytesIO(fetch(f"/en/decisions/results/{w.call.pk}/operations.xlsx")))
    xlsx = [
        [("" if v is None else str(v)) for v in row]
        for row in sheet.active.iter_rows(values_only=True)
    ]
    for name, table in (("CSV", operations), ("XLSX", xlsx)):
        assert spent_by_measure(table) == {
            code: a.amount - FINAL[code] for code, a in allocations.items()
        }, f"list of operations ({name})"


def spent_by_measure(table: list[list[str]]) -> dict[str, Decimal]:
    """Σ per measure of what the agency approved, else what the board fixed, over the
    operations still funded (a lapsed one keeps its row with its status)."""
    header, *rows = table
    column = {name: n for n, name in enumerate(header)}
    spent: dict[str, Decimal] = {}
    for row in rows:
        measure = row[column["Strategy measure"]]
        spent.setdefault(measure, Decimal(0))
        if row[column["Status"]] in {"lapsed", "agency_rejected", "withdrawn"}:
            continue
        amount = (
            row[column["Support approved by the agency (EUR)"]]
            or row[column["Support fixed by the LAG (EUR)"]]
        )
        spent[measure] += Decimal(amount)
    return spent


STAGES = [
    call_set_up,
    make_assessors,
    submissions,
    formal_check,
    assessment,
    first_meeting,
    written_procedure,
    complaint,
    lapse,
    complaint_and_promotion,
    reassessment,
    agency,
    amounts_everywhere,
]


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
