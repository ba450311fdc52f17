"""The network's open-data API (django-ninja) on TELKA_NETWORK_HOST: the national list
of operations as JSON and CSV, described by OpenAPI at /api/openapi.json and browsable
at /api/docs, like each LAG's own API (telka.api)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from telka.api.api import OpenDataAPI

from . import opendata

DESCRIPTION = _(
    "National open data of every local action group on this installation: the list of "
    "operations (Regulation 2021/1060 Art. 49(3)) of every LAG, as paginated JSON "
    "(`page`, `page_size` up to 500) and as one CSV, both filtered by `lag`. Each LAG's "
    "own data (calls, results, projects, strategy) is in the API on the LAG's own site.\n\n"
    "Responses carry an `ETag` and `Cache-Control: public, max-age=60`. Money is in euro, "
    "as decimal strings."
)


class NetworkAPI(OpenDataAPI):
    not_found = None  # every list exists on the network's site, if empty


network_api = NetworkAPI(
    title=gettext_noop("Telka national open data API"),
    description=DESCRIPTION,
    urls_namespace="network_api",
)
network_api.add_router("", opendata.router)
