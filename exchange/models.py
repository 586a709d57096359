"""Data exchange with training providers: their API credentials, the record of every use, and the
xAPI statement store (with the review queue of completions for people not yet registered).

Completions found in statements become `learners.ExternalCompletion` rows (exchange.services).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey


class ProviderCredential(AbstractAPIKey):
    """An API credential of one provider (djangorestframework-api-key: the secret is shown once and
    stored only as a SHA-512 hash; `prefix` is the public half, the HTTP Basic user name)."""

    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.CASCADE,
        related_name="credentials",
        verbose_name=_("provider"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider API credential")
        verbose_name_plural = _("provider API credentials")
        ordering = ("-created",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"


class CredentialUse(models.Model):
    """One use of a provider credential: who, when, what and the result (also refused uses)."""

    credential = models.ForeignKey(
        ProviderCredential,
        on_delete=models.CASCADE,
        related_name="uses",
        verbose_name=_("credential"),
    )
    provider = models.ForeignKey(
        "courses.Provider", on_delete=models.CASCADE, related_name="+", verbose_name=_("provider")
    )
    used_at = models.DateTimeField(_("used at"), auto_now_add=True, db_index=True)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)
    status_code = models.PositiveSmallIntegerField(_("status"))
    statements = models.PositiveIntegerField(_("statements"), default=0)
    detail = models.CharField(_("result"), max_length=300, blank=True)
    remote_addr = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential use")
        verbose_name_plural = _("credential uses")
        ordering = ("-used_at", "-pk")

    def __str__(self) -> str:
        return f"{self.credential.prefix} {self.method} {self.path} {self.status_code}"


class Statement(models.Model):
    """An xAPI statement as stored (with `stored`, `authority` and `version` set by the store).

    `fingerprint` is the SHA-256 of the statement's canonical content without the properties the
    store sets, so the same id with the same content is recognised (204) and other content refused (409).
    """

    class Completion(models.TextChoices):
        NOT_A_COMPLETION = "none", _("Not a course completion")
        RECORDED = "recorded", _("Completion recorded")
        WAITING = "waiting", _("Waiting for the person to register")
        VOIDED = "voided", _("Voided")

    statement_id = models.UUIDField(_("statement id"), unique=True)
    provider = models.ForeignKey(
        "courses.Provider", on_delete=models.PROTECT, related_name="statements", verbose_name=_("provider")
    )
    credential = models.ForeignKey(
        ProviderCredential,
        on_delete=models.SET_NULL,
        null=True,
        related_name="statements",
        verbose_name=_("credential"),
    )
    document = models.JSONField(_("statement"))
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)
    verb_id = models.CharField(_("verb"), max_length=500)
    activity_id = models.CharField(_("activity"), max_length=500, blank=True)
    actor_key = models.CharField(_("actor identifier"), max_length=600)
    stored = models.DateTimeField(_("stored"), db_index=True)
    timestamp = models.DateTimeField(_("timestamp"))
    voids = models.UUIDField(_("voids statement"), null=True, blank=True)
    is_voided = models.BooleanField(_("voided"), default=False)
    completion = models.CharField(
        _("completion"), max_length=8, choices=Completion.choices, default=Completion.NOT_A_COMPLETION
    )
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learner"),
    )

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        ordering = ("-stored", "-pk")
        indexes = [
            models.Index(fields=["provider", "stored", "id"], name="exchange_statement_provider"),
            models.Index(
                fields=["actor_key"], condition=Q(completion="waiting"), name="exchange_statement_waiting"
            ),
            models.Index(fields=["voids"], condition=Q(voids__isnull=False), name="exchange_statement_voids"),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)


class WaitingStatement(Statement):
    """The review queue: completions for people the platform could not match (admin only)."""

    class Meta:
        proxy = True
        verbose_name = _("completion waiting for a learner")
        verbose_name_plural = _("review queue: completions waiting for a learner")


def new_statement_id() -> uuid.UUID:
    return uuid.uuid4()
