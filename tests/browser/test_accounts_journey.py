"""A visitor becomes an applicant: registers, confirms the e-mail address
with the link from the message, logs in, registers an organisation and finds
it in My area."""

import re

from django.core import mail

from telka.accounts.models import Organisation, User
from tests.base import make_lag

EMAIL, PASSWORD = "jonas@example.test", "aleksoto-parkas-2024"


def register(page) -> None:
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Full name").fill("Jonas Petraitis")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Language for e-mails").select_option("en")
    page.get_by_label("I have read the privacy notice").check()
    page.locator("main").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()


def open_link_from_the_e_mail(page, base: str) -> None:
    [message] = mail.outbox
    assert message.to == [EMAIL]
    path = re.search(r"https?://[^/\s]+(/en/accounts/verify/\S+)", message.body).group(1)
    page.goto(base + path)
    page.get_by_text(f"your e-mail address {EMAIL} is confirmed").wait_for()


def log_in(page) -> None:
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My area").wait_for()


def register_an_organisation(page) -> None:
    page.locator("main").get_by_role("link", name="Register an organisation").click()
    page.get_by_label("Name").fill("Asociacija „Aleksoto sodai“")
    page.get_by_label("Legal form").select_option("association")
    page.get_by_label("Legal entity code").fill("304 111 222")
    page.get_by_label("Sector").select_option("civil")
    page.get_by_label("Registered address").fill("Veiverių g. 2, Kaunas")
    page.get_by_label("Operates in the LAG territory").check()
    page.get_by_role("button", name="Register the organisation").click()
    page.get_by_text("is registered, and you are its representative.").wait_for()


def test_a_visitor_registers_confirms_logs_in_and_registers_an_organisation(
    page, live_server, transactional_db
):
    make_lag()
    page.goto(live_server.url + "/en/")
    register(page)
    assert EMAIL in page.locator("main").inner_text()

    open_link_from_the_e_mail(page, live_server.url)
    assert User.objects.get(email=EMAIL).is_verified

    log_in(page)
    assert "Confirm your e-mail address" not in page.locator("main").inner_text()

    register_an_organisation(page)
    page.get_by_role("navigation", name="My area").get_by_role("link", name="Overview").click()
    panel = page.locator("section").filter(has=page.locator("#panel-organisations"))
    assert "Asociacija „Aleksoto sodai“" in panel.inner_text()
    assert Organisation.objects.get(legal_code="304111222").members.get().email == EMAIL
