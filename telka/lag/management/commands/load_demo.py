"""Load the demo: the Kaunas Aleksotas LAG (2014–2020, the installation's default LAG)
and a second, fictional LAG in the 2021–2027 period (telka.lag.demo_pamarys), each on
its own *.localhost host name. Safe to run again: every step updates rows by their
natural keys instead of adding duplicates."""

import importlib
import importlib.util
from dataclasses import dataclass, field
from urllib.parse import urlsplit

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
    "telka.lag.demo_pamarys",  # last: the second LAG, beside Aleksotas
]
NETWORK_LABEL = "The network's site (every LAG)"


@dataclass
class Demo:
    """What the steps share: the LAG, the persona users by role, and today."""

    lag: object = None
    users: dict = field(default_factory=dict)
    today: object = field(default_factory=timezone.localdate)
    strategy: object = None
    logins: list = field(default_factory=list)  # (role label, e-mail, password)
    sites: list = field(default_factory=list)  # other LAGs: (name, address, log-ins)
    network_logins: list = field(default_factory=list)  # on the network's site


class Command(BaseCommand):
    help = "Load (or refresh) the demonstration LAGs and print their addresses and log-ins."

    def handle(self, *args, **options):
        demo = Demo()
        with transaction.atomic():
            for name in STEPS:
                if importlib.util.find_spec(name) is None:
                    continue
                importlib.import_module(name).load(demo)
                self.stdout.write(f"    loaded {name.removeprefix('telka.').removesuffix('.demo')}")
        self.print_logins(demo)
        self.print_sites(demo)

    def print_logins(
        self, demo: Demo, logins: list | None = None, base: str = "", login: str = ""
    ) -> None:
        self.stdout.write("")
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("accounts:login", urlconf=settings.ROOT_URLCONF)
        login = login or (base or settings.SITE_URL).rstrip("/") + path
        logins = demo.logins if logins is None else logins
        self.stdout.write(self.style.SUCCESS(f"Demo log-ins ({login}):"))
        width = max((len(role) for role, _e, _p in logins), default=10)
        column = max((len(email) for _r, email, _p in logins), default=28)
        for role, email, password in logins:
            self.stdout.write(f"    {role:<{width}}  {email:<{column}}  password: {password}")
        self.stdout.write("")

    def print_sites(self, demo: Demo) -> None:
        """The other demo LAGs with their own log-ins, then every address at once."""
        for name, address, logins in demo.sites:
            self.stdout.write(self.style.SUCCESS(f"{name}: {address}/"))
            self.print_logins(demo, logins, address)
        addresses = [(str(demo.lag), demo.lag.site_url())] if demo.lag is not None else []
        addresses += [(name, address) for name, address, _l in demo.sites]
        if settings.TELKA_NETWORK_HOST:
            addresses.append((NETWORK_LABEL, address_of(settings.TELKA_NETWORK_HOST)))
        self.stdout.write(self.style.SUCCESS("Addresses:"))
        for name, address in addresses:
            self.stdout.write(f"    {address}/  {name}")
        if settings.TELKA_NETWORK_HOST and demo.network_logins:
            login = address_of(settings.TELKA_NETWORK_HOST) + "/onboarding/login/"
            self.print_logins(demo, demo.network_logins, login=login)
        self.stdout.write("")


def address_of(host: str) -> str:
    """`host` with the scheme and port of SITE_URL (how `make run` serves every site)."""
    base = urlsplit(settings.SITE_URL)
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme or 'http'}://{host}{port}"
