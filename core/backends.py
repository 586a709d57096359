"""Authentication backends: Django's and allauth's, refusing the demo accounts where demos are off.

`seed_demo` creates accounts with documented passwords (README). Under production settings
PLATFORM_DEMO_ENABLED is off: `seed_demo` refuses to run, and should such an account exist anyway
(a copied database), it cannot sign in, and an open session of it ends (get_user checks the same).
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_logins_allowed() -> bool:
    return bool(getattr(settings, "PLATFORM_DEMO_ENABLED", False))


class _RefuseDemoAccounts:
    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not demo_logins_allowed():
            return False
        return super().user_can_authenticate(user)  # type: ignore[misc]


class PlatformModelBackend(_RefuseDemoAccounts, ModelBackend):
    """Django's username and password backend (admin)."""


class PlatformAllauthBackend(_RefuseDemoAccounts, AuthenticationBackend):
    """allauth's e-mail and password backend (the portal)."""
