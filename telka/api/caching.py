"""ETags, Cache-Control and a shared response cache for the API's GET endpoints.

The ETag costs no query: it hashes the public page-cache generation (a new one starts
on every save of public data, telka.lib.pagecache), the host (each LAG has its own),
the request path with its query and a time bucket of TELKA_PAGE_CACHE_SECONDS. The bucket bounds how long changes that
happen without a save (a news item scheduled for noon, an organisation renamed) can
be hidden, exactly as for the cached public pages.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control

from telka.lib import pagecache


def time_bucket() -> int:
    """Changes every TELKA_PAGE_CACHE_SECONDS (every call when it is 0: no caching)."""
    seconds = settings.TELKA_PAGE_CACHE_SECONDS
    return int(time.time() // seconds) if seconds > 0 else time.time_ns()


def etag_for(request: HttpRequest) -> str:
    host = request.get_host().lower()
    raw = f"{pagecache.generation()}:{time_bucket()}:{host}:{request.get_full_path()}"
    return '"' + hashlib.blake2s(raw.encode(), digest_size=12).hexdigest() + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags or "*" in tags


def _mark(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    # Open data: any website may read it from a browser (no cookies are involved).
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    patch_cache_control(response, public=True, max_age=settings.TELKA_PAGE_CACHE_SECONDS)
    return response


def cached(view):
    """Answer 304 to a matching If-None-Match, else serve the response from the "pages"
    cache or render it (and keep it when it is a 200)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET":
            return view(request, *args, **kwargs)
        etag = etag_for(request)
        if _matches(request, etag):
            return _mark(HttpResponseNotModified(), etag)
        store = caches["pages"]
        key = f"api:{etag}"
        response = store.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            store.set(key, response, settings.TELKA_PAGE_CACHE_SECONDS)
        return _mark(response, etag)

    return wrapper
