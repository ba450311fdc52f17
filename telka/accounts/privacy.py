"""Personal data across apps: the "download my data" file and account deletion.

The interface every app may implement (in `<app>/privacy.py`; both optional):

    export_personal_data(user) -> dict
        Everything the app holds about `user`, as JSON-ready values (dates,
        decimals and UUIDs are fine). Appears in the download under the app's
        label, e.g. {"calls": {...}}.

    anonymise_personal_data(user) -> None
        Called when `user` deletes their account, inside the deletion's
        transaction and *before* the user row itself is anonymised, so
        `user.email` and `user.full_name` still hold the old values. Delete
        what the LAG need not keep; in records it must keep (submitted
        proposals, assessments, votes) replace the person's name and contacts.
        Raising an exception cancels the whole deletion.

This module finds those functions over INSTALLED_APPS the way
telka.lib.panels finds panels, and is itself the accounts app's provider.
"""

import importlib
import importlib.util
from collections.abc import Callable, Iterator

from django.apps import AppConfig, apps
from django.utils import timezone

from telka.audit.models import AuditEvent

from .models import OrganisationMembership, User

FORMAT = "telka-personal-data/1"


def _providers(function_name: str) -> Iterator[tuple[AppConfig, Callable]]:
    for config in apps.get_app_configs():
        module_name = f"{config.name}.privacy"
        if not config.name.startswith("telka.") or importlib.util.find_spec(module_name) is None:
            continue
        function = getattr(importlib.import_module(module_name), function_name, None)
        if function is not None:
            yield config, function


def collect_personal_data(user: User) -> dict:
    """The whole download: a small header, then each app's export under its label."""
    data: dict = {"format": FORMAT, "generated_at": timezone.now()}
    for config, export in _providers("export_personal_data"):
        data[config.label] = export(user)
    return data


def anonymise_everywhere(user: User) -> list[str]:
    """Call every app's anonymise_personal_data(user); the labels of those called."""
    called = []
    for config, anonymise in _providers("anonymise_personal_data"):
        anonymise(user)
        called.append(config.label)
    return called


def export_personal_data(user: User) -> dict:
    """The accounts app's part: the account, organisations, and the person's actions."""
    memberships = user.memberships.select_related("organisation").order_by("created_at")
    events = AuditEvent.objects.filter(actor=user).order_by("at", "pk")
    return {
        "account": _account(user),
        "organisations": [_membership(m) for m in memberships],
        "actions": [
            {"at": e.at, "action": e.action, "object": e.object_repr, "message": e.message}
            for e in events
        ],
    }


def _account(user: User) -> dict:
    fields = ["email", "full_name", "phone", "language", "date_joined", "last_login"]
    account = {name: getattr(user, name) for name in fields}
    account["email_verified_at"] = user.email_verified_at
    account["pending_email"] = user.pending_email or None
    return account


def _membership(membership: OrganisationMembership) -> dict:
    organisation = membership.organisation
    return {
        "name": organisation.name,
        "legal_code": organisation.legal_code,
        "legal_form": organisation.get_legal_form_display(),
        "role": membership.get_role_display(),
        "member_since": membership.created_at,
    }
