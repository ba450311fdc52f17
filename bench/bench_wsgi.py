"""WSGI entry for benchmarks: the whole Telka site plus a bare Django view at
/__bare__/ served by the same process, so both are measured on one server.

Opt-in aids for the benches, off unless asked for:
- a request with the header X-Bench-Queries gets the number of SQL queries the server
  ran for it back in the same header;
- a request with the header X-Bench-Invalidate starts a new page-cache generation
  first, as an edit of public data would, so nothing cached answers it (bench_network's
  uncached dashboard);
- with BENCH_REQUEST_COUNTERS=<dir> each worker counts the requests it served in a
  memory-mapped file <dir>/<pid>, so CPU per request divides by what the server did,
  including requests whose client had already gone when a load run stopped."""

import mmap
import os
import struct
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_application = get_wsgi_application()
COUNTERS = os.environ.get("BENCH_REQUEST_COUNTERS")


class _Counter:
    """This process's served requests, readable by the bench without asking the server."""

    pid = None

    def add(self) -> None:
        if self.pid != os.getpid():
            self.pid, self.served = os.getpid(), 0
            path = Path(COUNTERS) / str(self.pid)
            path.write_bytes(bytes(8))
            with path.open("r+b") as file:
                self.map = mmap.mmap(file.fileno(), 8)
        self.served += 1
        struct.pack_into("Q", self.map, 0, self.served)


_counter = _Counter()


def application(environ, start_response):
    if COUNTERS:
        _counter.add()
    if "HTTP_X_BENCH_INVALIDATE" in environ:
        from telka.lib.pagecache import invalidate

        invalidate()
    if "HTTP_X_BENCH_QUERIES" not in environ:
        return django_application(environ, start_response)
    count = 0

    def counted(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Bench-Queries", str(count))], exc_info)

    with connection.execute_wrapper(counted):
        return django_application(environ, start)
