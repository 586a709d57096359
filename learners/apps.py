from typing import TYPE_CHECKING

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from core.models import User


class LearnersConfig(AppConfig):
    name = "learners"
    verbose_name = _("Learners")

    def ready(self) -> None:
        # allauth tells of a password reset only by its signal; the receiver calls the service.
        from allauth.account.signals import password_reset

        password_reset.connect(_clear_lockout_after_password_reset, dispatch_uid="learners-lockout-clear")


def _clear_lockout_after_password_reset(
    sender: object, request: object, user: "User", **kwargs: object
) -> None:
    from .services import login_lockout_clear

    login_lockout_clear(user=user)
