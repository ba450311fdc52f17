"""Panels other apps contribute to shared pages, without those pages importing them.

An app may have a `panels.py` with `home_panel(request)` (a block on the public
home page) and/or `dashboard_panel(request)` (a block in a user's personal area).
Each returns `Panel(template=..., context={...}, order=...)` or None when it
has nothing to show for this request.
"""

import importlib
import importlib.util
from dataclasses import dataclass, field

from django.apps import apps
from django.http import HttpRequest


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50


def collect(kind: str, request: HttpRequest) -> list[Panel]:
    """Every app's `<kind>_panel(request)` result, sorted by `order`."""
    panels = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.panels"
        if not config.name.startswith("telka.") or importlib.util.find_spec(module_name) is None:
            continue
        provider = getattr(importlib.import_module(module_name), f"{kind}_panel", None)
        panel = provider(request) if provider else None
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda p: p.order)
