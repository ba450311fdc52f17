"""Open consultations whose time has come and close those that are over.

Run it every few minutes (cron or a systemd timer). Each consultation is claimed
with a conditional UPDATE, so two runs at once never open or close one twice, and
a second run finds nothing to do."""

from django.core.management.base import BaseCommand

from telka.consultations.workflow import open_and_close_due


class Command(BaseCommand):
    help = "Open due consultations and close finished ones."

    def handle(self, *args, **options):
        opened, closed = open_and_close_due()
        self.stdout.write(f"opened {opened}, closed {closed}")
