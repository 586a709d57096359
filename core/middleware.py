"""Input that no part of the platform can store, or that the API cannot read, is refused at the door.

PostgreSQL text cannot hold a NUL character; a NUL anywhere in a path, a query string, a form field
or a JSON body used to reach the database and answer 500 (issue #9). This middleware answers 400
instead, naming the parameter, before any view runs: JSON for the APIs, the portal's 400 page
elsewhere. Uploaded files are not inspected (an XLSX file is binary); their readers check them.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
API_PATHS = ("/api/", "/xapi/", "/ims/")  # /ims/: the CASE 1.1 service (skills/api/case_urls.py)
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
        try:
            name = _offending_name(request)
        except (RequestDataTooBig, TooManyFieldsSent) as error:
            if not request.path.startswith(API_PATHS):
                raise  # the portal's 400 page, from Django
            return _unreadable(request, error)
        if name is not None:
            message = _("%(name)s: contains a NUL character, which cannot be stored.") % {"name": name}
        elif (name := _empty_api_parameter(request)) is not None:
            message = _("%(name)s: is empty; give a value or leave the parameter out.") % {"name": name}
        else:
            return self.get_response(request)
        if request.path.startswith(API_PATHS):
            return _refusal(name, message, 400)
        return render(request, "400.html", {"message": message}, status=400)


def _refusal(name: str, message: str, status: int) -> JsonResponse:
    """The APIs' error body (core.exceptions), naming the parameter or "body"."""
    return JsonResponse({"message": message, "extra": {"fields": {name: [message]}}}, status=status)


def _unreadable(request: HttpRequest, error: Exception) -> JsonResponse:
    """What Django refuses to read, in the APIs' error body instead of the portal's HTML page: a body
    over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters or
    form fields a 400 (both documented in the OpenAPI schema, core/schema.py)."""
    if isinstance(error, RequestDataTooBig):
        message = _("The body is over %(limit)s bytes.") % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        return _refusal("body", message, 413)
    try:
        QueryDict(request.META.get("QUERY_STRING", ""))
        name = "body"
    except TooManyFieldsSent:
        name = "query"
    message = _("More than %(limit)s parameters or form fields.") % {
        "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    }
    return _refusal(name, message, 400)
