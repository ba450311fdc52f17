"""The admin and other heavy modules are imported on first use, not by every worker."""

import json

from django.urls import reverse

from telka.lib import adminsite
from tests.test_operations import run_python

# Imported only by the requests (or commands) that use them.
ON_FIRST_USE = [
    "telka.admin_urls",  # the admin's URLs and every app's model admins
    "telka.calls.admin",
    "telka.accounts.admin",
    "nh3",  # HTML cleaning when content is saved or shown
    "ninja",  # the open-data API
    "pyhanko",  # signatures and seals
    "openpyxl",  # spreadsheet exports
]


def imported_after(code: str) -> list[str]:
    """Which ON_FIRST_USE modules a fresh process holds after django.setup() and `code`."""
    script = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {ON_FIRST_USE!r} if m in sys.modules]))"
    done = run_python(script)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_worker_serving_pages_imports_no_admin_api_or_signature_code():
    # What a worker does for any page: read the URLs, resolve the page, reverse links.
    code = (
        "from django.core.wsgi import get_wsgi_application\n"
        "get_wsgi_application()\n"
        "from django.urls import resolve, reverse\n"
        "resolve('/'); resolve('/calls/')\n"
        "reverse('calls:list'); reverse('accounts:dashboard')\n"
        "from telka.lib import adminsite; adminsite.index_url()"
    )
    assert imported_after(code) == []


def test_the_admin_is_discovered_by_its_first_url_and_by_the_system_checks():
    assert imported_after("from django.urls import resolve; resolve('/admin/')") == [
        "telka.admin_urls",
        "telka.calls.admin",
        "telka.accounts.admin",
    ]
    checked = imported_after("from django.core import checks; checks.run_checks(tags=['admin'])")
    assert "telka.calls.admin" in checked


def test_the_admin_link_is_the_admins_own_address():
    assert adminsite.index_url() == reverse("admin:index") == "/admin/"
    assert len(adminsite.discover()._registry) > 30  # every app's model admins
