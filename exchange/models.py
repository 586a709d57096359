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


class UploadBatch(models.Model):
    """One file a provider uploaded: who, when, what file (name, checksum, encoding), the row counts
    and the outcome. A file with any bad row stores nothing (its errors are `UploadError` rows)."""

    class Kind(models.TextChoices):
        COMPLETIONS = "completions", _("Course completions")
        EXAM_PASSES = "exam_passes", _("IPA exam passes")
        VOIDS = "voids", _("Voids of records sent before")

    class Outcome(models.TextChoices):
        STORED = "stored", _("Stored")
        NOTHING_NEW = "nothing_new", _("Nothing new (every record was stored before)")
        REFUSED = "refused", _("Refused: the file has errors; nothing was stored")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.PROTECT,
        related_name="upload_batches",
        verbose_name=_("provider"),
    )
    kind = models.CharField(_("kind of rows"), max_length=12, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    credential = models.ForeignKey(
        ProviderCredential,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="upload_batches",
        verbose_name=_("credential"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("file name"), max_length=255)
    size_bytes = models.BigIntegerField(_("size (bytes)"))
    checksum = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=4)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_stored = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_existing = models.PositiveIntegerField(_("rows stored before"), default=0)
    rows_waiting = models.PositiveIntegerField(_("rows waiting for the person to register"), default=0)
    rows_invalid = models.PositiveIntegerField(_("rows with errors"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ("-uploaded_at", "-pk")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d %H:%M})"


class UploadError(models.Model):
    """One problem of an uploaded file: the row (1 is the header), the column and why."""

    batch = models.ForeignKey(
        UploadBatch, on_delete=models.CASCADE, related_name="errors", verbose_name=_("upload")
    )
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        verbose_name = _("upload error")
        verbose_name_plural = _("upload errors")
        ordering = ("batch", "row", "pk")

    def __str__(self) -> str:
        return f"{self.row} {self.column}: {self.reason}"


class UploadWaitingRow(models.Model):
    """A completion or an IPA exam pass from an upload for someone not registered yet: matched when
    they register and verify the address, or when provider staff link the provider's id (the review
    queue). A completion has its course and day; an exam pass its exam and day."""

    class Kind(models.TextChoices):
        COMPLETIONS = "completions", _("Course completion")
        EXAM_PASSES = "exam_passes", _("IPA exam pass")

    batch = models.ForeignKey(
        UploadBatch, on_delete=models.CASCADE, related_name="waiting_rows", verbose_name=_("upload")
    )
    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("provider"),
        db_index=False,
    )
    kind = models.CharField(_("kind of row"), max_length=12, choices=Kind.choices, default=Kind.COMPLETIONS)
    record_id = models.CharField(_("provider's record id"), max_length=100)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    learner_ref = models.CharField(_("provider's learner id"), max_length=100, blank=True)
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    score_scaled = models.DecimalField(
        _("score (scaled)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    exam = models.ForeignKey(
        "learners.Exam",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exam"),
        db_index=False,  # empty on completion rows, nearly all of them: a partial index (Meta)
    )
    passed_on = models.DateField(_("passed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("uploaded record waiting for a learner")
        verbose_name_plural = _("review queue: uploaded records waiting for a learner")
        ordering = ("provider", "record_id")
        constraints = [
            models.UniqueConstraint(fields=["provider", "record_id"], name="exchange_one_waiting_upload_row"),
            models.CheckConstraint(
                condition=Q(kind="completions", course__isnull=False, completed_at__isnull=False)
                | Q(kind="exam_passes", exam__isnull=False, passed_on__isnull=False),
                name="exchange_waiting_row_has_its_kinds_fields",
            ),
        ]
        # One plain index for the exact match on verification (db_index on a CharField adds a
        # second, LIKE index on PostgreSQL that nothing uses). The provider's rows are found through
        # the unique (provider, record id), so the provider needs no index of its own.
        indexes = [
            models.Index(fields=["email"], name="exchange_waiting_email"),
            models.Index(fields=["exam"], condition=Q(exam__isnull=False), name="exchange_waiting_exam"),
        ]

    def __str__(self) -> str:
        return self.record_id
