"""The learner's side of the platform: profile, enrolments and progress, quiz attempts, target role and
self-assessment against the Digital Skill Standard.

Every row belongs to one learner (a `core.User`); selectors scope every read by the actor.
"""

import datetime
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.models import BilingualNameMixin, TimeStampedModel
from core.prefectures import Prefecture
from skills.models import ProvenanceMixin

# A name is letters of any script (kanji, kana, Latin with accents), spaces, the middle dot and a
# few joining marks; never digits, control characters, markup or a formula's leading sign.
_NAME_JOINERS = frozenset(" \u3000・･-'’.")
# Hangul fillers are "letters" to Unicode but print as nothing: a name of them would look empty.
_INVISIBLE_LETTERS = frozenset("\u3164\u115f\u1160\uffa0")


def _name_fault(value: str, *, latin_only: bool) -> "StrOrPromise | None":
    if value != value.strip():
        return _("Remove the spaces at the start and end.")
    for char in value:
        if char in _NAME_JOINERS:
            continue
        if char in _INVISIBLE_LETTERS:
            return _("A name may not contain invisible filler characters.")
        if unicodedata.category(char) == "Mn":
            continue  # a combining accent (e + U+0301): allowed after a letter, as "é" is
        if not char.isalpha():
            return _("A name may contain only letters, spaces, hyphens, apostrophes and the middle dot.")
        if latin_only and not unicodedata.name(char, "").startswith("LATIN "):
            return _("Use Latin letters only (accents are allowed).")
    if value and (value[0] in "-'’.・･" or unicodedata.category(value[0]) == "Mn"):
        return _("A name must start with a letter.")
    return None


def validate_name_kanji(value: str) -> None:
    fault = _name_fault(value, latin_only=False)
    if fault:
        raise ValidationError(fault, code="invalid_name")


def validate_name_romanised(value: str) -> None:
    fault = _name_fault(value, latin_only=True)
    if fault:
        raise ValidationError(fault, code="invalid_name")


class LearnerProfile(TimeStampedModel):
    """Who the learner is, in the coarse terms the ministries' statistics use."""

    class AgeBand(models.TextChoices):
        UNDER_20 = "under_20", _("Under 20")
        TWENTIES = "20s", _("20s")
        THIRTIES = "30s", _("30s")
        FORTIES = "40s", _("40s")
        FIFTIES = "50s", _("50s")
        SIXTY_PLUS = "60_plus", _("60 and over")

    class EmploymentStatus(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        STUDENT = "student", _("Student")
        JOB_SEEKER = "job_seeker", _("Job seeker")
        OTHER = "other", _("Other")

    class Industry(models.TextChoices):
        MANUFACTURING = "manufacturing", _("Manufacturing")
        SEMICONDUCTORS = "semiconductors", _("Semiconductors and electronic components")
        IT_COMMUNICATIONS = "it_communications", _("Information technology and communications")
        FINANCE = "finance", _("Finance and insurance")
        PUBLIC_SECTOR = "public_sector", _("Public sector")
        EDUCATION = "education", _("Education and research")
        HEALTHCARE = "healthcare", _("Healthcare and welfare")
        RETAIL = "retail", _("Wholesale and retail")
        CONSTRUCTION = "construction", _("Construction and real estate")
        LOGISTICS = "logistics", _("Transport and logistics")
        AGRICULTURE = "agriculture", _("Agriculture, forestry and fisheries")
        SERVICES = "services", _("Services")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
        verbose_name=_("user"),
    )
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    employment_status = models.CharField(
        _("employment status"), max_length=15, choices=EmploymentStatus.choices
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # Printed on certificates and written into credentials (issue #13); both optional.
    name_kanji = models.CharField(
        _("name (kanji)"),
        max_length=60,
        blank=True,
        validators=[validate_name_kanji],
        help_text=_("Your name as it should appear on certificates, family name first, e.g. 山田 花子."),
    )
    name_romanised = models.CharField(
        _("name (romanised)"),
        max_length=60,
        blank=True,
        validators=[validate_name_romanised],
        help_text=_("Your name in Latin letters, e.g. Hanako Yamada."),
    )
    consents_to_statistics = models.BooleanField(
        _("consent to statistical use"),
        default=False,
        help_text=_("The learner agrees that their anonymised data is used in official statistics."),
    )
    statistics_consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(consents_to_statistics=False) | Q(statistics_consent_at__isnull=False),
                name="learners_profile_consent_has_time",
            )
        ]
        indexes = [models.Index(fields=["updated_at"], name="learners_profile_updated")]

    def __str__(self) -> str:
        return str(self.user)


class Enrolment(TimeStampedModel):
    """A learner taking a course. Completed once every required lesson is complete."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    course = models.ForeignKey(
        "courses.Course", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course")
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="learners_one_enrolment_per_course")
        ]
        # The progress rollup finds what changed since its watermark.
        indexes = [models.Index(fields=["updated_at"], name="learners_enrolment_updated")]

    def __str__(self) -> str:
        return f"{self.learner} → {self.course.slug}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonCompletion(models.Model):
    """A lesson the learner has finished within an enrolment."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lesson_completions", verbose_name=_("enrolment")
    )
    lesson = models.ForeignKey(
        "courses.Lesson", on_delete=models.CASCADE, related_name="completions", verbose_name=_("lesson")
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        ordering = ("completed_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="learners_one_completion_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} ✓ {self.lesson_id}"

    def clean(self) -> None:
        if self.enrolment_id and self.lesson_id and self.lesson.module.course_id != self.enrolment.course_id:
            raise ValidationError({"lesson": _("This lesson is not part of the enrolment's course.")})


class QuizAttempt(TimeStampedModel):
    """One submission of a quiz: the answers given, the score in percent and whether it passed."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("enrolment")
    )
    quiz = models.ForeignKey(
        "courses.Quiz", on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz")
    )
    answers = models.JSONField(
        _("answers"), default=dict, help_text=_("The chosen choice id for each question id.")
    )
    correct_count = models.PositiveSmallIntegerField(_("correct answers"))
    question_count = models.PositiveSmallIntegerField(_("questions"))
    score = models.PositiveSmallIntegerField(_("score (%)"), validators=[MaxValueValidator(100)])
    is_passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ("-created_at", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="learners_attempt_score_percent"),
            models.CheckConstraint(
                condition=Q(correct_count__lte=models.F("question_count")),
                name="learners_attempt_correct_within_questions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} quiz {self.quiz_id}: {self.score}%"


class TargetRole(TimeStampedModel):
    """The role of the standard a learner is working towards (one at a time)."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="target_role",
        verbose_name=_("learner"),
    )
    role = models.ForeignKey(
        "skills.Role", on_delete=models.CASCADE, related_name="learner_targets", verbose_name=_("role")
    )

    class Meta:
        verbose_name = _("target role")
        verbose_name_plural = _("target roles")

    def __str__(self) -> str:
        return f"{self.learner} → {self.role.slug}"


class SelfAssessment(TimeStampedModel):
    """The level at which a learner rates themselves on one skill; no level means "none yet"."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="self_assessments",
        verbose_name=_("learner"),
    )
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.CASCADE, related_name="self_assessments", verbose_name=_("skill")
    )
    level = models.ForeignKey(
        "skills.Level",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="self_assessments",
        verbose_name=_("level"),
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ("skill__order",)
        constraints = [
            models.UniqueConstraint(fields=["learner", "skill"], name="learners_one_assessment_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.learner}: {self.skill.slug} = {self.level.slug if self.level else '-'}"

    def clean(self) -> None:
        if self.skill_id and self.level_id and self.level is not None:
            if self.skill.version_id != self.level.version_id:
                raise ValidationError({"level": _("Choose a level of the skill's version of the standard.")})
            if self.level.rank is None:
                raise ValidationError({"level": _("Rate yourself on the levels a to d, or none.")})


class Exam(BilingualNameMixin, ProvenanceMixin, TimeStampedModel):
    """An IPA examination (情報処理技術者試験 and 情報処理安全確保支援士試験), from the reference data."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("IPA's level 1 to 4."))
    hr_type_slug = models.SlugField(
        _("human-resource type (heuristic)"),
        blank=True,
        help_text=_("A project heuristic, not an official mapping: the type a pass is counted under."),
    )
    valid_from = models.DateField(
        _("first held"),
        null=True,
        blank=True,
        help_text=_("Empty: held before the platform's records begin."),
    )
    valid_until = models.DateField(
        _("last held"),
        null=True,
        blank=True,
        help_text=_("Empty: still held. Set when IPA retires the exam."),
    )

    class Meta:
        verbose_name = _("IPA exam")
        verbose_name_plural = _("IPA exams")
        ordering = ("level", "code")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="learners_exam_validity_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def held_on(self, day: datetime.date) -> bool:
        """Whether the exam existed on `day` (a pass on that day is possible)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class ExamPass(TimeStampedModel):
    """A learner's pass of an IPA exam, recorded on their profile by the learner, or uploaded by a
    training provider (then `provider` and the provider's `record_id` say so; one pass per record)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exam_passes",
        verbose_name=_("learner"),
    )
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="passes", verbose_name=_("exam"))
    passed_on = models.DateField(_("passed on"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exam_passes",
        verbose_name=_("provider"),
        help_text=_("Empty: recorded by the learner."),
    )
    record_id = models.CharField(_("provider's record id"), max_length=100, blank=True)
    # The id of the pass's credential in a learner record (random: it says nothing of the row).
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    # A provider's void keeps the row (so the rollup's incremental run sees the change through
    # updated_at, and voiding twice changes nothing) and stops it counting.
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason for voiding"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("exam pass")
        verbose_name_plural = _("exam passes")
        ordering = ("-passed_on",)
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "exam"],
                condition=Q(voided_at__isnull=True),
                name="learners_one_pass_per_exam",
            ),
            models.UniqueConstraint(
                fields=["provider", "record_id"],
                condition=Q(provider__isnull=False),
                name="learners_one_exam_pass_per_record",
            ),
        ]
        indexes = [models.Index(fields=["updated_at"], name="learners_exampass_updated")]

    def __str__(self) -> str:
        return f"{self.learner} {self.exam.code} {self.passed_on}"

    def clean(self) -> None:
        if self.passed_on and self.passed_on > timezone.localdate():
            raise ValidationError({"passed_on": _("The pass date cannot be in the future.")})
        if self.passed_on and self.exam_id and not self.exam.held_on(self.passed_on):
            raise ValidationError(
                {
                    "passed_on": _("%(exam)s was not held on that date (see its first and last dates).")
                    % {"exam": self.exam.code}
                }
            )


class Credential(TimeStampedModel):
    """The Open Badges 3.0 credential issued for a completed enrolment, signed as issued.

    `document` is the signed credential exactly as issued (its signature covers every field, so it
    is never edited); revoking sets `revoked_at` and a reason and leaves the document alone.
    """

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="credential", verbose_name=_("enrolment")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="credentials",
        verbose_name=_("learner"),
    )
    document = models.JSONField(_("signed credential"))
    issued_at = models.DateTimeField(_("issued at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    # Its bit in a Bitstring Status List (revocation), allocated at random when it is issued.
    status_list = models.ForeignKey(
        "StatusList",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credentials",
        verbose_name=_("status list"),
    )
    status_index = models.PositiveIntegerField(_("status list index"), null=True, blank=True)
    # A credential issued before status lists existed keeps its first signed version here: copies
    # handed out before still verify, and the current `document` carries the status entry.
    original_document = models.JSONField(_("credential as first issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ("-issued_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="learners_credential_revocation_has_reason",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="learners_credential_one_status_bit"
            ),
            models.CheckConstraint(
                condition=Q(status_list__isnull=True, status_index__isnull=True)
                | Q(status_list__isnull=False, status_index__isnull=False),
                name="learners_credential_status_list_and_index",
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class StatusList(TimeStampedModel):
    """A W3C Bitstring Status List (revocation) of this platform's credentials, and its signed
    BitstringStatusListCredential as served at `/credentials/status/<uuid>`.

    `bits` holds one bit per index, index 0 the most significant bit of the first byte, as the
    specification reads it. It is re-signed whenever a bit changes; `document` is never empty.
    """

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Revocation")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.REVOCATION
    )
    size = models.PositiveIntegerField(_("entries"))
    bits = models.BinaryField(_("bitstring"))
    allocated = models.PositiveIntegerField(_("entries allocated"), default=0)
    document = models.JSONField(_("signed status list credential"))

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(allocated__lte=F("size")), name="learners_status_list_not_overfull"
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)


class IssuerKey(TimeStampedModel):
    """A public key this platform has signed credentials with (the private half is never stored
    here). The current key is the one in CREDENTIAL_SIGNING_KEY_FILE; `rotate_credential_key`
    records it here before replacing it, so credentials it signed keep verifying, offline (their
    did:key) and through /.well-known/did.json (did:web)."""

    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=64, unique=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.public_key_multibase


class LearnerIdentifier(TimeStampedModel):
    """A way providers name a learner in what they report, other than a plain e-mail address.

    `mbox_sha1sum`: the SHA-1 of `mailto:<verified address>` (xAPI's hashed mailbox), written when an
    address is verified. `account`: the learner's id in one provider's own system (xAPI `account.name`),
    linked by that provider's staff or when a review-queue item is matched in admin.
    """

    class Kind(models.TextChoices):
        MBOX_SHA1SUM = "mbox_sha1sum", _("hashed e-mail address (SHA-1)")
        ACCOUNT = "account", _("provider-issued learner id")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="identifiers",
        verbose_name=_("learner"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="learner_identifiers",
        verbose_name=_("provider"),
        help_text=_("Required for a provider-issued id; empty for a hashed e-mail address."),
    )
    value = models.CharField(_("value"), max_length=200)

    class Meta:
        verbose_name = _("learner identifier")
        verbose_name_plural = _("learner identifiers")
        ordering = ("kind", "value")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                condition=Q(provider__isnull=True),
                name="learners_identifier_unique_without_provider",
            ),
            models.UniqueConstraint(
                fields=["kind", "provider", "value"],
                condition=Q(provider__isnull=False),
                name="learners_identifier_unique_per_provider",
            ),
            models.CheckConstraint(
                condition=(Q(kind="account") & Q(provider__isnull=False))
                | (Q(kind="mbox_sha1sum") & Q(provider__isnull=True)),
                name="learners_identifier_provider_iff_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class ExternalCompletion(TimeStampedModel):
    """A course completed outside the portal, as the provider reported it (xAPI or upload).

    Keyed by (provider, record id): the provider's own id for the record (the xAPI statement id), so
    a record reported twice is stored once. It counts toward the national figure like a portal
    completion while its status is `counted`; a dispute suspends it until resolved.
    """

    class Channel(models.TextChoices):
        XAPI = "xapi", _("xAPI statement")
        UPLOAD = "upload", _("uploaded file")

    class Status(models.TextChoices):
        COUNTED = "counted", _("Counted")
        DISPUTED = "disputed", _("Disputed by the learner")
        WITHDRAWN = "withdrawn", _("Withdrawn after a dispute")
        VOIDED = "voided", _("Voided by the provider")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    # No index of their own: (learner, status) and the unique (provider, record id) begin with them,
    # and every index less is one less to maintain for each of a million uploaded rows.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_completions",
        verbose_name=_("learner"),
        db_index=False,
    )
    provider = models.ForeignKey(
        "courses.Provider",
        on_delete=models.PROTECT,
        related_name="external_completions",
        verbose_name=_("provider"),
        db_index=False,
    )
    course = models.ForeignKey(
        "courses.Course",
        on_delete=models.PROTECT,
        related_name="external_completions",
        verbose_name=_("course"),
    )
    record_id = models.CharField(_("provider's record id"), max_length=100)
    channel = models.CharField(_("reported as"), max_length=8, choices=Channel.choices)
    completed_at = models.DateTimeField(_("completed at"))
    score_scaled = models.DecimalField(
        _("score (scaled)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COUNTED)
    dispute_reason = models.TextField(_("reason for the dispute"), max_length=2000, blank=True)
    disputed_at = models.DateTimeField(_("disputed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("dispute resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
        db_index=False,  # set on the few disputed rows only: a partial index (Meta)
    )
    resolution_note = models.TextField(_("resolution"), max_length=2000, blank=True)
    void_reason = models.CharField(_("why the provider voided it"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("external completion")
        verbose_name_plural = _("external completions")
        ordering = ("-completed_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["provider", "record_id"], name="learners_one_external_record"),
            models.CheckConstraint(
                condition=Q(disputed_at__isnull=True) | ~Q(dispute_reason=""),
                name="learners_external_dispute_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["updated_at"], name="learners_external_updated"),
            models.Index(fields=["learner", "status"], name="learners_external_learner"),
            models.Index(
                fields=["resolved_by"],
                condition=Q(resolved_by__isnull=False),
                name="learners_external_resolver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} {self.course.slug} {self.completed_at:%Y-%m-%d}"

    @property
    def is_counted(self) -> bool:
        return self.status == self.Status.COUNTED
