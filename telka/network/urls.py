"""The URLs of the network's own site (TELKA_NETWORK_HOST): every LAG on one page.
telka.lag.middleware.SiteMiddleware routes that host here instead of telka.urls."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from telka.lib.health import health

from . import views

app_name = "network"

urlpatterns = [
    path("health", health, name="health"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    prefix_default_language=False,
)
