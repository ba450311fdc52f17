"""Reject proposals whose clarification deadline has passed (INV-15). Run it from cron
or a systemd timer, e.g. every hour; a second run finds nothing left to do."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from telka.evaluation.workflow import expire_clarifications


class Command(BaseCommand):
    help = "Move proposals whose clarification deadline has passed to ADMIN_REJECTED."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date-time to use instead of the clock (tests).")

    def handle(self, *args, now: str | None = None, **options):
        moment = datetime.datetime.fromisoformat(now) if now else timezone.now()
        rejected = expire_clarifications(moment)
        for proposal in rejected:
            self.stdout.write(f"rejected {proposal.reg_number}: clarification deadline missed")
        self.stdout.write(f"{len(rejected)} proposal(s) rejected")
