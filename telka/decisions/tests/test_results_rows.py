"""Issue 12 item 8: the public results page, the list of operations (CSV, XLSX) and the
API show the lists in the board's adopted order, each proposal with its status now
(selected, promoted, reduced by the agency, lapsed, reserve) and the date that set it,
all from decisions.results.rows."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import formats, timezone, translation
from openpyxl import load_workbook

from telka.calls.models import Proposal
from telka.decisions import money, results, workflow
from telka.decisions.models import Award

from .builders import MEETING_AT, ranked
from .helpers import decide, declare_all, everyone_present, vote_for

pytestmark = pytest.mark.django_db

AGENCY_DAY = datetime.date(2026, 6, 1)
PROMOTED_ON = datetime.date(2026, 7, 10)


def sign(meeting, sara):
    workflow.close_meeting(meeting=meeting, actor=sara)
    workflow.sign_minutes(
        meeting=meeting, actor=sara, signatories="P. V.", signed_on=meeting.held_on
    )


@pytest.fixture
def published(meeting, seats, sara, lag, call):
    """Allocation 50 000. Submitted in the order C, B, A, E, D; the board adopts funded
    A 20 000, B 15 000, C 10 000 (by score) and the reserve D 8 000, E 15 000. Then the
    agency approves 18 000 for A; B does not apply and lapses; C applies; a promotion
    funds D from what is left (22 000) and E stays on the reserve."""
    allocation = call.allocations.order_by("position").first()
    c = ranked(call, 70, 10000, allocation=allocation, title="Projektas C")
    b = ranked(call, 80, 15000, allocation=allocation, title="Projektas B")
    a = ranked(call, 90, 20000, allocation=allocation, title="Projektas A")
    e = ranked(call, 60, 15000, allocation=allocation, title="Projektas E")
    d = ranked(call, 65, 8000, allocation=allocation, title="Projektas D")
    decide(meeting, seats, sara, allocation)
    sign(meeting, sara)
    for proposal in (a, c):
        workflow.record_application(proposal=proposal, actor=sara, applied_on=MEETING_AT.date())
    workflow.record_agency_decision(
        proposal=a, actor=sara, approved=True, decided_on=AGENCY_DAY, amount=Decimal(18000)
    )
    apply_by = Award.objects.get(proposal=b).apply_by
    lapsed_at = timezone.make_aware(
        datetime.datetime.combine(apply_by + datetime.timedelta(days=1), datetime.time(6))
    )
    assert [p.pk for p in workflow.lapse_overdue(lapsed_at)] == [b.pk]
    later = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/7",
        mode="in_person",
        starts_at=timezone.make_aware(datetime.datetime.combine(PROMOTED_ON, datetime.time(14))),
    )
    item = workflow.add_agenda_item(
        meeting=later, actor=sara, kind="promotion", allocation=allocation
    )
    everyone_present(later, seats, sara)
    declare_all(item, seats, sara)
    vote_for(item.decision, sara)
    workflow.adopt_decision(decision=item.decision, actor=sara)
    sign(later, sara)
    caches["pages"].clear()
    return {
        "call": call,
        "allocation": allocation,
        "p": {"a": a, "b": b, "c": c, "d": d, "e": e},
        "lapsed_on": apply_by + datetime.timedelta(days=1),
    }


def expected(w) -> list[tuple]:
    """(title, list, place, status, date) in the adopted order."""
    return [
        ("Projektas A", "funded", 1, "reduced", AGENCY_DAY),
        ("Projektas B", "funded", 2, "lapsed", w["lapsed_on"]),
        ("Projektas C", "funded", 3, "selected", MEETING_AT.date()),
        ("Projektas D", "funded", 4, "promoted", PROMOTED_ON),
        ("Projektas E", "reserve", 1, "reserve", MEETING_AT.date()),
    ]


def test_the_rows_keep_the_adopted_order_and_say_what_happened_since(published):
    w = published
    found = results.rows([w["call"]])
    assert [
        (r.proposal.title, r.outcome, r.place, r.status, r.status_on) for r in found
    ] == expected(w)
    reduced = found[0]
    assert (reduced.fixed_amount, reduced.approved_amount) == (Decimal(20000), Decimal(18000))
    assert Proposal.objects.get(pk=w["p"]["b"].pk).status == "lapsed"
    # What is left comes from money.left alone: 50 000 − 18 000 − 10 000 − 8 000.
    assert money.remaining(w["allocation"]) == Decimal(14000)


def test_the_results_page_shows_the_adopted_order_and_each_status_with_its_date(client, published):
    w = published
    with translation.override("en"):
        url = reverse("decisions:results", args=[w["call"].pk])
    text = client.get(url).text
    titles = re.findall(r"Projektas [A-E]", text)
    assert titles == ["Projektas A", "Projektas B", "Projektas C", "Projektas D", "Projektas E"]
    funded = text[text.index("Funded list") : text.index("Reserve list")]
    assert "Amount reduced by the agency" in funded and "€18,000.00" in funded
    lapsed_row = funded[funded.index("Projektas B") : funded.index("Projektas C")]
    assert "Lapsed: did not apply to the agency" in lapsed_row
    with translation.override("en"):
        assert formats.date_format(w["lapsed_on"], "DATE_FORMAT") in lapsed_row
    assert "Promoted from the reserve list" in funded[funded.index("Projektas D") :]
    assert "€14,000.00" in text  # what is left (money.left)


def test_the_list_of_operations_has_the_adopted_order_and_the_status_now(client, published):
    w = published
    call = w["call"]
    text = client.get(reverse("decisions:operations_csv", args=[call.pk])).content.decode()
    found = [
        (r["operation_name"], int(r["place"]), r["status"], r["status_date"])
        for r in csv.DictReader(io.StringIO(text))
    ]
    assert found == [
        (title, place, status, day.isoformat())
        for title, outcome, place, status, day in expected(w)
        if outcome == "funded"
    ]
    by_title = {r["operation_name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert by_title["Projektas A"]["approved_support"] == "18000.00"
    assert by_title["Projektas A"]["union_support"] == "20000.00"
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("decisions:operations_xlsx", args=[call.pk])).content)
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) for name in header}
    xlsx = [
        (row[column["Operation name"]], row[column["Status"]], row[column["Status since"]])
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert xlsx == [(t, s, d) for t, *_rest, s, d in found]


def test_the_api_has_the_adopted_order_and_the_status_now(client, published):
    w = published
    items = client.get(f"/api/results?call_id={w['call'].pk}").json()["items"]
    assert [
        (i["title"], i["outcome"], i["place"], i["result_status"], i["result_status_on"])
        for i in items
    ] == [
        (title, outcome, place, status, day.isoformat())
        for title, outcome, place, status, day in expected(w)
    ]
    reduced = items[0]
    assert (reduced["fixed_amount"], reduced["approved_amount"]) == ("20000.00", "18000.00")
    assert items[1]["status"] == "lapsed" and items[3]["decided_on"] == PROMOTED_ON.isoformat()
    assert items[4]["reserve_place"] == 1 and items[4]["fixed_amount"] is None
    data = client.get(f"/api/results.csv?call_id={w['call'].pk}").content.decode()
    assert [r["result_status"] for r in csv.DictReader(io.StringIO(data))] == [
        "reduced",
        "lapsed",
        "selected",
        "promoted",
        "reserve",
    ]


def test_the_api_document_describes_the_new_fields(client):
    document = client.get("/api/openapi.json").json()
    fields = document["components"]["schemas"]["ResultOut"]["properties"]
    assert {"place", "approved_amount", "result_status", "result_status_on"} <= set(fields)
    assert "lapsed" in fields["result_status"]["description"]


def _counts(client, call) -> dict[str, int]:
    from tests.base import count_queries

    for cache in caches.all():
        cache.clear()
    with translation.override("lt"):
        urls = [
            reverse("decisions:results", args=[call.pk]),
            reverse("decisions:operations_csv", args=[call.pk]),
            reverse("decisions:operations_xlsx", args=[call.pk]),
        ]
    urls += ["/api/results?page_size=500", "/api/results.csv"]
    return {url: count_queries(client, url) for url in urls}


def test_pages_exports_and_the_api_run_the_same_queries_for_more_rows(
    client, published, seats, sara, lag
):
    w = published
    one = _counts(client, w["call"])
    other = w["call"].allocations.order_by("position").last()
    for n in range(12):
        ranked(w["call"], 90 - n, 2000, allocation=other)
    meeting = workflow.schedule_meeting(
        lag=lag,
        actor=sara,
        number="2026/8",
        mode="in_person",
        starts_at=MEETING_AT + datetime.timedelta(days=90),
    )
    decide(meeting, seats, sara, other)
    sign(meeting, sara)
    assert len(results.rows([w["call"]])) == 17
    assert _counts(client, w["call"]) == one
