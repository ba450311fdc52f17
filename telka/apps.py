from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

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
        # ... and forgetting what a request remembered about its user (telka/lib/memo.py).
        from telka.lib.memo import forget_on_change

        post_save.connect(forget_on_change, dispatch_uid="telka-memo-save")
        post_delete.connect(forget_on_change, dispatch_uid="telka-memo-delete")
        m2m_changed.connect(forget_on_change, dispatch_uid="telka-memo-m2m")
