"""Background work of the calls app. Tasks take ids only and call one function."""

from django.tasks import task

from . import emails
from .models import Submission


@task()
def email_receipt(*, submission_id: int) -> None:
    """Render the PDF receipt of a submission and e-mail it (kept out of the request:
    rendering a PDF costs more than the whole submission)."""
    submission = Submission.objects.select_related(
        "proposal__call__lag", "proposal__organisation", "submitted_by"
    ).get(pk=submission_id)
    emails.proposal_received(submission)
