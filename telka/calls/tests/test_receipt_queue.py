"""Receipts queued during a rush (issue 17): the task worker e-mails each receipt as
soon as its PDF is rendered, before it renders the next applicant's, so the first
applicants are not kept waiting for every other receipt."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from telka.calls import workflow
from telka.calls.tasks import email_receipt

from .helpers import make_proposal, open_call


@pytest.mark.django_db(transaction=True)
def test_each_receipt_is_emailed_before_the_next_one_is_rendered(
    lag, strategy, organisation, ana, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TELKA_TASK_WORKER_NICE = 0  # the worker runs in this process: keep its priority
    call = open_call(lag, strategy)
    for _ in range(2):
        workflow.submit_proposal(proposal=make_proposal(call, organisation, ana), actor=ana)
    receipts = DBTaskResult.objects.filter(task_path=email_receipt.module_path)
    assert receipts.ready().count() == 2 and mail.outbox == []

    # Two tasks: the first receipt's PDF, then its e-mail (not the second PDF).
    call_command(
        "db_worker", "--batch", "--max-tasks", "2", "--no-startup-delay", "--no-reload",
        verbosity=0,
    )  # fmt: skip
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    assert receipts.ready().count() == 1

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mail.outbox) == 2 and not DBTaskResult.objects.ready().exists()
