"""The admin site, loaded by the first request that uses it.

Every model admin, its forms and its ~250 URLs used to be imported by every worker at
start (Django's `AdminConfig` discovers `admin.py` modules in `ready()`), although
only staff open the admin and most workers never serve it. Here the admin app is
installed without discovery; the admin's URL module (`telka.admin_urls`, mounted
lazily by `telka/urls.py`) discovers the registrations when a URL under `PREFIX` is
first resolved or an `admin:` name first reversed. The system checks discover them
too, so `manage.py check` still checks every model admin.

Code that reads the registry outside a request calls `discover()` first.
"""

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks
from django.urls import get_script_prefix

PREFIX = "admin/"


class AdminConfig(SimpleAdminConfig):
    """django.contrib.admin, its registrations discovered on first use."""

    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admin, checks.Tags.admin)


def discover() -> admin.AdminSite:
    """The admin site with every app's registrations (each `admin.py` is imported once)."""
    admin.autodiscover()
    admin.site.site_header = "Telka"
    admin.site.site_title = "Telka"
    return admin.site


def check_discovered_admin(app_configs=None, **kwargs) -> list:
    discover()
    return check_admin_app(app_configs, **kwargs)


def index_url() -> str:
    """The admin's start page, without importing the admin (same as reverse("admin:index"))."""
    return get_script_prefix() + PREFIX
