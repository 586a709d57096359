"""What every page's frame needs from reports: whether to offer the ministry dashboard link.

A context processor, so that the access query runs with the request and never in a template or a
template tag (STYLE §11). Anonymous visitors cost no query; for a signed-in user it is the one
access query of reports.selectors, remembered for the rest of the request.
"""

from typing import Any

from django.http import HttpRequest

from .selectors import actor_may_read_reports


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"may_read_reports": bool(user is not None and actor_may_read_reports(actor=user))}
