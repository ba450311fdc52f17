"""Render an e-mail in the recipient's language and queue it for delivery.

Each app's emails.py has one function per message; those functions call
`send_templated`, which renders templates/emails/<name>-subject.txt,
<name>-body.txt and <name>-body.html. Delivery is a django.tasks task queued
after the surrounding transaction commits, so a rolled-back change sends nothing.
"""

import base64
import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

# The address of the site a message is about: set per request to the LAG's own site (or
# the network's) by telka.lag.middleware, so links in e-mails lead back to the same LAG.
site_url: ContextVar[Callable[[], str] | None] = ContextVar("telka_site_url", default=None)


def base_url() -> str:
    of_request = site_url.get()
    return (of_request() if of_request else settings.SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path


def page_url(name: str, *args, language: str, **kwargs) -> str:
    """The absolute URL of page `name` in `language` (English pages live under /en/)."""
    with translation.override(language):
        return absolute_url(reverse(name, args=args or None, kwargs=kwargs or None))


class Silencer:
    """A switch an app's e-mails obey: none is sent inside `silenced()` (the demo data
    is built through the real workflow and must not e-mail anyone). Each app has its
    own, so silencing one app's messages leaves the others' alone."""

    def __init__(self, name: str):
        self._off: ContextVar[bool] = ContextVar(name, default=False)

    @contextlib.contextmanager
    def silenced(self) -> Iterator[None]:
        token = self._off.set(True)
        try:
            yield
        finally:
            self._off.reset(token)

    def is_silenced(self) -> bool:
        return self._off.get()

    def message(self, function: Callable[..., None]) -> Callable[..., None]:
        """Decorate one message function: it does nothing while silenced."""

        @functools.wraps(function)
        def send(*args, **kwargs) -> None:
            if not self._off.get():
                function(*args, **kwargs)

        return send


# Sending a message already rendered comes before rendering the next PDF: after a rush
# each applicant's receipt goes out as soon as it is ready, not after every other one.
@task(priority=10)
def deliver(
    *, subject: str, body: str, html: str, to: list[str], attachments: list[list[str]] | None = None
) -> None:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    for filename, encoded, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(encoded), mimetype)
    message.send()


def render_message(name: str, context: dict, language: str) -> tuple[str, str, str]:
    """(subject, text body, HTML body) of message `name` in `language`."""
    context = {"site_url": base_url(), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        body = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, body, html


def send_templated(
    name: str,
    *,
    to: str | Iterable[str],
    context: dict,
    language: str = "lt",
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Queue message `name` to `to` once the current transaction commits."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    subject, body, html = render_message(name, context, language)
    encoded = [[f, base64.b64encode(data).decode(), m] for f, data, m in attachments or []]
    transaction.on_commit(
        lambda: deliver.enqueue(
            subject=subject, body=body, html=html, to=recipients, attachments=encoded
        )
    )
