"""Helpers for the accounts tests: a fake app `privacy.py`, and reading links out of e-mails."""

import importlib.machinery
import re
import sys
import types

import pytest


def link_in(message, path_start: str) -> str:
    """The path of the first link in `message`'s text body that starts with `path_start`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", message.body)
    assert match, f"no {path_start} link in: {message.body}"
    return match.group(1)


@pytest.fixture
def other_app_privacy(monkeypatch):
    """Pretend another app (calls) has a privacy.py; record what it was given."""
    module = types.ModuleType("telka.calls.privacy")
    module.__spec__ = importlib.machinery.ModuleSpec("telka.calls.privacy", None)
    module.seen = []

    def export_personal_data(user):
        return {"proposals": [{"title": "Kūrybinės dirbtuvės", "contact": user.email}]}

    def anonymise_personal_data(user):
        module.seen.append((user.email, user.full_name, user.is_active))

    module.export_personal_data = export_personal_data
    module.anonymise_personal_data = anonymise_personal_data
    monkeypatch.setitem(sys.modules, "telka.calls.privacy", module)
    return module
