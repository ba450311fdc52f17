"""The URLs of the network's own site (TELKA_NETWORK_HOST): every LAG, their open calls,
results and projects, the national dashboard and open data, and the accounts pages so
people can log in here. telka.lag.middleware.SiteMiddleware routes that host here
instead of telka.urls."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from telka.lib.health import health

from . import views
from .api import network_api

pages = [
    path("", views.home, name="home"),
    path("calls/", views.calls, name="calls"),
    path("results/", views.results, name="results"),
    path("projects/", views.projects, name="projects"),
    path("dashboard/", views.dashboard, name="dashboard"),
]

urlpatterns = [
    path("health", health, name="health"),
    path("api/", include((network_api.urls[0], "network"), namespace="network_api")),
]

urlpatterns += i18n_patterns(
    path("", include((pages, "network"))),
    path("accounts/", include("telka.accounts.urls")),
    path("onboarding/", include("telka.lag.onboarding_urls")),
    prefix_default_language=False,
)
