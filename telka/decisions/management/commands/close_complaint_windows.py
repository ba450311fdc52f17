"""DECIDED → COMPLAINTS_CLOSED for calls whose complaint windows are over and whose
complaints are resolved (INV-29). Run daily; a second run finds nothing to do."""

from django.core.management.base import BaseCommand

from telka.decisions import workflow


class Command(BaseCommand):
    help = "Close the complaint stage of decided calls once every window is over."

    def handle(self, *args, **options):
        closed = workflow.close_complaint_windows()
        self.stdout.write(f"{len(closed)} closed")
