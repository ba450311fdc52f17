from django.contrib import messages
from django.http import HttpRequest

from telka.lib.workflow import Refused


def show_refusal(request: HttpRequest, refusal: Refused) -> None:
    for reason in refusal.reasons:
        messages.error(request, reason)


def show_warnings(request: HttpRequest, warnings: list[str]) -> None:
    for warning in dict.fromkeys(warnings):
        messages.warning(request, warning)
