"""Load the Kaunas Aleksotas LAG demo. Safe to run again: every step updates
rows by their natural keys instead of adding duplicates."""

import importlib
import importlib.util
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

# Each app that has demo data provides <app>/demo.py with load(demo: Demo).
STEPS = [
    "telka.signatures.demo",  # first: the test-only seal the other steps' receipts use
    "telka.lag.demo",
    "telka.accounts.demo",
    "telka.strategy.demo",
    "telka.content.demo",
    "telka.consultations.demo",
    "telka.calls.demo",
    "telka.evaluation.demo",
    "telka.decisions.demo",
    "telka.monitoring.demo",
]


@dataclass
class Demo:
    """What the steps share: the LAG, the persona users by role, and today."""

    lag: object = None
    users: dict = field(default_factory=dict)
    today: object = field(default_factory=timezone.localdate)
    strategy: object = None
    logins: list = field(default_factory=list)  # (role label, e-mail, password)


class Command(BaseCommand):
    help = "Load (or refresh) the Aleksotas LAG demonstration data and print the demo log-ins."

    def handle(self, *args, **options):
        demo = Demo()
        with transaction.atomic():
            for name in STEPS:
                if importlib.util.find_spec(name) is None:
                    continue
                importlib.import_module(name).load(demo)
                self.stdout.write(f"    loaded {name.split('.')[1]}")
        self.print_logins(demo)

    def print_logins(self, demo: Demo) -> None:
        self.stdout.write("")
        with translation.override(settings.LANGUAGE_CODE):
            login = settings.SITE_URL.rstrip("/") + reverse("accounts:login")
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins ({login}):"))
        width = max((len(role) for role, _e, _p in demo.logins), default=10)
        column = max((len(email) for _r, email, _p in demo.logins), default=28)
        for role, email, password in demo.logins:
            self.stdout.write(f"    {role:<{width}}  {email:<{column}}  password: {password}")
        self.stdout.write("")
