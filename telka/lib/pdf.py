"""HTML templates rendered to PDF with WeasyPrint (receipts, sheets, minutes, notices)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict, language: str = "lt") -> bytes:
    import weasyprint  # imported here: loading pango takes ~0.3 s, only PDF views need it

    with translation.override(language):
        html = render_to_string(template, context)
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
