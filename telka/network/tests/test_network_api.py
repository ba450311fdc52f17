"""The network's open-data API describes itself: its OpenAPI document on the network's
host lists the national list of operations (JSON and CSV) with its parameters, and
what it documents is what the endpoint answers."""

import json

import pytest

from bench.network_data import build_network

HOST = "tinklas.localhost"


@pytest.fixture
def network(db, settings):
    settings.TELKA_NETWORK_HOST = HOST
    return build_network(2, calls=3, proposals=6, projects=2, reports=1)


def get(client, path: str):
    return client.get(path, HTTP_HOST=HOST)


def schema_of(client, lang: str = "lt") -> dict:
    response = get(client, f"/api/openapi.json?lang={lang}")
    assert response.status_code == 200
    return json.loads(response.content)


def component(schema: dict, node: dict) -> dict:
    while "$ref" in node or "allOf" in node:
        ref = node["$ref"] if "$ref" in node else node["allOf"][0]["$ref"]
        node = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return node


def test_the_document_lists_the_operations_endpoint_with_its_lag_filter(client, network):
    schema = schema_of(client, "en")
    operation = schema["paths"]["/api/operations"]["get"]
    assert operation["summary"] == "List of operations of every LAG"
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"page", "page_size", "lag"}
    assert params["page_size"]["schema"]["maximum"] == 500
    assert "`pamarys`" in params["lag"]["description"]
    assert set(operation["responses"]) >= {"200", "304", "422"}
    assert "/api/operations.csv" in schema["paths"]
    assert "lag" in {p["name"] for p in schema["paths"]["/api/operations.csv"]["get"]["parameters"]}


def test_the_documented_parameters_and_fields_are_what_the_endpoint_answers(client, network):
    schema = schema_of(client, "en")
    ok = schema["paths"]["/api/operations"]["get"]["responses"]["200"]
    page = component(schema, ok["content"]["application/json"]["schema"])
    item = component(schema, page["properties"]["items"]["items"])
    body = json.loads(get(client, "/api/operations?lag=lag-002&page_size=2&page=2").content)
    assert set(body) == set(page["properties"])
    assert len(body["items"]) == 2 and {i["lag"] for i in body["items"]} == {"lag-002"}
    assert set(body["items"][0]) == set(item["properties"])
    assert body["previous"].endswith("page=1") and "lag=lag-002" in body["next"]
    assert item["properties"]["beneficiary_name"]["description"] == "Beneficiary name"
    refused = get(client, "/api/operations?lag=no-such-lag")
    assert refused.status_code == 422
    assert "Nė viena vietos veiklos grupė neturi šio kodo." in refused.json()["detail"]
    assert get(client, "/api/operations?page_size=501").status_code == 422


def test_the_document_and_its_docs_page_are_in_lithuanian_by_default(client, network):
    schema = schema_of(client)
    params = schema["paths"]["/api/operations"]["get"]["parameters"]
    lag = next(p for p in params if p["name"] == "lag")
    assert "`pamarys`" in lag["description"] and "Only the operations" not in lag["description"]
    docs = get(client, "/api/docs")
    assert docs.status_code == 200 and "/api/openapi.json?lang=lt" in docs.text
    assert 'href="/api/docs?lang=lt"' in get(client, "/").text  # linked from the footer
