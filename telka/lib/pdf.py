"""HTML templates rendered to PDF with WeasyPrint (receipts, sheets, minutes, notices)."""

import functools
import ssl

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every rendering: WeasyPrint would otherwise load the system
    certificates for each document (about a quarter of a one-page notice's time)."""
    return ssl.create_default_context()


def render_pdf(template: str, context: dict, language: str = "lt") -> bytes:
    import weasyprint  # imported here: loading pango takes ~0.3 s, only PDF views need it
    from weasyprint.urls import URLFetcher

    with translation.override(language):
        html = render_to_string(template, context)
    document = weasyprint.HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=URLFetcher(ssl_context=_tls())
    )
    return document.write_pdf()


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
