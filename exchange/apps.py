from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Data exchange with providers")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (allauth's e-mail confirmation reaches the review queue)
