"""Regional talent consortia: their member organisations, programmes, events and participants.

Every consortium-owned model declares `CONSORTIUM_PATH`, the ORM path from the model to its
consortium; selectors and the scoped admin use it to show a consortium admin only their data.
Reference rows (consortia, organisations, memberships) keep their provenance like the standard.
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import BilingualNameMixin, TimeStampedModel
from core.prefectures import Prefecture
from skills.models import ProvenanceMixin, Verification


class Industry(models.TextChoices):
    SEMICONDUCTOR = "semiconductor", _("Semiconductors")
    BATTERY = "battery", _("Batteries")
    OTHER = "other", _("Other")


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", _("Hokkaido region")
    TOHOKU = "tohoku", _("Tohoku region")
    KANTO = "kanto", _("Kanto region")
    CHUBU = "chubu", _("Chubu region")
    KANSAI = "kansai", _("Kansai region")
    CHUGOKU = "chugoku", _("Chugoku region")
    SHIKOKU = "shikoku", _("Shikoku region")
    KYUSHU = "kyushu", _("Kyushu region")
    OKINAWA = "okinawa", _("Okinawa region")


class MetiBureau(models.TextChoices):
    """The regional bureaus of the Ministry of Economy, Trade and Industry (経済産業局)."""

    HOKKAIDO = "hokkaido", _("METI Hokkaido Bureau")
    TOHOKU = "tohoku", _("METI Tohoku Bureau")
    KANTO = "kanto", _("METI Kanto Bureau")
    CHUBU = "chubu", _("METI Chubu Bureau")
    KINKI = "kinki", _("METI Kinki Bureau")
    CHUGOKU = "chugoku", _("METI Chugoku Bureau")
    SHIKOKU = "shikoku", _("METI Shikoku Bureau")
    KYUSHU = "kyushu", _("METI Kyushu Bureau")


class Audience(models.TextChoices):
    KOSEN_STUDENTS = "kosen_students", _("KOSEN students")
    UNIVERSITY_STUDENTS = "university_students", _("University students")
    HIGH_SCHOOL_STUDENTS = "high_school_students", _("High-school students")
    TEACHERS = "teachers", _("Teachers")
    WORKING_ADULTS = "working_adults", _("Working adults")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


def validate_prefecture_codes(value: object) -> None:
    """A list of JIS prefecture codes ("01".."47"), each once."""
    valid = set(Prefecture.values)
    if not isinstance(value, list) or any(code not in valid for code in value):
        raise ValidationError(_("Enter a list of prefecture codes from 01 to 47."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("Each prefecture may appear only once."), code="duplicate")


def validate_audiences(value: object) -> None:
    valid = set(Audience.values)
    if not isinstance(value, list) or any(code not in valid for code in value):
        raise ValidationError(_("Enter a list of known target audiences."), code="invalid")


class Consortium(BilingualNameMixin, ProvenanceMixin, TimeStampedModel):
    """An industry–academia–government consortium for regional talent (人材育成等コンソーシアム)."""

    CONSORTIUM_PATH = "pk"

    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry)
    region = models.CharField(_("region"), max_length=20, choices=Region)
    prefectures = models.JSONField(
        _("prefectures covered"),
        default=list,
        blank=True,
        validators=[validate_prefecture_codes],
        help_text=_("JIS codes of the prefectures the consortium covers."),
    )
    prefectures_verification = models.CharField(
        _("verification of the prefectures"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    meti_bureau = models.CharField(_("METI regional bureau"), max_length=20, choices=MetiBureau)
    founded_on = models.DateField(_("founded"), null=True, blank=True)
    founded_on_precision = models.CharField(
        _("founding date precision"), max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_consortia",
        verbose_name=_("consortium admins"),
        help_text=_("Users in the Consortium admin group who manage this consortium's data."),
    )

    class Meta:
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consortia:consortium-detail", kwargs={"slug": self.slug})

    @property
    def founded_display(self) -> str:
        """The founding date at the precision the reference gives (2022-03 or 2022-10-05)."""
        if self.founded_on is None:
            return ""
        if self.founded_on_precision == DatePrecision.MONTH:
            return self.founded_on.strftime("%Y-%m")
        return self.founded_on.isoformat()

    @property
    def prefecture_labels(self) -> list[str]:
        return [str(Prefecture(code).label) for code in self.prefectures]


class MemberOrganization(BilingualNameMixin, ProvenanceMixin, TimeStampedModel):
    """A company, school or public body; it may belong to several consortia."""

    CONSORTIUM_PATH = "memberships__consortium"

    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        UNIVERSITY = "university", _("University")
        KOSEN = "kosen", _("College of technology (KOSEN)")
        GOVERNMENT = "government", _("Government body")
        INDUSTRY_ASSOCIATION = "industry_association", _("Industry association")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices, blank=True)
    consortia: "models.ManyToManyField[Consortium, ConsortiumMembership]" = models.ManyToManyField(
        Consortium,
        through="ConsortiumMembership",
        related_name="organizations",
        verbose_name=_("consortia"),
    )

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.name


class ConsortiumMembership(ProvenanceMixin, TimeStampedModel):
    """An organisation's membership of one consortium."""

    CONSORTIUM_PATH = "consortium"

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        SECRETARIAT = "secretariat", _("Secretariat")
        SUPPORTER = "supporter", _("Supporter")

    consortium = models.ForeignKey(
        Consortium, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("consortium")
    )
    organization = models.ForeignKey(
        MemberOrganization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("member organisation"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("consortium membership")
        verbose_name_plural = _("consortium memberships")
        ordering = ("consortium", "organization")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "organization"], name="consortia_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.consortium}"


class Programme(BilingualNameMixin, TimeStampedModel):
    """A programme a consortium runs: outreach lectures, teacher training, site tours, ..."""

    CONSORTIUM_PATH = "consortium"

    class Kind(models.TextChoices):
        OUTREACH_LECTURE = "outreach_lecture", _("Outreach lecture")
        TEACHER_TRAINING = "teacher_training", _("Teacher training")
        SITE_TOUR = "site_tour", _("Factory or site tour")
        INTERNSHIP = "internship", _("Internship")
        CURRICULUM_DEVELOPMENT = "curriculum_development", _("Curriculum development")
        PR_EVENT = "pr_event", _("PR event")
        JOINT_COURSE = "joint_course", _("Joint course")

    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    consortium = models.ForeignKey(
        Consortium, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("consortium")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    audiences = models.JSONField(
        _("target audiences"), default=list, blank=True, validators=[validate_audiences]
    )
    roles = models.ManyToManyField(
        "skills.Role", blank=True, related_name="consortium_programmes", verbose_name=_("roles")
    )
    skills = models.ManyToManyField(
        "skills.Skill", blank=True, related_name="consortium_programmes", verbose_name=_("skills")
    )
    is_qualifying = models.BooleanField(
        _("counts toward the target"),
        default=False,
        help_text=_("Attending this programme counts a learner as trained toward the national target."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ("consortium", "name_ja")

    def __str__(self) -> str:
        return self.name

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(code).label) for code in self.audiences]


class Event(TimeStampedModel):
    """A dated session of a programme, with a venue and a number of seats."""

    CONSORTIUM_PATH = "programme__consortium"

    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="events", verbose_name=_("programme")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Seats, counting group head-counts."))
    delivering_organizations = models.ManyToManyField(
        MemberOrganization,
        blank=True,
        related_name="delivered_events",
        verbose_name=_("delivering organisations"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("starts_at",)
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="consortia_event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="consortia_event_has_seats"),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at).strftime("%Y-%m-%d %H:%M")
        return f"{self.programme.name} ({start})"

    def get_absolute_url(self) -> str:
        return reverse("consortia:event-detail", kwargs={"uuid": self.uuid})

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if self.pk and self.starts_at and self.starts_at > timezone.now() and self.head_counts.exists():
            raise ValidationError(
                {"starts_at": _("Head-counts are recorded for this event: it cannot move into the future.")}
            )

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at > timezone.now()


class Participation(TimeStampedModel):
    """A registered learner, or a school group's head-count, at one event."""

    CONSORTIUM_PATH = "event__programme__consortium"

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses that hold seats.
    SEATED = (Status.REGISTERED, Status.ATTENDED)

    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consortium_participations",
        verbose_name=_("learner"),
    )
    group_name = models.CharField(
        _("group name"), max_length=200, blank=True, help_text=_("For a school group instead of a learner.")
    )
    students_count = models.PositiveIntegerField(_("students"), default=0)
    teachers_count = models.PositiveIntegerField(_("teachers"), default=0)
    others_count = models.PositiveIntegerField(_("others"), default=0)
    prefecture = models.CharField(
        _("prefecture"),
        max_length=2,
        choices=Prefecture.choices,
        blank=True,
        help_text=_("Where the participant or group comes from."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ("event", "registered_at")
        indexes = [models.Index(fields=["updated_at"], name="consortia_part_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "learner"],
                condition=Q(learner__isnull=False) & ~Q(status="cancelled"),
                name="consortia_one_registration_per_learner",
            ),
            models.UniqueConstraint(
                fields=["event", "group_name"],
                condition=~Q(group_name="") & ~Q(status="cancelled"),
                name="consortia_one_registration_per_group",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        learner__isnull=False,
                        group_name="",
                        students_count=0,
                        teachers_count=0,
                        others_count=0,
                    )
                    | (
                        Q(learner__isnull=True)
                        & ~Q(group_name="")
                        & (Q(students_count__gt=0) | Q(teachers_count__gt=0) | Q(others_count__gt=0))
                    )
                ),
                name="consortia_learner_or_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.event}"

    def clean(self) -> None:
        head_count = self.students_count + self.teachers_count + self.others_count
        if self.learner_id is not None and (self.group_name or head_count):
            raise ValidationError(_("A participation is either a learner or a group, not both."))
        if self.learner_id is None and not self.group_name:
            raise ValidationError(_("Give a learner, or a group name with a head-count."))
        if self.learner_id is None and head_count == 0:
            raise ValidationError(_("A group needs a head-count of at least one."))

    @property
    def participant(self) -> str:
        if self.learner_id is not None:
            return str(self.learner)
        return self.group_name

    @property
    def seats(self) -> int:
        """Seats this participation takes: one for a learner, the head-count for a group."""
        if self.learner_id is not None:
            return 1
        return self.students_count + self.teachers_count + self.others_count


class AttendanceAudience(models.TextChoices):
    """Who came to an event, for anonymous head-counts (as consortia report them: 教職員 13名,
    親子 11組28名)."""

    KOSEN_STUDENTS = "kosen_students", _("KOSEN students")
    HIGH_SCHOOL_STUDENTS = "high_school_students", _("High-school students")
    UNIVERSITY_STUDENTS = "university_students", _("University students")
    TEACHERS = "teachers", _("Teachers")
    PARENTS_AND_CHILDREN = "parents_children", _("Parents and children")
    COMPANY_STAFF = "company_staff", _("Company staff")
    OTHER = "other", _("Other")


# The key space of reports.disclosure (cell key method, docs/adr/0001); consortia may not import
# reports, so the value is restated here and a test checks that the two agree.
HEAD_COUNT_KEY_SPACE = 1 << 20
MAX_HEAD_COUNT = 100_000  # more than any hall holds: a typo, not a head-count


def draw_head_count_key() -> int:
    """A head-count row's fixed random key: the measures table protects head-count cells with it."""
    return secrets.randbelow(HEAD_COUNT_KEY_SPACE)


class HeadCount(TimeStampedModel):
    """Anonymous attendance at one event by one audience: how many people (and, for families, how
    many groups) came. Head-counts never enter the unique-person count; they are the consortium's
    own figures and a measure of their own in the ministries' measures table."""

    CONSORTIUM_PATH = "event__programme__consortium"

    uuid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="head_counts", verbose_name=_("event")
    )
    audience = models.CharField(_("audience"), max_length=24, choices=AttendanceAudience)
    persons = models.PositiveIntegerField(_("persons"), validators=[MaxValueValidator(MAX_HEAD_COUNT)])
    groups = models.PositiveIntegerField(
        pgettext_lazy("head-count", "groups"),  # not auth's "groups" (グループ)
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_HEAD_COUNT)],
        help_text=_("For parents and children: how many families (組)."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    record_key = models.PositiveIntegerField(_("record key"), default=draw_head_count_key, editable=False)

    class Meta:
        verbose_name = _("head-count")
        verbose_name_plural = _("head-counts")
        ordering = ("event", "audience")
        indexes = [models.Index(fields=["updated_at"], name="consortia_headcount_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "audience"], name="consortia_one_head_count_per_audience"
            ),
            models.CheckConstraint(condition=Q(persons__gte=1), name="consortia_head_count_positive"),
            models.CheckConstraint(
                condition=Q(persons__lte=MAX_HEAD_COUNT), name="consortia_head_count_at_most_max"
            ),
            models.CheckConstraint(
                condition=Q(groups__isnull=True) | (Q(groups__gte=1) & Q(groups__lte=models.F("persons"))),
                name="consortia_head_count_groups_fit",
            ),
        ]

    def __str__(self) -> str:
        # No figure: this text is kept in admin's history, which ministry viewers can read.
        return str(self.get_audience_display())

    def clean(self) -> None:
        if self.groups is not None and self.persons is not None and self.groups > self.persons:
            raise ValidationError({"groups": _("There cannot be more groups than persons.")})
        # The event may be unsaved yet (an inline on the event's add page): read it, not its id.
        try:
            event = self.event
        except Event.DoesNotExist:
            return
        if event.starts_at and event.starts_at > timezone.now():
            raise ValidationError(
                {"event": _("The event has not started yet; record who came after it has been held.")}
            )
