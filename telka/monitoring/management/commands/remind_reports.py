"""E-mail promoters of reports due soon or overdue (at most once a day per report)."""

from django.core.management.base import BaseCommand

from telka.monitoring.workflow.reports import remind_reports


class Command(BaseCommand):
    help = "Remind promoters of project reports due within the LAG's reminder days or overdue."

    def handle(self, *args, **options):
        reminded = remind_reports()
        if reminded:
            self.stdout.write(f"remind_reports: {len(reminded)} reminder(s) sent")
