"""GET /health for a load balancer or uptime monitor.

Answers `{"status": "ok"}` (200) or `{"status": "fail"}` (503) with the name of
each check and "ok"/"fail" — nothing else: no versions, paths, sizes, host
names or error texts. Why a check failed goes to the server log.

Checks:
- database: one `SELECT 1` on the default connection;
- tasks: the oldest task waiting for the worker (`manage.py db_worker`) has
  waited at most TELKA_HEALTH_MAX_TASK_LAG_SECONDS (a stopped worker shows here);
- media: MEDIA_ROOT is writable and has at least TELKA_HEALTH_MIN_FREE_MEDIA_BYTES free;
  with object storage (TELKA_S3_BUCKET), the bucket answers.
"""

import logging
import os
import shutil
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        log.warning("health: database unreachable", exc_info=True)
        return False


def task_lag() -> timedelta:
    """How long the oldest task due now has been waiting for a worker."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    never = get_date_max()
    oldest = DBTaskResult.objects.ready().aggregate(
        queued=Min("enqueued_at", filter=Q(run_after=never)),
        scheduled=Min("run_after", filter=~Q(run_after=never)),
    )
    waiting_since = min((t for t in oldest.values() if t is not None), default=now)
    return max(now - waiting_since, timedelta(0))


def tasks_ok() -> bool:
    try:
        lag = task_lag()
    except DatabaseError:
        log.warning("health: task queue unreadable", exc_info=True)
        return False
    if lag.total_seconds() > settings.TELKA_HEALTH_MAX_TASK_LAG_SECONDS:
        log.warning("health: oldest task waits %s (is db_worker running?)", lag)
        return False
    return True


def media_ok() -> bool:
    if not isinstance(default_storage, FileSystemStorage):
        return object_storage_ok()
    root = str(settings.MEDIA_ROOT)
    try:
        os.makedirs(root, exist_ok=True)
        free = shutil.disk_usage(root).free
    except OSError:
        log.warning("health: media directory unusable", exc_info=True)
        return False
    if not os.access(root, os.W_OK):
        log.warning("health: media directory not writable")
        return False
    if free < settings.TELKA_HEALTH_MIN_FREE_MEDIA_BYTES:
        log.warning("health: only %s bytes free for media", free)
        return False
    return True


def object_storage_ok() -> bool:
    """The bucket answers (one HEAD request; a missing probe object is an answer too)."""
    try:
        default_storage.exists("health-probe")
    except Exception:  # any client or network error means uploads would fail too
        log.warning("health: object storage unreachable", exc_info=True)
        return False
    return True


CHECKS = {"database": database_ok, "tasks": tasks_ok, "media": media_ok}


@require_safe
@never_cache
def health(request):
    results = {name: check() for name, check in CHECKS.items()}
    healthy = all(results.values())
    body = {
        "status": "ok" if healthy else "fail",
        "checks": {name: "ok" if ok else "fail" for name, ok in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
