"""The shipped demo gives every persona in the README work to do, and the pages the
README sends them to answer (issue 15). One demo load for the whole module."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from telka.calls.models import Call
from telka.decisions.models import Meeting
from telka.evaluation.lists import placed_lists

README = Path(__file__).resolve().parents[3] / "README.md"
PASSWORD = "aleksotas-demo"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=open("/dev/null", "w"))
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input", verbosity=0)


@pytest.fixture
def as_persona(demo, db, client):
    def log_in(email: str):
        assert client.login(username=email, password=PASSWORD), email
        return client

    return log_in


def readme_logins() -> list[str]:
    return re.findall(r"\| ([a-z.]+@aleksotas\.test) \|", README.read_text())


def test_every_log_in_in_the_readme_works(as_persona):
    emails = readme_logins()
    assert "jonas.vertintojas@aleksotas.test" in emails and len(emails) == 8
    for email in emails:
        as_persona(email).logout()


def test_the_assessor_is_sent_to_her_assessments_with_two_to_declare(as_persona):
    client = as_persona("eva@aleksotas.test")
    response = client.get(reverse("evaluation:index"))
    assert response.status_code == 302 and response.url == reverse("evaluation:workspace")
    page = client.get(reverse("evaluation:workspace")).content.decode()
    call = Call.objects.get(lag__slug="aleksotas", number="4")
    assert reverse("evaluation:call_declaration", args=[call.pk]) in page
    assert call.proposals.filter(assessments__assessor__email="eva@aleksotas.test").count() == 2
    home = client.get(reverse("accounts:dashboard")).content.decode()
    assert "2 laukia jūsų deklaracijos" in home or "2 await your declaration" in home


def test_the_second_assessor_has_scored_one_proposal(as_persona):
    page = as_persona("jonas.vertintojas@aleksotas.test").get(reverse("evaluation:workspace"))
    assert page.status_code == 200 and "K4-001" in page.content.decode()


def test_the_board_member_finds_the_open_meeting_and_the_written_procedure(as_persona):
    client = as_persona("bruno@aleksotas.test")
    home = reverse("decisions:member_home")
    for name in ("decisions:index", "decisions:board"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url == home
    past = Meeting.objects.get(number="2020/3")
    response = client.get(reverse("decisions:meeting", args=[past.pk]))
    assert response.status_code == 302 and response.url == past.get_member_url()
    open_meetings = Meeting.objects.filter(is_demo=True, status="scheduled")
    assert sorted(open_meetings.values_list("mode", flat=True)) == ["in_person", "written"]
    written = open_meetings.get(mode="written")
    assert written.ballots_open()
    page = client.get(written.get_member_url()).content.decode()
    assert "K3-004" in page
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert written.get_member_url() in dashboard


def test_every_waiting_count_on_the_staff_home_links_to_its_items(as_persona):
    client = as_persona("sara@aleksotas.test")
    home = client.get(reverse("accounts:dashboard")).content.decode()
    expected = {"check": {"K2-001", "K4-004", "K4-005", "K4-006"}, "assign": {"K4-003"}}
    for kind, numbers in expected.items():
        url = reverse("evaluation:tasks", args=[kind])
        assert f'href="{url}"' in home
        page = client.get(url).content.decode()
        assert set(re.findall(r"K\d-\d{3}", page)) == numbers
    assert f'href="{reverse("decisions:index")}"' in home
    reviewing = client.get(reverse("monitoring:manage") + "?to_review=on")
    assert reviewing.status_code == 200 and b'name="to_review"' in reviewing.content


def test_the_task_lists_are_for_staff_only_and_bounded(as_persona, django_assert_max_num_queries):
    for email in ("eva@aleksotas.test", "bruno@aleksotas.test", "rita@aleksotas.test"):
        client = as_persona(email)
        assert client.get(reverse("evaluation:tasks", args=["check"])).status_code == 404
        client.logout()
    client = as_persona("sara@aleksotas.test")
    assert client.get(reverse("evaluation:tasks", args=["nothing"])).status_code == 404
    with django_assert_max_num_queries(12):
        assert client.get(reverse("evaluation:tasks", args=["check"])).status_code == 200


def test_the_ranking_of_the_decided_call_shows_its_funded_proposals(as_persona):
    call = Call.objects.get(lag__slug="aleksotas", number="1")
    (lists,) = placed_lists(call).values()
    assert [line.candidate.label for line in lists.funded] == ["K1-001", "K1-002", "K1-003"]
    page = as_persona("sara@aleksotas.test").get(reverse("evaluation:ranking", args=[call.pk]))
    text = page.content.decode()
    assert "K1-001" in text and "K1-004" in text
    assert "85\xa0000,00\xa0€" in text or "85 000,00 €" in text
