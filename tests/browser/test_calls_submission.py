"""An applicant's whole way to a registered proposal, in a real browser: register,
confirm the e-mail, register the organisation, fill every section of a proposal
(with live budget totals), upload an attachment, see the completeness check,
submit, download the receipt. Then a submission after the closing time is refused."""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from pypdf import PdfReader

from telka.calls.models import Call, Proposal, ProposalStatus
from telka.calls.tests.helpers import PDF, ago, make_proposal, open_call
from tests import base

EMAIL, PASSWORD = "ona@example.test", "aleksoto-parkas-2024"


@pytest.fixture
def call(transactional_db):
    lag = base.make_lag()
    return open_call(lag, base.make_strategy(lag))


def register_and_confirm(page, url: str) -> None:
    page.goto(url + "/en/accounts/register/")
    page.get_by_label("Full name").fill("Ona Jonaitienė")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Language for e-mails").select_option("en")
    page.get_by_label("I have read the privacy notice").check()
    page.locator("main").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    link = re.search(r"https?://[^/\s]+(/en/accounts/verify/\S+)", mail.outbox[-1].body)
    page.goto(url + link.group(1))
    page.get_by_text(f"your e-mail address {EMAIL} is confirmed").wait_for()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My area").wait_for()


def register_the_organisation(page, url: str) -> None:
    page.goto(url + "/en/accounts/organisations/new/")
    page.get_by_label("Name").fill("Asociacija „Aleksoto sodai“")
    page.get_by_label("Legal form").select_option("association")
    page.get_by_label("Legal entity code").fill("304111222")
    page.get_by_label("Sector").select_option("civil")
    page.get_by_label("Registered address").fill("Veiverių g. 2, Kaunas")
    page.get_by_label("Operates in the LAG territory").check()
    page.get_by_role("button", name="Register the organisation").click()
    page.get_by_text("is registered, and you are its representative.").wait_for()


def save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Saved.").wait_for()


def fill_applicant_and_project(page) -> None:
    page.get_by_label("Contact phone").fill("+370 600 12345")
    page.locator("[name=partners-0-name]").fill("Aleksoto bendruomenė")
    page.locator("[name=partners-0-role]").fill("Renginių vieta")
    save_and_continue(page)
    page.get_by_label("Project title").fill("Sodų dirbtuvės")
    page.get_by_label("Summary").fill("Sodininkystės dirbtuvės senjorams ir jaunimui.")
    page.get_by_label("Problem the project addresses").fill("Vieniši senjorai.")
    page.get_by_label("Target groups").fill("Senjorai, jaunimas")
    page.get_by_label("Planned participants").fill("40")
    page.get_by_label("Where the activities take place").fill("Aleksoto sodai")
    page.get_by_label("The activities take place in the LAG territory").check()
    page.get_by_label("Project start").fill("2030-03-01")
    page.get_by_label("Project end").fill("2030-10-31")
    save_and_continue(page)


def fill_activities_and_strategy(page) -> None:
    page.locator("[name=activities-0-title]").fill("Dirbtuvės")
    page.locator("[name=activities-0-starts_on]").fill("2030-03-01")
    page.locator("[name=activities-0-ends_on]").fill("2030-10-31")
    save_and_continue(page)
    page.get_by_label("Contribution to the strategy").fill("Mažina socialinę atskirtį.")
    page.get_by_label("P1. Dalyviai").fill("40")
    save_and_continue(page)


def fill_budget_and_declarations(page) -> None:
    page.locator("[name=lines-0-category]").select_option("services")
    page.locator("[name=lines-0-description]").fill("Sodinukai ir įrankiai")
    page.locator("[name=lines-0-quantity]").fill("10")
    page.locator("[name=lines-0-unit_price]").fill("1000")
    page.get_by_label("Own contribution (EUR)").fill("1500")
    # htmx recomputes the totals while typing, before anything is saved
    page.locator("#budget-totals").get_by_text("€8,500.00").wait_for()
    save_and_continue(page)
    for label in ["I declare that the project", "I declare that the information", "I agree"]:
        page.get_by_label(label).check()
    save_and_continue(page)


def upload_the_attachment(page, tmp_path: Path) -> None:
    path = tmp_path / "samata.pdf"
    path.write_bytes(PDF)
    page.get_by_label("What is it?").select_option("budget")
    page.get_by_label("Files").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The files have been attached.").wait_for()
    assert page.get_by_role("link", name="samata.pdf").is_visible()


def download_the_receipt(page) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    receipt = Path(download.value.path()).read_bytes()
    return PdfReader(io.BytesIO(receipt)).pages[0].extract_text()


def test_an_applicant_registers_prepares_submits_and_downloads_the_receipt(
    page, live_server, call, tmp_path
):
    register_and_confirm(page, live_server.url)
    register_the_organisation(page, live_server.url)
    page.goto(live_server.url + f"/en/calls/{call.pk}/")
    page.get_by_role("link", name="Apply").click()
    page.get_by_role("button", name="Create the draft").click()
    page.get_by_text("Your draft has been created.").wait_for()

    page.get_by_role("link", name="Check and submit").click()
    problems = page.locator(".problems").inner_text()
    assert "Enter the project title." in problems and "Add at least one budget line." in problems
    page.get_by_role("link", name="Enter the contact phone number.").click()

    fill_applicant_and_project(page)
    fill_activities_and_strategy(page)
    fill_budget_and_declarations(page)
    upload_the_attachment(page, tmp_path)

    page.get_by_role("link", name="Check and submit").first.click()
    page.get_by_text("The proposal is complete and meets the call's conditions.").wait_for()
    page.get_by_role("button", name="Submit the proposal").click()
    page.get_by_text("registered as K4-001").wait_for()

    text = download_the_receipt(page)
    assert "K4-001" in text and "Receipt for a submitted project proposal" in text
    proposal = Proposal.objects.get()
    assert (proposal.status, proposal.requested_amount) == (ProposalStatus.REGISTERED, 8500)
    assert any(m.subject == "Proposal registered: K4-001" for m in mail.outbox)


def test_a_submission_after_the_closing_time_is_refused(page, live_server, call):
    user = base.make_user("late@example.test", "Vėlyvas Pareiškėjas")
    organisation = base.make_organisation(user)
    proposal = make_proposal(call, organisation, user)
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill("late@example.test")
    page.get_by_label("Password").fill(base.PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/en/calls/proposals/{proposal.pk}/check/")
    submit = page.get_by_role("button", name="Submit the proposal")
    assert submit.is_visible()
    # The deadline passes while the page is open; the cron job has not closed the call.
    Call.objects.filter(pk=call.pk).update(closes_at=ago(seconds=1))
    submit.click()
    page.get_by_text("proposals can no longer be submitted").first.wait_for()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.reg_number is None
    assert page.get_by_role("button", name="Submit the proposal").count() == 0
