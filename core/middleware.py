"""Input that no part of the platform can store, or that the API cannot read, is refused at the door.

PostgreSQL text cannot hold a NUL character; a NUL anywhere in a path, a query string, a form field
or a JSON body used to reach the database and answer 500 (issue #9). This middleware answers 400
instead, naming the parameter, before any view runs: JSON for the APIs, the portal's 400 page
elsewhere. Uploaded files are not inspected (an XLSX file is binary); their readers check them.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
JSON_NUL = (b"\\u0000", b"\\U0000", b"\x00")


def _empty_api_parameter(request: HttpRequest) -> str | None:
    """An API query parameter given with no value: the API is read by programs, so "?level=" is a
    mistake to name, not a filter to drop silently (the portal's forms send empty fields; it is
    not under /api/)."""
    if not request.path.startswith("/api/v1/") or request.method not in ("GET", "HEAD"):
        return None  # query parameters filter reads; other methods get the API's own answer (405...)
    for name, values in request.GET.lists():
        if any(value == "" for value in values):
            return name
    return None


def _offending_name(request: HttpRequest) -> str | None:
    """The first place that holds a NUL: "path", a parameter name, or "body"; None when clean."""
    if NUL in request.path:
        return "path"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return name.replace(NUL, "")
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH"):
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = request.POST.lists()
            except MultiPartParserError:
                return None  # a malformed body: the view's own parsing answers it (400 or 415)
            for name, values in fields:
                if NUL in name or any(NUL in value for value in values):
                    return name.replace(NUL, "")
        elif "json" in content_type and any(marker in request.body for marker in JSON_NUL):
            return "body"
    return None


class RejectUnstorableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _offending_name(request)
        if name is not None:
            message = _("%(name)s: contains a NUL character, which cannot be stored.") % {"name": name}
        elif (name := _empty_api_parameter(request)) is not None:
            message = _("%(name)s: is empty; give a value or leave the parameter out.") % {"name": name}
        else:
            return self.get_response(request)
        if request.path.startswith(("/api/", "/xapi/")):
            return JsonResponse({"message": message, "extra": {"fields": {name: [message]}}}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
