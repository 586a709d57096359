"""The custom user (set before the first migration) and shared model bases."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class BilingualNameMixin(models.Model):
    """Content names in Japanese (required) and English; `name` follows the active language."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        """The English name when English is active and one exists; the Japanese name otherwise."""
        if (get_language() or "ja").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ja

    @property
    def name_lang(self) -> str:
        """The `lang` of `name` where it differs from the page's language (WCAG 3.1.2), else "".

        "ja" on an English page that falls back to the Japanese name; "en" on a Japanese page whose
        Japanese name is in Latin letters only (the reference gives some organisations only in
        English, and no name is invented for them)."""
        if (get_language() or "ja").startswith("en"):
            return "" if self.name_en else "ja"
        return "en" if self.name_ja.isascii() else ""


class User(AbstractUser):
    """A person who signs in: learner, consortium admin, ministry viewer or operator."""

    is_demo = models.BooleanField(
        _("demo record"), default=False, help_text=_("Created by seed_demo; removed by seed_demo --remove.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_username()
