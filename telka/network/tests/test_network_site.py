"""The network's own site: every LAG, their open calls, results and projects, the
national dashboard and the national list of operations, on TELKA_NETWORK_HOST."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.network_data import build_network
from telka.calls.models import Call, CallStatus
from telka.decisions import results
from telka.decisions.models import LineOutcome
from telka.lib import pagecache
from telka.monitoring.models import Project
from telka.network.views import published_calls
from telka.strategy.models import Target

HOST = "tinklas.localhost"


@pytest.fixture
def network(db, settings):
    settings.TELKA_NETWORK_HOST = HOST
    return build_network(2, calls=3, proposals=6, projects=2, reports=1)


def get(client, path: str, **extra):
    return client.get(path, HTTP_HOST=HOST, **extra)


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert get(client, path).status_code == 200
    return len(captured)


def test_it_lists_every_lag_with_its_territory_strategy_and_own_site(client, network):
    page = get(client, "/").text
    assert "Tinklo vietos veiklos grupė Nr. 1" in page and "Teritorija 2" in page
    assert "VVG 1 vietos plėtros strategija" in page and "2014–2020" in page
    assert 'href="http://lag-002.localhost/"' in page
    assert 'href="http://lag-002.localhost/strategy/"' in page


def test_it_shows_the_page_in_english_with_a_language_switch_and_log_in(client, network):
    page = get(client, "/en/").text
    assert '<html lang="en">' in page and "Territory 1" in page
    assert 'href="/"' in page and "Log in" in page
    login = get(client, "/en/accounts/login/")
    assert login.status_code == 200 and 'name="password"' in login.text


def language_switch(html: str) -> str:
    start = html.index('<nav class="lang-switch"')
    return html[start : html.index("</nav>", start) + len("</nav>")]


def test_the_network_site_and_a_lag_site_show_the_same_language_switch(client, network):
    on_network = language_switch(get(client, "/en/dashboard/").text)
    on_lag = language_switch(client.get("/en/news/", HTTP_HOST="lag-001.localhost").text)
    assert '<span aria-current="true" lang="en">EN</span>' in on_network
    assert '<a href="/dashboard/" lang="lt" hreflang="lt"' in on_network
    assert '<a href="/news/" lang="lt" hreflang="lt"' in on_lag
    # One include: the same markup on both, but for the page it links to.
    assert on_lag.replace('"/news/"', '"/dashboard/"') == on_network


def test_it_lists_only_calls_open_now_and_filters_by_lag(client, network):
    Call.objects.filter(lag=network[1], number=3).update(status=CallStatus.DRAFT, published_at=None)
    page = get(client, "/calls/").text
    assert page.count("Kvietimas 3") == 1  # the other LAG's open call is not published
    assert (
        f"http://lag-001.localhost/calls/{Call.objects.get(lag=network[0], number=3).pk}/" in page
    )
    assert "Kvietimas 1" not in page  # closed
    only = get(client, "/en/calls/?lag=lag-002").text
    assert "Kvietimas 3" not in only and "No call is open" in only


def test_it_finds_funded_projects_across_lags(client, network):
    project = Project.objects.filter(lag=network[1]).first()
    page = get(client, "/en/projects/?q=" + project.title.split()[1]).text
    assert project.title in page and "1 project" in page
    assert f"http://lag-002.localhost/en/monitoring/projects/{project.pk}/" in page
    assert "No project matches." in get(client, "/en/projects/?q=nothing-like-this").text
    assert "2 projects" in get(client, "/en/projects/?lag=lag-001").text


def test_it_shows_results_but_never_those_whose_minutes_are_unsigned(client, network):
    build_network(1, calls=3, proposals=6, projects=0, start=3, signed_minutes=False)
    page = get(client, "/results/").text
    assert f"Projektas {network[0].pk}-" in page and ">VVG 2</td>" in page
    assert ">VVG 3</td>" not in page
    assert "No operation matches." in get(client, "/en/results/?lag=lag-003").text
    assert "lag-003" not in get(client, "/api/operations.csv").getvalue().decode()


def test_the_dashboard_adds_up_every_strategy(client, network):
    page = get(client, "/en/dashboard/").text
    # 2 LAGs × 3 measures × 100 per indicator code; 2 projects × 1 report × 3 achieved
    assert "P.S.361" in page and "600" in page
    assert "ESF" in page and "2014–2020" in page
    assert "VVG 2" in page


def test_the_national_pages_cost_the_same_queries_for_two_or_four_lags(client, network):
    paths = ["/", "/calls/", "/projects/", "/projects/?q=projektas", "/results/", "/dashboard/"]
    few = {path: queries(client, path + ("&" if "?" in path else "?") + "n=1") for path in paths}
    build_network(2, calls=3, proposals=6, projects=2, reports=1, start=3)
    pagecache.invalidate()  # bulk_create sends no signal; an edit through a form would
    many = {path: queries(client, path + ("&" if "?" in path else "?") + "n=2") for path in paths}
    assert few == many
    assert max(many.values()) <= 14


def test_the_dashboards_figures_cost_the_same_queries_for_two_or_five_lags(client, network):
    pagecache.invalidate()
    few = queries(client, "/en/dashboard/?n=1")
    build_network(3, calls=3, proposals=9, projects=3, reports=2, start=3)
    pagecache.invalidate()
    page = get(client, "/en/dashboard/?n=2")
    assert "VVG 5" in page.text
    pagecache.invalidate()
    assert queries(client, "/en/dashboard/?n=3") == few <= 12


def test_the_dashboards_figures_are_worked_out_once_until_public_data_changes(client, network):
    pagecache.invalidate()
    first = queries(client, "/en/dashboard/?n=1")
    # Another address of the page (not in the page cache) reads the same figures.
    assert queries(client, "/en/dashboard/?n=2") < first - 5
    target = Target.objects.select_related("indicator").first()
    before = _target_total(get(client, "/en/dashboard/?n=3").text, target.indicator.code)
    target.value += 50
    target.save()  # an edit of public data starts a new generation
    after = _target_total(get(client, "/en/dashboard/?n=4").text, target.indicator.code)
    assert after == before + 50


def _target_total(page: str, code: str) -> int:
    """The Target cell of the indicator table's row for `code`."""
    cells = re.search(
        rf'<th scope="row">{re.escape(code)}</th>.*?<td class="num">\d+</td>\s*'
        r'<td class="num nowrap">([^<]+)</td>',
        page,
        re.DOTALL,
    )
    return int(re.sub(r"\D", "", cells[1]))


def test_anonymous_pages_are_served_from_the_page_cache(client, network):
    pagecache.invalidate()  # this process's view of the generation, fresh
    queries(client, "/dashboard/")
    assert queries(client, "/dashboard/") <= 1


def _csv(client, path: str) -> list[dict]:
    response = get(client, path)
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_national_list_of_operations_has_every_lags_funded_rows(client, network):
    rows = _csv(client, "/api/operations.csv")
    assert len(rows) == 12
    assert {row["lag"] for row in rows} == {"lag-001", "lag-002"}
    assert rows[0]["beneficiary_name"].startswith("Asociacija") and rows[0]["place"] == "1"
    only = _csv(client, "/api/operations.csv?lag=lag-002")
    assert len(only) == 6 and {row["lag"] for row in only} == {"lag-002"}


def test_the_operations_rows_are_the_results_rows(network):
    calls = published_calls()
    streamed = [(r.line.proposal_id, r.place) for r in results.stream(calls, outcome="funded")]
    listed = [(r.proposal.pk, r.place) for r in results.rows(calls, outcome=LineOutcome.FUNDED)]
    assert streamed == listed and len(listed) == 12


def test_the_operations_api_pages_through_the_rows(client, network):
    first = json.loads(get(client, "/api/operations?page_size=5&lag=lag-001").content)
    assert len(first["items"]) == 5 and first["items"][0]["lag"] == "lag-001"
    assert first["next"].endswith("page=2") and first["previous"] is None
    last = json.loads(get(client, "/api/operations?page_size=5&page=2&lag=lag-001").content)
    assert len(last["items"]) == 1 and last["next"] is None
    refused = get(client, "/api/operations?page_size=501")
    assert refused.status_code == 422 and "page_size" in refused.text


def test_the_csv_costs_the_same_queries_for_any_number_of_lags(client, network):
    with CaptureQueriesContext(connection) as few:
        assert len(_csv(client, "/api/operations.csv")) == 12
    build_network(3, calls=3, proposals=30, projects=2, reports=1, start=3)
    with CaptureQueriesContext(connection) as many:
        assert len(_csv(client, "/api/operations.csv")) == 12 + 90
    assert len(many) == len(few) <= 4  # LAGs, calls→LAG, calls' funds, the rows


def test_every_list_of_operations_writes_the_same_row(client, network):
    """A call's own CSV (its LAG's site), the national CSV and the national API: one row."""
    call = published_calls().filter(lag__slug="lag-002").first()
    funded = results.rows([call], outcome=LineOutcome.FUNDED)[0].proposal
    for position, kind in enumerate(["lump_sum", "real", "lump_sum"]):
        funded.budget_lines.create(
            category="services", kind=kind, description="Eilutė", amount=100, position=position
        )
    national = [r for r in _csv(client, "/api/operations.csv") if r["lag"] == "lag-002"]
    api = json.loads(get(client, "/api/operations?lag=lag-002&page_size=100").content)["items"]
    response = client.get(
        reverse("decisions:operations_csv", args=[call.pk]), HTTP_HOST=call.lag.host
    )
    own = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert own and [{k: r[k] for k in own[0]} for r in national[: len(own)]] == own
    assert [{k: str(r[k]) for k in own[0]} for r in api[: len(own)]] == own
    assert own[0]["cost_options"] == "real lump_sum" and own[0]["fund"] == "ESF"
    assert own[1]["cost_options"] == ""


@pytest.mark.parametrize("path", ["/favicon.ico", "/en/no-such-page/", "/calls/999/"])
def test_an_unknown_address_on_the_network_host_is_a_friendly_404(client, network, settings, path):
    settings.DEBUG = False
    response = get(client, path)
    assert response.status_code == 404
    assert 'href="/"' in response.text or 'href="/en/"' in response.text  # the network's home
