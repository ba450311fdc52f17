"""The "who changed what" page: staff and auditors read the audit log, filtered by
object, person, action and dates, paginated, exported as CSV; nobody else sees it,
and reading it writes nothing."""

import datetime

import pytest
from django.utils import timezone

from telka.audit.models import AuditEvent
from telka.audit.views import PER_PAGE
from telka.lag.models import RoleKind
from tests.base import give_role, make_user


def _event(action="news.published", obj=None, actor=None, at=None, **changes) -> AuditEvent:
    event = AuditEvent.objects.build(action=action, obj=obj, actor=actor, **changes)
    if at:
        event.at = at
    event.save()
    return event


@pytest.fixture
def auditor(lag):
    user = make_user("auditorius@example.test", "Auditorius Tikrintojas")
    give_role(user, lag, RoleKind.AUDITOR)
    return user


def test_staff_see_who_changed_what_with_old_and_new_values(client, sara, lag, board):
    _event(
        "admin.changed",
        obj=board,
        actor=sara,
        before={"name": "Valdyba"},
        after={"name": "Nauja valdyba"},
    )
    client.force_login(sara)
    page = client.get("/audit/")
    assert page.status_code == 200
    text = page.text
    assert "Kas ką pakeitė" in text and "Sara Jonaitienė" in text
    assert "<del>Valdyba</del> → <ins>Nauja valdyba</ins>" in text
    english = client.get("/en/audit/").text
    assert "Who changed what" in english


def test_it_filters_by_object_person_action_and_dates(client, sara, eva, lag, board):
    now = timezone.now()
    _event("board.changed", obj=board, actor=sara, at=now)
    _event("lag.changed", obj=lag, actor=sara, at=now - datetime.timedelta(days=10))
    _event("lag.renamed", obj=lag, actor=eva, at=now - datetime.timedelta(days=3))
    client.force_login(sara)

    def actions(query: str) -> list[str]:
        page = client.get("/audit/?" + query)
        return [e.action for e in page.context["page_obj"]]

    assert actions(f"object=lag.localactiongroup&id={lag.pk}") == ["lag.renamed", "lag.changed"]
    assert actions("object=lag.board") == ["board.changed"]
    assert actions("person=Petrausk") == ["lag.renamed"]
    assert actions("action=renamed") == ["lag.renamed"]
    since = (now - datetime.timedelta(days=5)).date().isoformat()
    until = (now - datetime.timedelta(days=1)).date().isoformat()
    assert actions(f"since={since}&until={until}") == ["lag.renamed"]


def test_a_period_ending_before_it_starts_is_refused_with_a_message(client, sara, lag):
    _event("lag.changed", obj=lag, actor=sara)
    client.force_login(sara)
    page = client.get("/en/audit/?since=2026-05-02&until=2026-05-01")
    assert "The end of the period is before its start." in page.text
    assert list(page.context["page_obj"]) == []


def test_the_list_is_paginated_and_its_queries_do_not_grow(
    client, sara, lag, django_assert_max_num_queries
):
    client.force_login(sara)
    _event("lag.changed", obj=lag, actor=sara)
    with django_assert_max_num_queries(12) as one:
        client.get("/audit/")
    AuditEvent.objects.record_many(
        AuditEvent.objects.build(
            action="lag.changed", obj=lag, actor=make_user(f"u{i}@example.test")
        )
        for i in range(PER_PAGE + 5)
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get("/audit/")
    assert len(page.context["page_obj"]) == PER_PAGE
    assert 'rel="next"' in page.text
    assert len(client.get("/audit/?page=2").context["page_obj"]) == 6


def test_the_csv_export_keeps_the_filter_and_neutralises_formulas(client, sara, lag):
    _event("lag.changed", obj=lag, actor=sara, message='=HYPERLINK("http://x")', after={"a": 1})
    _event("other.thing", obj=lag, actor=sara)
    client.force_login(sara)
    response = client.get("/audit/audit-log.csv?action=lag.changed")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "other.thing" not in body
    assert "sara@example.test" in body


def test_an_auditor_reads_the_log(client, auditor, lag):
    _event("lag.changed", obj=lag)
    client.force_login(auditor)
    assert client.get("/audit/").status_code == 200
    assert client.get("/audit/audit-log.csv").status_code == 200


@pytest.mark.parametrize("persona", ["eva", "bruno", "ana", "rita", "otto"])
def test_other_roles_are_refused(client, lag, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/audit-log.csv").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, lag):
    assert client.get("/audit/")["Location"].startswith("/accounts/login/")


def test_reading_and_exporting_the_log_writes_nothing(client, sara, lag):
    _event("lag.changed", obj=lag, actor=sara)
    client.force_login(sara)
    client.get("/audit/")
    client.get("/audit/audit-log.csv")
    assert AuditEvent.objects.count() == 1


def test_staff_pages_link_to_their_objects_log(client, sara, lag, board):
    client.force_login(sara)
    page = client.get("/decisions/board/")
    assert f'href="/audit/?object=lag.board&amp;id={board.pk}"' in page.text


def test_my_area_links_staff_to_the_log_and_the_people_page(client, sara, auditor, rita, lag):
    client.force_login(sara)
    page = client.get("/accounts/").text
    assert 'href="/audit/"' in page and 'href="/accounts/people/"' in page
    assert 'href="/about/board/statute/"' in page
    client.force_login(auditor)
    page = client.get("/accounts/").text
    assert 'href="/audit/"' in page and 'href="/accounts/people/"' not in page
    assert 'href="/about/board/statute/"' not in page
    client.force_login(rita)
    assert 'href="/audit/"' not in client.get("/accounts/").text
