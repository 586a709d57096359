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
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request

from ..models import ProviderCredential
from ..services import credential_use_record


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
    www_authenticate_realm = "xAPI"

    def authenticate(self, request: Request) -> tuple[ProviderPrincipal, ProviderCredential] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
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
        credential = (
            ProviderCredential.objects.select_related("provider").filter(prefix=username).first()
            if username
            else None
        )
        if credential is None:
            raise exceptions.AuthenticationFailed(_("Unknown credential."))
        problem = None
        if not credential.is_valid(f"{username}.{password}"):
            problem = _("Wrong secret for this credential.")
        elif credential.revoked:
            problem = _("This credential has been revoked.")
        elif credential.has_expired:
            problem = _("This credential has expired.")
        if problem is not None:
            credential_use_record(
                credential=credential, method=request.method or "", path=request.get_full_path(),
                status_code=401, detail=problem, remote_addr=request.META.get("REMOTE_ADDR"),
            )  # fmt: skip
            raise exceptions.AuthenticationFailed(problem)
        return ProviderPrincipal(credential), credential

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
