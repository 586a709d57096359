"""Operational endpoints shared by every app."""

import logging
import os

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down"; the reason goes to the log
        logger.exception("healthz: database check failed")
        return False


def _broker_ok() -> bool:
    from config.celery_app import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            if conn.transport_cls == "filesystem":
                # ensure_connection never touches the folders of the filesystem transport.
                options = conn.transport_options
                folders = (options["data_folder_in"], options["data_folder_out"], options["control_folder"])
                return all(os.access(folder, os.W_OK) for folder in folders)
        return True
    except Exception:
        logger.exception("healthz: broker check failed")
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the broker answer, 503 (with which one failed) otherwise."""
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"} | {
        k: "ok" if v else "down" for k, v in checks.items()
    }
    return JsonResponse(body, status=200 if healthy else 503)


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """/favicon.ico, which browsers ask for whatever the page links: a redirect to the project's own
    SVG icon (whitenoise serves it). Temporary (302): the target is a hashed name that changes
    whenever the file does, and a cached permanent redirect would outlive the old name."""
    return HttpResponseRedirect(static("img/favicon.svg"))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: JSON under /api/ and /xapi/ (the APIs' error bodies), the portal's page elsewhere."""
    if request.path.startswith(("/api/", "/xapi/")):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)
