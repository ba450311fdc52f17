"""Facts about the requesting user worked out once per request.

A page asks "is this user LAG staff?" or "is this user a member of that organisation?"
from many places: the view's permission check, each panel, the template. With
`RequestMemo` in MIDDLEWARE, `remembered(key, compute)` computes a fact the first time
in a request and answers from memory after that; the memory is dropped when the
response is ready, so nothing is kept from one request (or user) to the next. Outside
a request (management commands, workflow functions called from tests) it always
computes.

A save or delete of a model listed in `FORGET_ON_CHANGE` (roles, board seats,
organisation memberships, group membership) empties the memory at once, so a request
that changes who someone is sees the change.
"""

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

_memory: ContextVar[dict | None] = ContextVar("telka_request_memo", default=None)

FORGET_ON_CHANGE = {
    "lag.role",
    "lag.boardmembership",
    "accounts.organisationmembership",
    "accounts.user_groups",
}


def remembered(key: tuple, compute: Callable[[], Any]) -> Any:
    memory = _memory.get()
    if memory is None:
        return compute()
    if key not in memory:
        memory[key] = compute()
    return memory[key]


def forget(**_signal_kwargs) -> None:
    memory = _memory.get()
    if memory:
        memory.clear()


def forget_on_change(sender, **_signal_kwargs) -> None:
    """Signal receiver (connected in telka/apps.py)."""
    if sender._meta.label_lower in FORGET_ON_CHANGE:
        forget()


class RequestMemo:
    """Middleware: a fresh, empty memory for each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memory.set({})
        try:
            return self.get_response(request)
        finally:
            _memory.reset(token)
