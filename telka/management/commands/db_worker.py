"""django_tasks_db's task worker, run at the priority TELKA_TASK_WORKER_NICE sets: the
receipts it renders and seals give way to the web servers (telka/lib/priority.py)."""

from django.conf import settings
from django_tasks_db.management.commands import db_worker

from telka.lib.priority import yield_cpu


class Command(db_worker.Command):
    help = f"{db_worker.Command.help}, at a lower CPU priority (TELKA_TASK_WORKER_NICE)"

    def handle(self, *args, **options) -> None:
        yield_cpu(settings.TELKA_TASK_WORKER_NICE)
        super().handle(*args, **options)
