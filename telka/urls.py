from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from telka.lib.health import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", health, name="health"),
    path("", include("telka.content.site_urls")),
    path("api/", include("telka.api.urls")),
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

admin.site.site_header = "Telka"
admin.site.site_title = "Telka"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
