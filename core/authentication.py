"""The API's token authentication: DRF's, with the token's user loaded as a session's is."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .backends import demo_logins_allowed, load_user


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Token <key>` authentication. The token's user comes in one prepared statement with
    the facts apps register (core/backends.py), instead of a join built on every request and then
    one query per fact (the ministry tokens' access to the figures). A demo account's token is
    refused where demos are off, as its session is (core/backends.py)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user = load_user(by="auth_token__key", value=key)
        if user is None or not user.is_active:
            return super().authenticate_credentials(key)  # DRF's own refusal and message
        if user.is_demo and not demo_logins_allowed():
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token: Any = self.get_model().from_db(
            user._state.db, ["key", "user_id", "created"], [key, user.pk, user.token_created]
        )
        token.user = user
        return user, token
