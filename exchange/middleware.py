"""The xAPI resource's limits at the door: a body over XAPI_MAX_BODY_BYTES is a 413 before any of it
is read, and every xAPI answer (also Django's own 400s and 404s) carries the version header."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

PREFIX = "/xapi/"
UPLOAD_PATHS = ("/api/v1/provider/uploads/", "/providers/uploads/")


class XAPIRequestLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(UPLOAD_PATHS) and request.method == "POST":
            return self._upload(request)
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        limit = settings.XAPI_MAX_BODY_BYTES
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            response: HttpResponse = JsonResponse(
                {"message": _("Content-Length is not a number.")}, status=400
            )
        elif length > limit:
            response = JsonResponse(
                {
                    "message": _("The body is over %(limit)s bytes; send the statements in smaller batches.")
                    % {"limit": limit}
                },
                status=413,
            )
        else:
            response = self.get_response(request)
        response["X-Experience-API-Version"] = "1.0.3"
        return response

    def _upload(self, request: HttpRequest) -> HttpResponse:
        """An upload over EXCHANGE_UPLOAD_MAX_BYTES is refused from its Content-Length, unread."""
        try:
            length = int(request.headers.get("content-length") or 0)
        except ValueError:
            length = -1
        limit = settings.EXCHANGE_UPLOAD_MAX_BYTES
        if length > limit:
            message = _("The file is over %(limit)s MB; split it and upload the parts.") % {
                "limit": limit // 2**20
            }
            return JsonResponse({"message": message, "extra": {"fields": {"file": [message]}}}, status=413)
        return self.get_response(request)
