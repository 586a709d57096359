"""Types for annotations: requests whose user is known to be signed in, and translatable text.

Views behind `login_required` (or a DRF permission that refuses anonymous users) take these, so the
type checker knows `request.user` is a `User` and not `User | AnonymousUser`. At run time they are
the ordinary request classes; see django-stubs' README, "How do I annotate cases where request.user
is always authenticated?". `StrOrPromise` is a string or a lazy translation (gettext_lazy).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_stubs_ext import StrOrPromise
from rest_framework.request import Request

from core.models import User

__all__ = ["AuthenticatedHttpRequest", "AuthenticatedRequest", "StrOrPromise", "signed_in_user"]


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class AuthenticatedRequest(Request):
    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user, where admin, `login_required` or a permission already required a signed-in
    one. Anything else is refused (403) rather than acted on as nobody."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
