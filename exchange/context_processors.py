"""Whether the page frame offers provider staff their upload page (one query for signed-in staff
accounts only; learners and visitors cost none)."""

from typing import Any

from django.http import HttpRequest

from .selectors import provider_ids_for_actor


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not (user.is_staff or user.is_superuser):
        return {"may_upload": False}
    return {"may_upload": bool(user.is_superuser or provider_ids_for_actor(actor=user))}
