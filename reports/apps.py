from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from core.backends import register_user_annotation

        from .selectors import ACCESS_ANNOTATIONS

        # Loaded with the signed-in user: a figure request asks nothing more about who asks.
        for name, build in ACCESS_ANNOTATIONS.items():
            register_user_annotation(name, build)
