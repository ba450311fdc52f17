"""Open published calls whose opening time has come and close those past their
closing time. Run every minute by cron or a systemd timer; running it twice, or
on two machines at once, does nothing more (each call is claimed by an optimistic
UPDATE). Submissions never rely on it: the submit path checks the clock itself."""

from django.core.management.base import BaseCommand

from telka.calls.workflow import close_due_calls, open_due_calls


class Command(BaseCommand):
    help = "Open and close calls whose times have come (run every minute)."

    def handle(self, *args, **options):
        for verb, calls in (("opened", open_due_calls()), ("closed", close_due_calls())):
            for call in calls:
                self.stdout.write(f"{verb} {call.registration_prefix}: {call.title}")
