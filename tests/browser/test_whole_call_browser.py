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
from django.utils.timezone import now

from telka.calls.models import Allocation, Call

from .whole_call_people import EMAILS, Clock, World, at, minute_input, next_monday
from .whole_call_steps import (
    add_item,
    agency_card,
    attend,
    check,
    dd_after,
    decision_of,
    declare,
    euros,
    extra,
    invited,
    pdf_file,
    record_application,
    schedule,
    score,
    sheets,
    sign,
    spent_by_measure,
    start_written_procedure,
    submit,
    today,
    uphold,
    vote_and_adopt,
)

# WHOLE_CALL_UNTIL=<stage name> stops after that stage (while working on the test).
UNTIL = os.environ.get("WHOLE_CALL_UNTIL")


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


def submissions(w: World) -> None:
    """Ana (demo applicant) and two applicants who register online submit eight
    proposals while the call is open; the deadline passes and the job closes it."""
    w.ona.register("Ona Jonaitienė", ORGANISATIONS["ona"])
    w.petras.register("Petras Petraitis", ORGANISATIONS["petras"])
    for code in PROPOSALS:
        allocation, who, requested, _totals = PROPOSALS[code]
        submit(w, code, allocation, who, requested)
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
        check(w, code, clarify=code == CLARIFIED)
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


def first_meeting(w: World) -> None:
    """The board meets with six members. Tomas declares an interest in P3 and Rūta in Q2:
    both are recused. In A2 the meeting decides; in A1 the public authorities would hold
    3 of 5 votes, so recording the decision is refused and the rest goes to a written
    procedure (the A1 item is invalid with its own reason, A2 stays adopted)."""
    number = f"{w.monday.year}/7"
    meeting = schedule(w, number, at(w.day(7), 15), MEASURES)
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
    refusal = "Public authorities would hold 3 of 5 votes (60.0 %), more than the 50 % allowed"
    assert refusal in page.locator(".message-error").inner_text()
    assert refusal in sara.press("Record the decision")
    start_written_procedure(
        w, meeting, f"{number}-R", now(), at(w.day(10), 16), "A1: po nusišalinimo."
    )
    a1, a2 = decision_of(number, MEASURES[0]), decision_of(number, MEASURES[1])
    assert (a1.status, a2.status) == ("invalid", "adopted")
    assert refusal in a1.reasons
    statuses = {code: w.proposal(code).status for code in ("Q1", "Q2", "Q3", "P1")}
    assert statuses == {"Q1": "invited", "Q2": "invited", "Q3": "reserve", "P1": "ranked"}
    w.meetings["first"] = meeting


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
        page.locator("[name$='-choice'][value=for]").check()
        assert "Your ballot was recorded." in member.press("Cast the ballot")
    w.clock.to(at(w.day(10), 16, 5))
    page = sara.go(f"/decisions/items/{a1.pk}/")
    assert "The decision was adopted" in sara.press("Count the ballots and record the decision")
    statuses = {code: w.proposal(code).status for code in ("P1", "P2", "P3", "P4", "P5")}
    assert statuses == {
        "P1": "invited",
        "P2": "invited",
        "P3": "reserve",
        "P4": "reserve",
        "P5": "not_selected",
    }
    assert "The meeting was closed." in sara.press("Close the meeting")
    for meeting in (written, w.meetings["first"]):
        sign(w, meeting)
    w.meetings["written"] = written


def complaint(w: World) -> None:
    """The selected proposals were invited to the agency. P5's applicant complains about
    criterion S1 within the window; Sara registers the complaint with her examination.
    P1 and Q1 apply to the agency."""
    invited(w, ["P1", "P2", "Q1", "Q2"])
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


def complaint_and_promotion(w: World) -> None:
    """A new meeting upholds P5's complaint and promotes from A1's reserve: P3 fits the
    money left after P2's lapse, less the 10 000 held for P5 (INV-29, INV-31)."""

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
    uphold(w, complaint_item)
    assert "The decision was adopted" in vote_and_adopt(w, promotion)
    assert (w.proposal("P5").status, w.proposal("P3").status) == ("under_assessment", "invited")
    sara = w.sara
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
    assert w.proposal("P5").status == "invited"
    sara.go(f"/decisions/meetings/{meeting}/")
    assert "The meeting was closed." in sara.press("Close the meeting")
    sign(w, meeting)
    notices_of_p5(w)


def notices_of_p5(w: World) -> None:
    """The applicant's list keeps each notice as issued: P5 was not selected, then
    funded after its complaint; the first notice points to the later one."""
    _allocation, who, *_rest = PROPOSALS["P5"]
    person = getattr(w, who)
    page = person.go("/decisions/my/")
    rows = page.locator("tbody tr", has_text=w.proposal("P5").reg_number)
    said = sorted(row.locator("td").nth(1).inner_text() for row in rows.all())
    assert said == [f"Funded list, {euros(10000)}; score 85.50", "Not selected; score 40.00"]
    with page.expect_navigation():
        rows.filter(has_text="Not selected").get_by_role("link").click()
    assert "A later decision on this proposal was notified." in page.content()


def agency(w: World) -> None:
    """The agency approves 18 500 of P1's 20 000 (1 500 returns to A1) and all of Q1's,
    whose grant agreement is signed; P3 and P5 were invited by their decisions."""
    invited(w, ["P3", "P5"])
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


def amounts_everywhere(w: World) -> None:
    """What is left of each allocation is the same on every page and export that shows
    it, and it is what telka.decisions.money.left computes."""
    from telka.decisions import money

    allocations = {a.measure.code: a for a in w.call.allocations.select_related("measure")}
    assert {code: money.left(a).remaining for code, a in allocations.items()} == FINAL
    amounts_on_pages(w, allocations)
    amounts_in_exports(w, allocations)


def amounts_on_pages(w: World, allocations: dict) -> None:
    from telka.decisions.models import Decision

    shown = {code: euros(amount) for code, amount in FINAL.items()}
    sara = w.sara
    page = sara.go("/decisions/")
    for code, text in shown.items():
        row = page.locator("tr", has_text=w.call.registration_prefix).filter(has_text=code)
        assert text in row.inner_text(), ("staff decisions page", code)
    for code, allocation in allocations.items():
        latest = Decision.objects.filter(allocation=allocation).latest("pk")
        page = sara.go(f"/decisions/items/{latest.pk}/")
        assert dd_after(page, "Remaining now") == shown[code], ("decision page", code)
    for person, path, where in [
        (sara, f"/evaluation/calls/{w.call.pk}/ranking/", "ranking page"),
        (w.visitor, f"/decisions/results/{w.call.pk}/", "public results"),
    ]:
        page = person.go(path)
        for code, allocation in allocations.items():
            section = page.locator(f"section[aria-labelledby='alloc-{allocation.pk}']")
            assert dd_after(section, "Remaining") == shown[code], (where, code)


def amounts_in_exports(w: World, allocations: dict) -> None:
    """The API says what is left; the list of operations (CSV, XLSX) shows each
    operation's amounts and status: what is still funded adds up to the allocation less
    what is left."""
    import csv
    import io
    import json

    from openpyxl import load_workbook

    def fetch(path: str) -> bytes:
        response = w.visitor.page.request.get(w.base + path)
        assert response.ok, (path, response.status)
        return response.body()

    calls = json.loads(fetch("/api/calls?page_size=100"))
    listed = next(c for c in calls["items"] if c["id"] == w.call.pk)
    api = {a["measure_code"]: Decimal(a["remaining"]) for a in listed["allocations"]}
    assert api == FINAL, "API /api/calls"
    rows = csv.DictReader(io.StringIO(fetch("/api/allocations.csv").decode("utf-8-sig")))
    mine = [r for r in rows if r["call_id"] == str(w.call.pk)]
    assert {r["measure_code"]: Decimal(r["remaining"]) for r in mine} == FINAL, "API CSV"
    results = f"/en/decisions/results/{w.call.pk}/operations"
    operations = list(csv.reader(io.StringIO(fetch(f"{results}.csv").decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(fetch(f"{results}.xlsx"))).active
    xlsx = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    spent = {code: a.amount - FINAL[code] for code, a in allocations.items()}
    for name, table in (("CSV", operations), ("XLSX", xlsx)):
        assert spent_by_measure(table) == spent, f"list of operations ({name})"


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
