"""Training courses mapped to the Digital Skill Standard: providers, courses, their outline and quizzes.

Titles and summaries are content (Japanese required, English optional); `title` and `text`
follow the active language like BilingualNameMixin.name.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import BilingualNameMixin, TimeStampedModel
from core.prefectures import Prefecture


def _in_active_language(japanese: str, english: str) -> str:
    """The English text when English is active and there is one; the Japanese text otherwise."""
    if (get_language() or "ja").startswith("en") and english:
        return english
    return japanese


class BilingualTitleMixin(models.Model):
    """A content title in Japanese (required) and English; `title` follows the active language."""

    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _in_active_language(self.title_ja, self.title_en)


class Provider(BilingualNameMixin, TimeStampedModel):
    """An organisation that offers courses."""

    class Kind(models.TextChoices):
        TRAINING_COMPANY = "training_company", _("Training company")
        UNIVERSITY = "university", _("University")
        KOSEN = "kosen", _("College of technology (KOSEN)")
        CONSORTIUM = "consortium", _("Consortium")
        PUBLIC_BODY = "public_body", _("Public body")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("website"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="provider_staff_of",
        verbose_name=_("provider staff"),
        help_text=_("People who manage this provider's API credentials, statements and disputes in admin."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class Course(BilingualTitleMixin, TimeStampedModel):
    """A course, described in the standard's terms by the roles and skills it builds."""

    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Language(models.TextChoices):
        JAPANESE = "ja", _("Japanese")
        ENGLISH = "en", _("English")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary_ja = models.TextField(_("summary (Japanese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="courses", verbose_name=_("provider")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    price_yen = models.IntegerField(
        _("price (yen)"), validators=[MinValueValidator(0)], help_text=_("0 means free of charge.")
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.JAPANESE
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    prefecture = models.CharField(
        _("prefecture"),
        max_length=2,
        choices=Prefecture.choices,
        null=True,
        blank=True,
        help_text=_("Where the course takes place; required for in-person and hybrid courses."),
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ("-created_at", "slug")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="courses_course_hours_positive"),
            models.CheckConstraint(condition=Q(price_yen__gte=0), name="courses_course_price_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="courses_course_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(format="online") | Q(prefecture__isnull=False),
                name="courses_course_prefecture_when_on_site",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("courses:course-detail", kwargs={"slug": self.slug})

    @property
    def activity_iri(self) -> str:
        """The xAPI activity IRI providers use for this course (stable: built from the UUID and
        PLATFORM_BASE_URL, never from a request)."""
        return f"{settings.PLATFORM_BASE_URL.rstrip('/')}/xapi/activities/courses/{self.uuid}"

    def clean(self) -> None:
        errors = {}
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not self.prefecture:
            errors["prefecture"] = _("Choose the prefecture where an in-person or hybrid course takes place.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date cannot be before the start date.")
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        return _in_active_language(self.summary_ja, self.summary_en)

    @property
    def is_free(self) -> bool:
        return self.price_yen == 0


class CourseRole(models.Model):
    """A role of the standard the course prepares for, and the level it aims at."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="course_roles", verbose_name=_("course")
    )
    role = models.ForeignKey(
        "skills.Role", on_delete=models.PROTECT, related_name="course_roles", verbose_name=_("role")
    )
    level = models.ForeignKey(
        "skills.Level", on_delete=models.PROTECT, related_name="course_roles", verbose_name=_("target level")
    )

    class Meta:
        verbose_name = _("course role")
        verbose_name_plural = _("course roles")
        ordering = ("role__order",)
        constraints = [
            models.UniqueConstraint(fields=["course", "role"], name="courses_one_row_per_course_role")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug} → {self.role.slug} ({self.level.slug})"

    def clean(self) -> None:
        if self.role_id and self.level_id and self.role.version_id != self.level.version_id:
            raise ValidationError({"level": _("Choose a level of the role's version of the standard.")})


class CourseSkill(models.Model):
    """A skill of the common skill list the course builds, and to which level."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="course_skills", verbose_name=_("course")
    )
    skill = models.ForeignKey(
        "skills.Skill", on_delete=models.PROTECT, related_name="course_skills", verbose_name=_("skill")
    )
    level = models.ForeignKey(
        "skills.Level", on_delete=models.PROTECT, related_name="course_skills", verbose_name=_("level")
    )

    class Meta:
        verbose_name = _("course skill")
        verbose_name_plural = _("course skills")
        ordering = ("skill__order",)
        constraints = [
            models.UniqueConstraint(fields=["course", "skill"], name="courses_one_row_per_course_skill")
        ]

    def __str__(self) -> str:
        return f"{self.course.slug} → {self.skill.slug} ({self.level.slug})"

    def clean(self) -> None:
        if self.skill_id and self.level_id and self.skill.version_id != self.level.version_id:
            raise ValidationError({"level": _("Choose a level of the skill's version of the standard.")})


class Module(BilingualTitleMixin):
    """A part of a course's outline."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="modules", verbose_name=_("course")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ("order",)
        constraints = [
            models.UniqueConstraint(fields=["course", "order"], name="courses_module_order_per_course")
        ]


class Lesson(BilingualTitleMixin):
    """One step of a module: reading, video, quiz, assignment or a link elsewhere."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        VIDEO = "video", _("Video")
        QUIZ = "quiz", _("Quiz")
        ASSIGNMENT = "assignment", _("Assignment")
        EXTERNAL_LINK = "external_link", _("External link")

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    body = models.TextField(_("body"), blank=True)
    url = models.URLField(_("URL"), blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ("order",)
        constraints = [
            models.UniqueConstraint(fields=["module", "order"], name="courses_lesson_order_per_module")
        ]

    def clean(self) -> None:
        if self.kind in (self.Kind.VIDEO, self.Kind.EXTERNAL_LINK) and not self.url:
            raise ValidationError({"url": _("Video and external-link lessons need a URL.")})


class Quiz(models.Model):
    """The questions of a quiz lesson and the share of correct answers needed to pass."""

    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, related_name="quiz", verbose_name=_("lesson")
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=0) & Q(pass_mark__lte=100), name="courses_quiz_pass_mark_percent"
            )
        ]

    def __str__(self) -> str:
        return str(self.lesson)

    def clean(self) -> None:
        if self.lesson_id and self.lesson.kind != Lesson.Kind.QUIZ:
            raise ValidationError({"lesson": _("Choose a lesson of the quiz kind.")})


class Question(models.Model):
    """A multiple-choice question of a quiz."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_ja = models.TextField(_("text (Japanese)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("order",)
        constraints = [
            models.UniqueConstraint(fields=["quiz", "order"], name="courses_question_order_per_quiz")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_active_language(self.text_ja, self.text_en)


class Choice(models.Model):
    """An answer offered for a question; one or more are correct."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    text_ja = models.CharField(_("text (Japanese)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _in_active_language(self.text_ja, self.text_en)
