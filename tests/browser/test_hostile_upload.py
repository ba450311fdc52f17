"""Issue 14 in the browser: an applicant uploads a PDF with a script in it to her draft;
the page says why it is refused, the file is not attached, and a clean copy then goes in."""

from pathlib import Path

from telka.calls.models import Attachment
from telka.calls.tests.helpers import PDF, make_proposal, open_call
from telka.calls.tests.hostile_files import pdf_with_javascript
from tests import base


def test_a_pdf_with_a_script_is_refused_with_the_reason_and_a_clean_one_accepted(
    page, live_server, transactional_db, tmp_path: Path
):
    lag = base.make_lag()
    call = open_call(lag, base.make_strategy(lag))
    user = base.make_user("ona@example.test", "Ona Jonaitienė")
    proposal = make_proposal(call, base.make_organisation(user), user, complete=False)
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill("ona@example.test")
    page.get_by_label("Password").fill(base.PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My area").wait_for()
    page.goto(live_server.url + f"/en/calls/proposals/{proposal.pk}/edit/attachments/")

    hostile = tmp_path / "samata.pdf"
    hostile.write_bytes(pdf_with_javascript())
    page.get_by_label("What is it?").select_option("budget")
    page.get_by_label("Files").set_input_files(str(hostile))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("contains active content").first.wait_for()
    assert "Save or print it again as a plain PDF" in page.locator("main").inner_text()
    assert not Attachment.objects.filter(proposal=proposal).exists()

    clean = tmp_path / "samata-svari.pdf"
    clean.write_bytes(PDF)
    page.get_by_label("What is it?").select_option("budget")
    page.get_by_label("Files").set_input_files(str(clean))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The files have been attached.").wait_for()
    assert [a.original_name for a in Attachment.objects.filter(proposal=proposal)] == [
        "samata-svari.pdf"
    ]
