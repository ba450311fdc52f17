"""Every data endpoint of the API, and a way to read any response as values."""

import csv
import io
import json

JSON_LISTS = [
    "/api/calls",
    "/api/results",
    "/api/projects",
    "/api/indicators",
    "/api/news",
    "/api/events",
]
JSON_OBJECTS = ["/api/strategy"]
CSV = [
    "/api/calls.csv",
    "/api/allocations.csv",
    "/api/criteria.csv",
    "/api/results.csv",
    "/api/projects.csv",
    "/api/project-indicators.csv",
    "/api/strategy/targets.csv",
    "/api/indicators.csv",
    "/api/news.csv",
    "/api/events.csv",
]
ALL = JSON_LISTS + JSON_OBJECTS + CSV


def rows(response) -> list[dict]:
    """A CSV response as dicts."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def items(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    return response.json()["items"]


def values(response) -> list[str]:
    """Every scalar in a JSON or CSV response, as text."""
    if response["Content-Type"].startswith("text/csv"):
        return [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    found = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(str(k) for k in node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        else:
            found.append(str(node))

    walk(json.loads(response.content))
    return found
