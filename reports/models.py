"""Progress toward the 2.3 million target: the counting rule, targets, who counts, the rollups, reports.

How a person is counted (CountingRule, versioned): once, on the date they first meet any
qualifying condition: a completed course that builds a role of the standard to the rule's level,
a passed qualifying IPA exam, or an attended consortium programme marked as qualifying.
Qualification keeps every qualifying record with its source and date (the explanation);
CountedPerson keeps each person's first; DailyProgress and MonthlyProgress aggregate them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import TimeStampedModel
from core.prefectures import Prefecture


class Source(models.TextChoices):
    COURSE = "course", _("Completed course")
    EXTERNAL = "external", _("Course completed elsewhere (reported by the provider)")
    EXAM = "exam", _("Passed IPA exam")
    PROGRAMME = "programme", _("Consortium programme")


class LevelRank(models.IntegerChoices):
    """The standard's levels in rank order (a is the highest); z has no rank and never qualifies."""

    D = 1, _("d or higher")
    C = 2, _("c or higher")
    B = 3, _("b or higher")
    A = 4, _("a only")


class CountingRule(TimeStampedModel):
    """One version of the rule that says who counts. Exactly one version is active.

    Versions are not edited once used: admin saves changes as a new version, and a change of the
    active version makes the next rollup rebuild everything.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=False)
    counts_courses = models.BooleanField(_("completed courses count"), default=True)
    min_course_level = models.PositiveSmallIntegerField(
        _("minimum course level"),
        choices=LevelRank,
        default=LevelRank.C,
        help_text=_(
            "A completed course counts when it builds a role of the standard to at least this level."
        ),
    )
    counts_exams = models.BooleanField(_("passed exams count"), default=True)
    qualifying_exams = models.ManyToManyField(
        "learners.Exam", blank=True, related_name="counting_rules", verbose_name=_("qualifying exams")
    )
    counts_programmes = models.BooleanField(_("consortium programmes count"), default=True)
    requires_statistics_consent = models.BooleanField(
        _("only learners who consented"),
        default=True,
        help_text=_("Count only learners who consented to the statistical use of their records."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("counting rule")
        verbose_name_plural = _("counting rules")
        ordering = ("-version",)
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="reports_one_active_rule"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} {self.name}"


class Target(TimeStampedModel):
    """A number of people to train by a date: national, or for one consortium or prefecture."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        CONSORTIUM = "consortium", _("Consortium")
        PREFECTURE = "prefecture", _("Prefecture")

    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    consortium = models.ForeignKey(
        "consortia.Consortium", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("consortium")
    )
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices, blank=True)
    people = models.PositiveIntegerField(_("people"))
    deadline = models.DateField(_("deadline"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ("scope", "prefecture")
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="national", consortium__isnull=True, prefecture=""))
                | Q(scope="consortium", consortium__isnull=False, prefecture="")
                | (Q(scope="prefecture", consortium__isnull=True) & ~Q(prefecture="")),
                name="reports_target_scope_matches",
            ),
            models.UniqueConstraint(
                fields=["scope"], condition=Q(scope="national"), name="reports_one_national_target"
            ),
            models.UniqueConstraint(
                fields=["consortium"],
                condition=Q(scope="consortium"),
                name="reports_one_target_per_consortium",
            ),
            models.UniqueConstraint(
                fields=["prefecture"],
                condition=Q(scope="prefecture"),
                name="reports_one_target_per_prefecture",
            ),
            models.CheckConstraint(condition=Q(people__gte=1), name="reports_target_positive"),
        ]

    def __str__(self) -> str:
        where = self.consortium or self.get_prefecture_display() or self.get_scope_display()
        return f"{where}: {self.people:,} / {self.deadline}"


class Qualification(models.Model):
    """One qualifying record of a person: the explanation of why and since when they count."""

    # No database-level foreign keys on the rollup's own tables: a full rebuild inserts millions of
    # rows, and a deferred constraint trigger per row doubles its time. Every row derives from an
    # existing user; deleting a user removes their rows (on_delete) and the next run agrees.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_constraint=False,
        db_index=False,  # the (person, qualified_on) index below serves every lookup by person
        related_name="qualifications",
        verbose_name=_("person"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source)
    source_key = models.BigIntegerField(_("source record"))
    qualified_on = models.DateField(_("qualified on"))
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    hr_type_id = models.IntegerField(_("human-resource type"), default=0)  # 0: none
    consortium_id = models.IntegerField(_("consortium"), default=0)  # 0: none

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"], name="reports_one_qualification_per_record"
            )
        ]
        indexes = [models.Index(fields=["person", "qualified_on"], name="reports_qual_person_day")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.source} {self.qualified_on}"


class CountedPerson(models.Model):
    """A person counted toward the target, with the attributes of their first qualification."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_constraint=False,
        primary_key=True,
        related_name="counted",
        verbose_name=_("person"),
    )
    qualified_on = models.DateField(_("qualified on"))
    source = models.CharField(_("source"), max_length=10, choices=Source)
    source_key = models.BigIntegerField(_("source record"))
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    hr_type_id = models.IntegerField(_("human-resource type"), default=0)
    consortium_id = models.IntegerField(_("consortium"), default=0)
    industry = models.CharField(_("industry"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("counted person")
        verbose_name_plural = _("counted people")

    def __str__(self) -> str:
        return f"{self.person_id} {self.qualified_on}"


class RecordKey(models.Model):
    """A counted person's fixed random key for the cell key method (docs/adr/0001).

    Drawn once, uniformly from 0 to KEY_SPACE - 1, the first time the person is counted, and never
    redrawn: rebuilds keep this table, so every published cell keeps its key, and its figure, for as
    long as the same people are in it.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        db_constraint=False,
        primary_key=True,
        related_name="record_key",
        verbose_name=_("person"),
    )
    record_key = models.PositiveIntegerField(_("record key"))

    class Meta:
        verbose_name = _("record key")
        verbose_name_plural = _("record keys")
        constraints = [
            models.CheckConstraint(
                condition=Q(record_key__gte=0, record_key__lt=1 << 20), name="reports_record_key_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}"


class ProgressRow(models.Model):
    """People first counted in one period, per prefecture × type × consortium × source (0 = none)."""

    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    hr_type_id = models.IntegerField(_("human-resource type"), default=0)
    consortium_id = models.IntegerField(_("consortium"), default=0)
    source = models.CharField(_("source"), max_length=10, choices=Source)
    people = models.IntegerField(_("people"))
    # The sum of the record keys of the people in the row (reports/disclosure.py): summed over the
    # rows of any published cell, it gives that cell's key.
    key_sum = models.BigIntegerField(_("sum of record keys"), default=0)

    class Meta:
        abstract = True


class DailyProgress(ProgressRow):
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily progress")
        verbose_name_plural = _("daily progress")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "prefecture", "hr_type_id", "consortium_id", "source"],
                name="reports_daily_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.prefecture} {self.hr_type_id} {self.consortium_id} {self.source}: {self.people}"


class MonthlyProgress(ProgressRow):
    month = models.DateField(_("month"), help_text=_("The first day of the month."))

    class Meta:
        verbose_name = _("monthly progress")
        verbose_name_plural = _("monthly progress")
        # Exact figures are a permission of their own (not a view_ permission, which the Ministry
        # viewer group is given for the reports app's reference data).
        permissions = [("see_exact_figures", _("Can see exact progress figures"))]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "prefecture", "hr_type_id", "consortium_id", "source"],
                name="reports_monthly_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.prefecture} {self.hr_type_id} {self.consortium_id} {self.source}: {self.people}"


class Measure(models.IntegerChoices):
    """The policy measures a counted person can be reached by, as bits of MeasureProgress.measures
    (a person reached by two measures has both bits). Head-counts are a measure of their own but
    name nobody: HeadCountProgress."""

    PORTAL_COURSES = 1, _("Portal courses")
    PROVIDER_COURSES = 2, _("Courses reported by providers")
    IT_EXAMS = 4, _("IT exams (IPA)")
    CONSORTIUM_PROGRAMMES = 8, _("Consortium programmes (named participants)")


# The qualification source each measure bit stands for (reports.models.Source).
MEASURE_SOURCES = {
    Measure.PORTAL_COURSES: "course",
    Measure.PROVIDER_COURSES: "external",
    Measure.IT_EXAMS: "exam",
    Measure.CONSORTIUM_PROGRAMMES: "programme",
}


class MeasureProgress(models.Model):
    """How the people reached by each combination of measures change, day by day.

    Each counted person adds +1 to the cell of the measures they have on the day they are first
    reached by one more measure, and -1 to the cell of the measures they had before; so summing a
    cell's rows up to a day gives the people with exactly those measures on that day, and the same
    sum of their record keys gives that set's cell key (reports/disclosure.py). The dimensions are
    the person's counted ones (CountedPerson), as in DailyProgress.
    """

    day = models.DateField(_("day"))
    measures = models.PositiveSmallIntegerField(_("measures (bits)"))
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    hr_type_id = models.IntegerField(_("human-resource type"), default=0)
    consortium_id = models.IntegerField(_("consortium"), default=0)
    people = models.IntegerField(_("change in people"))
    key_sum = models.BigIntegerField(_("change in the sum of record keys"), default=0)

    class Meta:
        verbose_name = _("progress by measure")
        verbose_name_plural = _("progress by measure")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "measures", "prefecture", "hr_type_id", "consortium_id"],
                name="reports_measure_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.measures} {self.prefecture}: {self.people:+}"


class HeadCountProgress(models.Model):
    """Anonymous head-counts of consortium events (consortia.HeadCount) by the day the event ended,
    consortium, event prefecture and audience; `key_sum` is the sum of the rows' fixed random keys,
    so a head-count cell is protected like a cell of people. Never part of the unique-person count."""

    day = models.DateField(_("day"))
    consortium_id = models.IntegerField(_("consortium"))
    prefecture = models.CharField(_("prefecture"), max_length=2, blank=True)
    audience = models.CharField(_("audience"), max_length=24)
    persons = models.IntegerField(_("persons"))
    groups = models.IntegerField(pgettext_lazy("head-count", "groups"), default=0)
    key_sum = models.BigIntegerField(_("sum of record keys"), default=0)

    class Meta:
        verbose_name = _("head-count progress")
        verbose_name_plural = _("head-count progress")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "consortium_id", "prefecture", "audience"], name="reports_head_count_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.consortium_id} {self.audience}: {self.persons}"


class RollupState(models.Model):
    """The single row that records how far the rollup has got (id is always 1)."""

    watermark = models.DateTimeField(_("watermark"), null=True, blank=True)
    rule_version = models.PositiveIntegerField(_("rule version"), null=True, blank=True)
    generation = models.PositiveBigIntegerField(_("generation"), default=0)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    last_full_at = models.DateTimeField(_("last full rebuild at"), null=True, blank=True)
    last_run_seconds = models.FloatField(_("last run seconds"), null=True, blank=True)
    last_people_changed = models.IntegerField(_("people changed in the last run"), default=0)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup state")

    def __str__(self) -> str:
        return f"rollup generation {self.generation}"


class ReportRun(TimeStampedModel):
    """One build of the ministry report: who asked, with what, how it went, and its files."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_runs",
        verbose_name=_("requested by"),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    is_exact = models.BooleanField(
        _("exact figures"), default=False, help_text=_("No suppression (superusers).")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"),
        default=0,
        help_text=_("Builds started; a build whose worker stopped is started again."),
    )
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    row_counts = models.JSONField(_("row counts"), default=dict, blank=True)
    xlsx_file = models.CharField(_("XLSX file"), max_length=300, blank=True)
    csv_file = models.CharField(_("CSV file"), max_length=300, blank=True)
    xlsx_sha256 = models.CharField(_("XLSX checksum (SHA-256)"), max_length=64, blank=True)
    csv_sha256 = models.CharField(_("CSV checksum (SHA-256)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.uuid} {self.status}"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
