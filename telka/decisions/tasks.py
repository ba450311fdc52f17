"""Background work of the decisions app. Tasks take ids only and call one function."""

from django.tasks import task

from . import emails
from .models import Award, Notice


@task()
def send_notice(*, notice_id: int) -> None:
    """Render a decision notice's PDF and e-mail it (kept out of the adoption request:
    an allocation may have hundreds of proposals)."""
    notice = Notice.objects.select_related(
        "proposal__call__lag", "proposal__organisation", "decision__meeting"
    ).get(pk=notice_id)
    emails.decision_notice(notice)


@task()
def send_invitation(*, award_id: int) -> None:
    """E-mail the invitation to apply to the agency, with its deadline (INV-30)."""
    award = Award.objects.select_related("proposal__call", "proposal__organisation").get(
        pk=award_id
    )
    emails.invited(award)
