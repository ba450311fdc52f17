"""Run every scheduled job once (or every N seconds with --every).

Deadlines in Telka are rows with times; each job is an idempotent management
command that claims due rows with a conditional update, so running `tick` twice,
or from two machines at once, does the work once. Production runs it from cron
or a systemd timer every minute; `make run` runs it in the background.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the scheduled jobs listed in settings.TELKA_SCHEDULED_COMMANDS."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds")

    def handle(self, *args, every: int = 0, **options):
        while True:
            for name in settings.TELKA_SCHEDULED_COMMANDS:
                try:
                    call_command(name, stdout=self.stdout, stderr=self.stderr)
                except Exception as error:  # one failing job must not stop the others
                    self.stderr.write(f"{name} failed: {error!r}")
            if not every:
                return
            time.sleep(every)
