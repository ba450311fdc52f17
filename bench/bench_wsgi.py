"""WSGI entry for benchmarks: the whole Telka site plus a bare Django view at
/__bare__/ served by the same process, so both are measured on one server."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "telka.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
