"""The OpenAPI document is valid, and the running API keeps to it: schemathesis sends
generated requests to every operation on a live server on 127.0.0.1 and checks there
is no 5xx and every answer (status, content type, body) conforms to the schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from .builders import world

# Few examples per operation: 17 operations stay well under a minute on a shared machine.
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.django_db
def test_it_publishes_a_valid_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    validate(document)
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    assert {"/api/calls", "/api/results", "/api/projects", "/api/strategy"} <= paths
    assert {"/api/news.csv", "/api/events.csv", "/api/indicators"} <= paths


def _fuzz(operation) -> None:
    @given(case=operation.as_strategy())
    @FUZZ
    def run(case):
        case.call_and_validate()

    run()


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_to_its_schema(live_server, lag, strategy, board, sara, organisation):
    """Operations one after another in one test: schemathesis's own pytest integration
    relies on a pytest internal that pytest 9 no longer has."""
    world(lag, strategy, board, sara, organisation)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 17
    for operation in operations:
        _fuzz(operation)
