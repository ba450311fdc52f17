import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from pypdf import PdfReader

from telka.consultations.models import Consultation, ConsultationStatus, Suggestion
from telka.consultations.panels import dashboard_panel, home_panel
from telka.consultations.privacy import anonymise_personal_data, export_personal_data
from telka.strategy.models import AmendmentStatus, Objective
from tests.base import PASSWORD, count_queries, make_user

from .builders import answer, make_comment, make_consultation, make_suggestion, support, take_part


@pytest.fixture
def consultation(lag, strategy):
    return make_consultation(lag)


def test_the_list_sorts_by_support_and_comments_and_filters_by_objective(
    client, consultation, rita, lag
):
    people = [make_user(f"p{n}@example.test", f"P {n}") for n in range(3)]
    quiet = make_suggestion(consultation, rita, title="Tylus")
    loved = make_suggestion(consultation, rita, title="Mylimas")
    talked = make_suggestion(consultation, rita, title="Aptarinėjamas")
    for person in people:
        support(loved, person)
    make_comment(talked, people[0])
    make_comment(talked, people[1])
    objective = Objective.objects.get(goal__strategy=consultation.strategy)
    Suggestion.objects.filter(pk=quiet.pk).update(objective=objective)

    def titles(query):
        page = client.get(f"/consultations/{consultation.pk}/?{query}").text
        found = [(page.find(f">{t}</a>"), t) for t in ("Tylus", "Mylimas", "Aptarinėjamas")]
        return [t for position, t in sorted(found) if position > 0]

    assert titles("sort=supported") == ["Mylimas", "Aptarinėjamas", "Tylus"]
    assert titles("sort=commented") == ["Aptarinėjamas", "Mylimas", "Tylus"]
    assert titles("sort=newest") == ["Aptarinėjamas", "Mylimas", "Tylus"]
    assert titles(f"objective={objective.pk}") == ["Tylus"]
    assert titles("q=mylim") == ["Mylimas"]


def test_suggestion_text_is_escaped_with_its_line_breaks(client, consultation, rita):
    suggestion = make_suggestion(consultation, rita, text="<script>alert(1)</script>\nantra eilutė")
    page = client.get(f"/consultations/suggestions/{suggestion.pk}/").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>antra eilutė" in page


def test_the_list_is_paginated(client, consultation, rita):
    for number in range(25):
        make_suggestion(consultation, rita, title=f"Pasiūlymas {number:02}")
    first = client.get(f"/en/consultations/{consultation.pk}/").text
    second = client.get(f"/en/consultations/{consultation.pk}/?page=2").text
    assert "Page 1 of 2" in first
    assert "Pasiūlymas 24" in first and "Pasiūlymas 04" not in first
    assert "Pasiūlymas 04" in second


def test_the_list_runs_the_same_queries_for_1_and_20_suggestions(client, consultation, rita, sara):
    others = [make_user(f"s{n}@example.test", f"S {n}") for n in range(2)]
    take_part(consultation, rita)

    def grow_to(count):
        while consultation.suggestions.count() < count:
            suggestion = make_suggestion(consultation, others[0])
            support(suggestion, rita)
            make_comment(suggestion, others[1])
            answer(suggestion, sara)

    url = f"/consultations/{consultation.pk}/?sort=supported"
    grow_to(1)
    anonymous = count_queries(client, url)
    client.login(username=rita.email, password=PASSWORD)
    resident = count_queries(client, url)
    grow_to(20)
    assert count_queries(client, url) == resident
    client.logout()
    assert count_queries(client, url) == anonymous


def test_the_suggestion_page_runs_the_same_queries_for_1_and_20_comments(
    client, consultation, rita
):
    suggestion = make_suggestion(consultation, rita)
    jonas = make_user("jonas@example.test", "Jonas P")
    top = make_comment(suggestion, jonas)
    make_comment(suggestion, rita, parent=top)
    url = f"/consultations/suggestions/{suggestion.pk}/"
    client.login(username=rita.email, password=PASSWORD)
    small = count_queries(client, url)
    for _ in range(10):
        top = make_comment(suggestion, jonas)
        make_comment(suggestion, rita, parent=top)
    assert count_queries(client, url) == small


def test_a_draft_consultation_is_unknown_to_residents(client, lag, strategy, rita):
    draft = make_consultation(lag, status=ConsultationStatus.DRAFT)
    suggestion = make_suggestion(draft, rita)
    client.login(username=rita.email, password=PASSWORD)
    assert client.get(f"/consultations/{draft.pk}/").status_code == 404
    assert client.get(f"/consultations/suggestions/{suggestion.pk}/").status_code == 404
    assert "Dėl strategijos keitimo" not in client.get("/consultations/").text


@pytest.mark.parametrize("persona", ["rita", "eva", "otto"])
def test_the_staff_pages_are_404_for_others(client, consultation, persona, request, rita):
    user = request.getfixturevalue(persona)
    suggestion = make_suggestion(consultation, rita)
    client.login(username=user.email, password=PASSWORD)
    for url in [
        "/consultations/manage/",
        "/consultations/manage/new/",
        f"/consultations/manage/{consultation.pk}/",
        f"/consultations/manage/{consultation.pk}/edit/",
        f"/consultations/suggestions/{suggestion.pk}/answer/",
        f"/consultations/manage/hide/suggestion/{suggestion.pk}/",
        f"/consultations/{consultation.pk}/report.pdf",
    ]:
        assert client.get(url).status_code == 404, url


def test_staff_create_and_publish_a_consultation_on_a_draft(client, lag, strategy, sara):
    from .builders import make_amendment

    amendment = make_amendment(lag, sara)
    client.login(username=sara.email, password=PASSWORD)
    opens = timezone.localtime() + datetime.timedelta(days=1)
    response = client.post(
        "/consultations/manage/new/",
        {
            "amendment": amendment.pk,
            "title": "Dėl keitimo",
            "text": "Kviečiame.",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + datetime.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    consultation = Consultation.objects.get()
    assert response["Location"] == f"/consultations/manage/{consultation.pk}/"
    assert (consultation.status, consultation.strategy) == ("draft", amendment.draft)
    client.post(f"/consultations/manage/{consultation.pk}/publish/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SCHEDULED
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.DRAFT  # it opens on time, by the command


def test_the_summary_report_counts_supports_and_answers(client, lag, strategy, sara, rita):
    consultation = make_consultation(lag, status=ConsultationStatus.ANSWERED)
    take_part(consultation, rita)
    jonas = make_user("jonas@example.test", "Jonas Petraitis")
    first = make_suggestion(consultation, rita, title="Centras vakarais")
    second = make_suggestion(consultation, jonas, title="Daugiau vaikų")
    support(first, jonas)
    answer(first, sara, "accepted")
    answer(second, sara, "not_accepted")
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/en/consultations/{consultation.pk}/report.xlsx").content)
    )
    summary = dict(workbook["Summary"].iter_rows(min_row=2, values_only=True))
    assert (summary["Suggestions"], summary["Supports"], summary["Participants"]) == (2, 1, 1)
    assert (summary["Accepted"], summary["Not accepted"], summary["Without an answer"]) == (1, 1, 0)
    rows = list(workbook["Suggestions"].iter_rows(min_row=2, values_only=True))
    assert [(r[2], r[5], r[7], r[9]) for r in rows] == [
        ("Rita V.", "Centras vakarais", 1, "Accepted"),
        ("Jonas P.", "Daugiau vaikų", 0, "Not accepted"),
    ]
    pdf = client.get(f"/consultations/{consultation.pk}/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Centras vakarais" in text and "Nepriimtas" in text


def test_the_report_is_published_only_with_the_answers(client, consultation):
    assert client.get(f"/consultations/{consultation.pk}/report.xlsx").status_code == 404


def test_the_home_panel_shows_an_open_consultation_first(rf: RequestFactory, consultation, rita):
    make_suggestion(consultation, rita)
    panel = home_panel(rf.get("/"))
    assert panel.order == 5
    assert [(c.title, c.n_suggestions) for c in panel.context["consultations"]] == [
        ("Dėl strategijos keitimo", 1)
    ]
    Consultation.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert home_panel(rf.get("/")) is None


def test_the_dashboard_shows_my_suggestions_and_staff_work(
    rf: RequestFactory, consultation, rita, sara
):
    mine = make_suggestion(consultation, rita)
    request = rf.get("/")
    request.user = rita
    assert dashboard_panel(request).context["suggestions"] == [mine]
    request.user = sara
    work = dashboard_panel(request).context["to_answer"]
    assert [(c.pk, c.n_unanswered) for c in work] == [(consultation.pk, 1)]


def test_personal_data_is_exported_and_anonymised(client, consultation, rita, sara):
    take_part(consultation, rita)
    suggestion = make_suggestion(consultation, rita, title="Mano mintis")
    make_comment(suggestion, rita, text="Papildau")
    data = export_personal_data(rita)
    assert [s["title"] for s in data["suggestions"]] == ["Mano mintis"]
    assert [c["text"] for c in data["comments"]] == ["Papildau"]
    assert data["participations"][0]["link"] == "I live in the territory"
    anonymise_personal_data(rita)
    suggestion.refresh_from_db()
    assert (suggestion.author, suggestion.author_name, suggestion.title) == (
        None,
        "",
        "Mano mintis",
    )
    page = client.get(f"/en/consultations/suggestions/{suggestion.pk}/").text
    assert "Anonymised participant" in page and "Rita V." not in page
    assert consultation.participations.count() == 1  # still counted in the report
    assert export_personal_data(rita)["suggestions"] == []


def test_the_demo_opens_the_consultation_on_the_draft_amendment(db):
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())
    consultation = Consultation.objects.get()
    assert consultation.title == "Dėl Aleksoto VVG strategijos keitimo"
    assert consultation.is_open_now()
    assert consultation.amendment.status == AmendmentStatus.CONSULTATION_OPEN
    assert "327622.72" in str(consultation.strategy.measures().get(code="1.1.2").budget)
    suggestions = consultation.suggestions.all()
    assert suggestions.count() == 4
    assert all(s.support_count == s.supports.count() for s in suggestions)
    assert all(s.comment_count == s.comments.count() for s in suggestions)
    assert suggestions.filter(response__isnull=False).count() == 3
