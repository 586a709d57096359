"""HTTP Basic authentication with a provider credential, and the per-credential rate limit.

User name: the credential's prefix; password: the secret shown once at creation (the full key is
`prefix.secret`, verified by djangorestframework-api-key against its SHA-512 hash). A revoked,
expired or wrong credential is a 401, and is recorded as a use of that credential when the prefix
names one.
"""

import base64
import binascii
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request
from rest_framework_api_key.crypto import KeyGenerator

from ..models import ProviderCredential
from ..services import credential_use_record

KEY_GENERATOR = KeyGenerator()
PREFIX_LENGTH = 8  # djangorestframework-api-key's prefixes


def invalid() -> str:
    """The one refusal for an unknown prefix or a wrong secret (translated when raised)."""
    return _("Invalid credentials.")


class ProviderPrincipal:
    """Who a request comes from: a provider, through one credential. Not a user of the portal."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    pk = None

    def __init__(self, credential: ProviderCredential) -> None:
        self.credential = credential
        self.provider = credential.provider

    def __str__(self) -> str:
        return f"provider:{self.provider.slug}"


class ProviderBasicAuthentication(authentication.BaseAuthentication):
    """Refusals read the same whether the prefix exists or not ("Invalid credentials."), and take
    the same work (a hash either way); the recorded use keeps the precise reason. After
    FAILED_AUTH_LIMIT refusals for one prefix within a minute, further tries are 429 and not
    recorded, so nobody who knows a prefix can flood that provider's use log."""

    www_authenticate_realm = "xAPI"

    def authenticate(self, request: Request) -> tuple[ProviderPrincipal, ProviderCredential] | None:
        header = request.headers.get("authorization", "")
        scheme, _space, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            username, _colon, password = (
                base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError) as error:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header is not valid HTTP Basic.")
            ) from error
        if not username or "\x00" in username or "\x00" in password or len(username) > PREFIX_LENGTH:
            raise exceptions.AuthenticationFailed(invalid())
        failures_key = f"xapi-auth-failures:{username}"
        if (cache.get(failures_key) or 0) >= settings.XAPI_FAILED_AUTH_LIMIT:
            raise exceptions.Throttled(
                detail=_("Too many refused attempts with this credential; wait a minute.")
            )
        key = f"{username}.{password}"
        credential = ProviderCredential.objects.select_related("provider").filter(prefix=username).first()
        if credential is None:
            KEY_GENERATOR.hash(key)  # the same work as checking a real credential
            self._failed(failures_key)
            raise exceptions.AuthenticationFailed(invalid())
        secret_is_right = credential.is_valid(key)
        problem = None
        if not secret_is_right:
            problem = _("Wrong secret for this credential.")
        elif credential.revoked:
            problem = _("This credential has been revoked.")
        elif credential.has_expired:
            problem = _("This credential has expired.")
        if problem is not None:
            self._failed(failures_key)
            credential_use_record(
                credential=credential, method=request.method or "", path=request.get_full_path(),
                status_code=401, detail=problem, remote_addr=request.META.get("REMOTE_ADDR"),
            )  # fmt: skip
            # A revoked or expired credential says so to its holder (the secret was right);
            # a wrong secret reads like an unknown credential.
            raise exceptions.AuthenticationFailed(problem if secret_is_right else invalid())
        return ProviderPrincipal(credential), credential

    @staticmethod
    def _failed(failures_key: str) -> None:
        cache.add(failures_key, 0, timeout=60)
        try:
            cache.incr(failures_key)
        except ValueError:  # expired between add and incr
            cache.set(failures_key, 1, timeout=60)

    def authenticate_header(self, request: Request) -> str:
        return f'Basic realm="{self.www_authenticate_realm}"'


class ProviderCredentialThrottle(throttling.SimpleRateThrottle):
    """XAPI_RATE_LIMIT requests per credential (read at request time, so tests and deploys set it)."""

    scope = "xapi"

    def get_rate(self) -> str | None:
        return settings.XAPI_RATE_LIMIT or None

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        credential = getattr(request, "auth", None)
        if not isinstance(credential, ProviderCredential):
            return None
        return self.cache_format % {"scope": self.scope, "ident": credential.pk}
