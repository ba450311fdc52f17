"""INVITED → LAPSED for proposals past their deadline to apply to the agency (INV-30).
Run daily (cron or a systemd timer); a second run finds nothing to do."""

from django.core.management.base import BaseCommand

from telka.decisions import workflow


class Command(BaseCommand):
    help = "Lapse selected proposals that did not apply to the agency in time."

    def handle(self, *args, **options):
        lapsed = workflow.lapse_overdue()
        self.stdout.write(f"{len(lapsed)} lapsed")
