from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern

from telka.lib.adminsite import PREFIX as ADMIN_PREFIX
from telka.lib.health import health


class LazyResolver(URLResolver):
    """A namespaced include whose URL module is imported when a URL in it is first
    resolved or reversed, not when the site's URLs are first read."""

    def _populate(self):
        if "urlconf_module" in self.__dict__:  # already imported
            super()._populate()

    @property
    def reverse_dict(self):
        self.url_patterns  # noqa: B018 — import the module now
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self.url_patterns  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self):
        self.url_patterns  # noqa: B018
        return super().app_dict


urlpatterns = [
    # The admin, like the API below, is imported by the first request that uses it
    # (telka/lib/adminsite.py): most workers never serve it.
    LazyResolver(
        RoutePattern(ADMIN_PREFIX), "telka.admin_urls", app_name="admin", namespace="admin"
    ),
    path("health", health, name="health"),
    path("", include("telka.content.site_urls")),
    # The open-data API (django-ninja, pydantic) is imported by the first request under
    # /api/, not by every worker at start: most workers serve pages only. (include()
    # would import it to read its app name.)
    LazyResolver(RoutePattern("api/"), "telka.api.urls", app_name="api", namespace="api"),
]

urlpatterns += i18n_patterns(
    path("", include("telka.content.urls")),
    path("", include("telka.lag.urls")),
    path("strategy/", include("telka.strategy.urls")),
    path("accounts/", include("telka.accounts.urls")),
    path("calls/", include("telka.calls.urls")),
    path("evaluation/", include("telka.evaluation.urls")),
    path("decisions/", include("telka.decisions.urls")),
    path("monitoring/", include("telka.monitoring.urls")),
    path("consultations/", include("telka.consultations.urls")),
    path("audit/", include("telka.audit.urls")),
    path("signatures/", include("telka.signatures.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
