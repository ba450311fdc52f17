from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# Apps whose rows appear on public pages; a change in any of them refreshes the page cache.
PUBLIC_APPS = {
    "lag",
    "strategy",
    "content",
    "calls",
    "evaluation",
    "decisions",
    "monitoring",
    "consultations",
}


def _refresh_public_pages(sender, **kwargs) -> None:
    if sender._meta.app_label in PUBLIC_APPS:
        from telka.lib.pagecache import invalidate

        invalidate()


class TelkaConfig(AppConfig):
    """The project package is an app for its template tags, formats and page-cache hooks."""

    name = "telka"
    verbose_name = "Telka"

    def ready(self) -> None:
        # Cache invalidation is the one thing signals do here; no business rules hang on them.
        post_save.connect(_refresh_public_pages, dispatch_uid="telka-pages-save")
        post_delete.connect(_refresh_public_pages, dispatch_uid="telka-pages-delete")
