"""Staff pages of electronic signatures: the trust anchors, and the validation report of
each signed document with a way to validate it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from telka.lag.permissions import is_lag_staff
from telka.lag.site import current_lag
from telka.lib.pdf import pdf_response, render_pdf

from . import workflow
from .models import SignedDocument, TrustAnchor


def _staff_only(request: HttpRequest) -> None:
    if not is_lag_staff(request.user, current_lag(request)):
        raise Http404


def _document(request: HttpRequest, pk: int) -> SignedDocument:
    """A signed document of the request's LAG, for its staff; 404 for anything else."""
    _staff_only(request)
    return get_object_or_404(SignedDocument, pk=pk, lag=current_lag(request))


@login_required
def anchors(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    rows = TrustAnchor.objects.defer("der")
    return render(request, "signatures/anchors.html", {"anchors": rows})


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    validations = list(document.validations.select_related("validated_by"))
    context = {"document": document, "latest": validations[0], "earlier": validations[1:]}
    return render(request, "signatures/report.html", context)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest validation of the document as a PDF, for the file or an auditor."""
    document = _document(request, pk)
    context = {
        "document": document,
        "latest": document.validations.select_related("validated_by").first(),
    }
    data = render_pdf("signatures/pdf/report.html", context, request.LANGUAGE_CODE)
    return pdf_response(data, f"parasu-patikra-{document.pk}.pdf")


@login_required
@require_POST
def revalidate(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    validation = workflow.revalidate(document=document, actor=request.user)
    if validation.ok:
        messages.success(request, _("Validated again: every signature is valid."))
    else:
        messages.error(request, _("Validated again: a signature is no longer valid."))
    return redirect(document)
