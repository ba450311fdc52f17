"""What the people of the whole-call browser test do, one helper per gesture (see
test_whole_call_browser.py). Ids of what they work on are read from the database;
everything they change goes through the browser."""

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

from django.utils import timezone, translation

from telka.calls.models import Allocation, Proposal
from telka.calls.tests.helpers import PDF
from telka.decisions.models import Decision
from telka.evaluation.models import Assessment
from telka.lag.models import BoardMembership
from telka.templatetags.telka import eur

from .whole_call_people import EMAILS, Persona, World, minute_input


def submit(w: World, code: str, allocation: int, who: str, requested: int) -> None:
    """The applicant fills every section of a proposal (for the `allocation`-th measure),
    attaches the budget justification and submits it."""
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
        if "own_contribution" in values:
            # The totals are recomputed on the server while typing and when a field
            # is left: let them settle before saving (the test's in-memory SQLite
            # cannot serve two requests at once).
            page.locator("[name=own_contribution]").press("Tab")
            page.locator("#budget-totals").get_by_text(euros(requested)).first.wait_for()
            page.wait_for_load_state("networkidle")
        assert "Saved." in person.press("Save and continue"), page.content()
    attach(person, "samata.pdf")
    with page.expect_navigation():
        page.get_by_role("link", name="Check and submit").first.click()
    assert "The proposal is complete" in page.content(), page.locator(".problems").inner_text()
    assert "registered as" in person.press("Submit the proposal")
    proposal = Proposal.objects.filter(title=f"Projektas {code}").get()
    assert proposal.requested_amount == requested
    w.proposals[code] = proposal


def attach(person: Persona, name: str) -> None:
    page = person.page
    page.get_by_label("What is it?").select_option("budget")
    page.get_by_label("Files").set_input_files(pdf_file(name))
    assert "The files have been attached." in person.press("Upload")


def pdf_file(name: str) -> str:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(PDF)
    return str(path)


def check(w: World, code: str, clarify: bool) -> None:
    """Every checklist item meets the requirements (or, to clarify, the costs do not)."""
    sara = w.sara
    page = sara.go(f"/evaluation/proposals/{w.proposals[code].pk}/check/")
    assert "The formal check has started." in sara.press("Start the formal check")
    for radio in page.locator("input[type=radio][value=pass]").all():
        radio.check()
    if clarify:
        item = page.locator("fieldset.check-item", has_text="The costs are eligible")
        item.locator("input[value=fail]").check()
        item.locator("textarea").fill("Pridėkite pasirašytą kainų pasiūlymą.")
    assert "The checklist was saved." in sara.press("Save the checklist")
    if clarify:
        assert "asked to correct the deficiencies" in sara.press("Send the request")
    else:
        assert "Assign its assessors" in sara.press("Declare eligible")


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
    return Assessment.objects.filter(
        assessor__email=EMAILS[name], proposal__call=w.call, status__in=["assigned", "declared"]
    )


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
    return BoardMembership.objects.get(full_name=name, valid_to=None).pk


def decision_of(meeting_number: str, code: str):
    return Decision.objects.filter(
        meeting__number=meeting_number, allocation__measure__code=code
    ).latest("pk")


# Present at the first meeting: three public authorities, one business member, two civil.
def schedule(w: World, number: str, starts: datetime.datetime, measures) -> int:
    """Sara schedules a meeting with the allocations of call 7 and sends the agenda."""
    sara = w.sara
    page = sara.go("/decisions/meetings/new/")
    sara.fill({"number": number, "mode": "in_person", "starts_at": minute_input(starts)})
    for code in measures:
        allocation = Allocation.objects.get(call=w.call, measure__code=code)
        page.locator(f"[name=allocations][value='{allocation.pk}']").check()
    assert "The meeting was scheduled" in sara.press("Schedule", exact=True)
    if measures:
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


def sign(w: World, meeting: int) -> None:
    sara = w.sara
    sara.go(f"/decisions/meetings/{meeting}/")
    sara.fill({"signatories": "Bruno Kazlauskas, Sara Jonaitienė"})
    assert "The minutes are signed" in sara.press("Record the signed minutes and publish them")


def agency_card(w: World, code: str):
    page = w.sara.go("/decisions/agency/")
    heading = page.get_by_role("heading", name=w.proposal(code).reg_number)
    return page.locator("section.card", has=heading)


def invited(w: World, codes) -> None:
    """Recording the decision invited the funded proposals to apply to the agency: the
    agency page shows each as invited, with the date to apply by."""
    for code in codes:
        card = agency_card(w, code)
        award = w.proposal(code).award
        assert (w.proposal(code).status, award.apply_by is not None) == ("invited", True), code
        assert dd_after(card, "Status") == "Invited to apply to the agency", code
        assert dd_after(card, "Apply by") == date_en(award.apply_by), code


def date_en(day: datetime.date) -> str:
    from django.utils.formats import date_format

    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


def record_application(w: World, code: str, reference: str) -> None:
    card = agency_card(w, code)
    prefix = f"a{w.proposal(code).award.pk}-"
    w.sara.fill(
        {f"{prefix}applied_on": today().isoformat(), f"{prefix}reference": reference}, within=card
    )
    assert "the application was recorded" in w.sara.press("Record the application", within=card)


def today() -> datetime.date:
    return timezone.localdate()


def add_item(w: World, meeting: int, values: dict) -> None:
    sara = w.sara
    page = sara.go(f"/decisions/meetings/{meeting}/")
    form = page.locator("form[action$='/items/']")
    sara.fill(values, within=form)
    assert "The item was added to the agenda." in sara.press("Add to the agenda", within=form)
    assert "The agenda was sent" in sara.press("Send the agenda")


def uphold(w: World, decision) -> None:
    """The board's text: the complaint is upheld, with reasons; then the vote."""
    sara = w.sara
    sara.go(f"/decisions/items/{decision.pk}/")
    form = sara.page.locator("form[action$='/text/']")
    sara.fill({"complaint_upheld": "yes", "reasons": "S1 įvertintas neteisingai."}, within=form)
    assert "Saved." in sara.press("Save", within=form, exact=True)
    assert "The decision was adopted" in vote_and_adopt(w, decision)


def euros(amount) -> str:
    with translation.override("en"):
        return eur(amount)


def dd_after(scope, term: str) -> str:
    return scope.locator(f"dt:text-is('{term}') + dd").first.inner_text().strip()


# The list of operations names its columns by code in the CSV, by label in the XLSX.
OPERATION_COLUMNS = {
    "measure": ("intervention", "Strategy measure"),
    "status": ("status", "Status"),
    "fixed": ("union_support", "Support fixed by the LAG (EUR)"),
    "approved": ("approved_support", "Support approved by the agency (EUR)"),
}


def spent_by_measure(table: list[list[str]]) -> dict[str, Decimal]:
    """Σ per measure of what the agency approved, else what the board fixed, over the
    operations still funded (a lapsed one keeps its row with its status)."""
    header, *rows = table
    column = {
        key: next(n for n, name in enumerate(header) if name in names)
        for key, names in OPERATION_COLUMNS.items()
    }
    spent: dict[str, Decimal] = {}
    for row in rows:
        measure = row[column["measure"]]
        spent.setdefault(measure, Decimal(0))
        if row[column["status"]] in {"lapsed", "agency_rejected", "withdrawn"}:
            continue
        spent[measure] += Decimal(row[column["approved"]] or row[column["fixed"]])
    return spent


def start_written_procedure(w: World, meeting: int, number: str, opens, due, reason: str) -> None:
    """From the meeting page: the undecided items go to a written procedure."""
    sara = w.sara
    page = sara.go(f"/decisions/meetings/{meeting}/")
    page.get_by_text("Adjourn, or move to a written procedure").click()
    form = page.locator("form[action$='/written/']")
    values = {"number": number, "starts_at": minute_input(opens), "reason": reason}
    sara.fill({**values, "ballots_due_at": minute_input(due)}, within=form)
    message = sara.press("Start the written procedure", within=form)
    assert "The written procedure was started" in message, message
