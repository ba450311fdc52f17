"""A resident takes part in the demo consultation on the strategy change, and the
LAG answers: register and confirm the e-mail address, make a suggestion, support
another, comment; staff answer every suggestion, close and publish the answers;
the public page shows the answers and the comparison of the draft."""

import re

import pytest
from django.core import mail

from telka.consultations.models import Consultation, Suggestion, Support
from tests import demo_db

EMAIL, PASSWORD = "laura@example.test", "aleksoto-laukai-2024"


@pytest.fixture
def consultation(transactional_db):
    demo_db.load_demo()
    return Consultation.objects.get()


def register_and_log_in(page, base: str) -> None:
    page.goto(base + "/en/")
    page.get_by_role("link", name="Register").click()
    page.get_by_label("Full name").fill("Laura Jonaitė")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Language for e-mails").select_option("en")
    page.get_by_label("I have read the privacy notice").check()
    page.locator("main").get_by_role("button", name="Register").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    path = re.search(r"https?://[^/\s]+(/en/accounts/verify/\S+)", message.body).group(1)
    page.goto(base + path)
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My area").wait_for()


def make_a_suggestion(page, base: str, consultation) -> None:
    page.goto(base + f"/en/consultations/{consultation.pk}/")
    page.locator("main").get_by_role("link", name="Submit a suggestion").first.click()
    page.get_by_label("Title").fill("Robotikos būrelis mergaitėms")
    page.get_by_label("Your suggestion").fill(
        "Siūlau atskirą grupę mergaitėms.\nBent du kartus per savaitę."
    )
    objective = consultation.strategy.goals.get().objectives.get(code="1.1")
    page.get_by_label("Objective it concerns").select_option(str(objective.pk))
    page.get_by_label("I live in the territory").check()
    page.get_by_role("button", name="Publish the suggestion").click()
    page.get_by_text("Thank you: your suggestion is published.").wait_for()


def support_and_comment(page, base: str, consultation) -> None:
    page.goto(base + f"/en/consultations/{consultation.pk}/?sort=newest")
    card = page.locator("article.suggestion").filter(
        has_text="Bendradarbiauti su Aleksoto mokyklomis"
    )
    card.get_by_role("button", name="Support").click()
    page.get_by_text("You support this suggestion.").wait_for()
    card.get_by_role("link", name="Bendradarbiauti su Aleksoto mokyklomis").click()
    page.get_by_label("Your comment").fill("Gimnazija turi puikią dirbtuvę.")
    page.get_by_role("button", name="Publish the comment").click()
    page.get_by_text("Your comment is published.").wait_for()


def staff_answer_everything_and_publish(page, base: str, consultation) -> None:
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill("sara@aleksotas.test")
    page.get_by_label("Password").fill("aleksotas-demo")
    page.locator("main").get_by_role("button", name="Log in").click()
    page.goto(base + f"/en/consultations/manage/{consultation.pk}/")
    while (
        page.locator("main section")
        .filter(has_text="Suggestions to answer")
        .get_by_role("listitem")
        .count()
    ):
        page.locator("main section").filter(has_text="Suggestions to answer").get_by_role(
            "link"
        ).first.click()
        page.get_by_label("Partly accepted").check()
        page.get_by_label("Reasons").fill("Atsižvelgsime rengdami kvietimą.")
        page.get_by_role("button", name="Publish the answer").click()
        page.get_by_text("The answer is published.").wait_for()
        page.goto(base + f"/en/consultations/manage/{consultation.pk}/")
    page.get_by_role("button", name="Close now").click()
    page.get_by_label("Conclusion").fill("Ačiū visiems už pasiūlymus.")
    page.get_by_role("button", name="Publish the answers").click()
    page.get_by_text("The answers and the summary report are published.").wait_for()


def the_public_sees_every_answer_and_the_changes(page, base: str, consultation) -> None:
    page.goto(base + f"/en/consultations/{consultation.pk}/")
    main = page.locator("main").inner_text()
    assert "The LAG's answers" in main
    assert "Ačiū visiems už pasiūlymus." in main
    card = page.locator("article.suggestion").filter(has_text="Robotikos būrelis mergaitėms")
    assert "Partly accepted" in card.inner_text()
    assert "Atsižvelgsime rengdami kvietimą." in card.inner_text()
    assert page.locator("article.suggestion").count() == 5
    assert page.locator("article.suggestion .answer").count() == 5
    page.get_by_role("link", name="Compare the draft with the strategy in force").click()
    changes = page.locator("main").inner_text()
    assert "techninės kūrybos centrą" in changes
    assert "+€327,622.72" in changes


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_resident_takes_part_and_the_lag_answers_every_suggestion(
    page, live_server, consultation
):
    base = live_server.url
    register_and_log_in(page, base)
    make_a_suggestion(page, base, consultation)
    mine = Suggestion.objects.get(title="Robotikos būrelis mergaitėms")
    assert mine.author_name == "Laura J."
    assert mine.objective.code == "1.1"
    support_and_comment(page, base, consultation)
    assert Support.objects.filter(
        user=mine.author, suggestion__title__startswith="Bendradarbiauti"
    ).exists()
    log_out(page)

    staff_answer_everything_and_publish(page, base, consultation)
    log_out(page)
    consultation.refresh_from_db()
    assert consultation.status == "answered"
    assert [m.subject for m in mail.outbox if m.to == [EMAIL]][-1] == (
        "The LAG answered your suggestion “Robotikos būrelis mergaitėms”"
    )

    the_public_sees_every_answer_and_the_changes(page, base, consultation)
