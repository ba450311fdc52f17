"""Delete throttle counters whose window has ended. Safe to run any time."""

from django.core.management.base import BaseCommand

from telka.accounts import throttle


class Command(BaseCommand):
    help = "Delete ended log-in, registration and e-mail throttle windows."

    def handle(self, *args, **options):
        self.stdout.write(f"{throttle.purge_expired()} deleted")
