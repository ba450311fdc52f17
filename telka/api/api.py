"""The read-only open-data API (django-ninja): one NinjaAPI mounted at /api/, its
OpenAPI document at /api/openapi.json and browsable docs at /api/docs."""

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from .docs import Docs, in_requested_language
from .views import calls, content, projects, results, strategy

DESCRIPTION = _(
    "Public data of the local action group: calls with their allocations and selection "
    "criteria, selection results (funded and reserve lists), projects with planned and "
    "achieved indicators, the strategy in force with its targets, news and events. "
    "Nothing personal is published: organisations are named, people are not.\n\n"
    "Lists are paginated: `page` (from 1) and `page_size` (up to 500); each page gives "
    "`count`, `pages` and the `next` and `previous` URLs. Every list is also available "
    "as CSV, whole, at the same path ending in `.csv` (e.g. `/api/calls.csv`); lists "
    "nested in JSON items have their own CSV (`/api/allocations.csv`, "
    "`/api/criteria.csv`, `/api/project-indicators.csv`, `/api/strategy/targets.csv`).\n\n"
    "Responses carry an `ETag` and `Cache-Control: public, max-age=60`: send the ETag back "
    "in `If-None-Match` and an unchanged answer is a `304 Not Modified` without a body. "
    "Field names are English; texts typed by the LAG are Lithuanian, with an `_en` field "
    "where an English version exists. Money is in euro, as decimal strings."
)

NOT_MODIFIED = {
    "description": gettext_noop("Not modified: If-None-Match matched the current ETag.")
}
INVALID = {
    "description": gettext_noop("Invalid query parameters (e.g. page 0 or page_size above 500).")
}
NOT_FOUND = {
    "description": gettext_noop("Nothing to show (no strategy in force, or no LAG set up).")
}
ETAG = {
    "ETag": {"description": gettext_noop("Version of the answer."), "schema": {"type": "string"}}
}


class OpenDataAPI(NinjaAPI):
    not_found = NOT_FOUND  # what a 404 means, None where there is none

    def __init__(self, *, title: str, description, urls_namespace: str) -> None:
        """An open-data API of version 1 with its document at /openapi.json and its
        browsable docs at /docs, both in the `?lang=` language."""
        super().__init__(
            title=title,
            version="1",
            description=description,
            urls_namespace=urls_namespace,
            docs=Docs(),
            docs_decorator=in_requested_language,
            docs_url="/docs",
            openapi_url="/openapi.json",
        )

    def get_openapi_schema(self, *args, **kwargs):
        """Ninja's document plus what every endpoint can also answer: 304 (ETag), 404
        (unless `not_found` is None) and, with query parameters, 422; the ETag header
        on 200."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["title"] = gettext(schema["info"]["title"])
        for item in schema["paths"].values():
            operation = item.get("get")
            if not operation:
                continue
            responses = operation["responses"]
            responses[200].setdefault("headers", ETAG)
            responses[304] = NOT_MODIFIED
            if self.not_found:
                responses[404] = self.not_found
            if operation.get("parameters"):
                responses[422] = INVALID
        return translated(schema)


def translated(node):
    """The document in the active language: summaries, descriptions and tag names are
    English msgids (marked with gettext_noop where they are written)."""
    if isinstance(node, dict):
        return {
            key: gettext(value)
            if key in ("summary", "description") and isinstance(value, str)
            else [gettext(tag) for tag in value]
            if key == "tags" and isinstance(value, list)
            else translated(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [translated(value) for value in node]
    return node


api = OpenDataAPI(
    title=gettext_noop("Telka open data API"), description=DESCRIPTION, urls_namespace="api"
)
for module in (calls, results, strategy, projects, content):
    api.add_router("", module.router)
