"""Requests carrying a NUL character are answered 400 with a message, before any view.

PostgreSQL cannot hold NUL in text, so a NUL in a filter, a form field or an
address part would otherwise reach the database and fail there as a server
error. No person types one; the message is for the rare program that sends it.
Multipart bodies are left to the forms (Django's CharField refuses NUL with its
own message): reading them here would fix the upload handlers before the views
that set their own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    parts = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        parts.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in v for v in query.getlist(key))
        for query in parts
        for key in query
    )


class RejectNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _has_nul(request):
            return self.get_response(request)
        message = _(
            "The request contains a NUL character (code 0), which Telka does not accept. "
            "Remove it and try again."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
