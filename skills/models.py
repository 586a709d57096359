"""The Digital Skill Standard (デジタルスキル標準) as versioned data.

Every row keeps its provenance: whether the reference verified it, which sources say so,
and a note. Names are content (Japanese required, English optional), not interface text.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BilingualNameMixin, TimeStampedModel


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PARTIAL = "partial", _("Partly verified")
    UNVERIFIED = "unverified", _("Not verified")


class ProvenanceMixin(models.Model):
    """Where a fact comes from. Source ids are those of skills/data/SOURCES.md."""

    verification = models.CharField(
        _("verification"), max_length=12, choices=Verification, default=Verification.UNVERIFIED
    )
    sources = models.JSONField(_("sources"), default=list, blank=True)
    provenance_note = models.TextField(_("provenance note"), blank=True)

    class Meta:
        abstract = True


class StandardRow(BilingualNameMixin, ProvenanceMixin, TimeStampedModel):
    """Shared fields of every row that belongs to one version of the standard."""

    uuid = models.UUIDField(_("stable identifier"), unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ("order",)

    def __str__(self) -> str:
        return self.name


class StandardVersion(BilingualNameMixin, ProvenanceMixin, TimeStampedModel):
    """One published version of one part of the standard (DSS-P or DSS-L)."""

    class Part(models.TextChoices):
        PROMOTION = "promotion", _("DX promotion skill standard (DSS-P)")
        LITERACY = "literacy", _("DX literacy standard (DSS-L)")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")

    uuid = models.UUIDField(_("stable identifier"), unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    part = models.CharField(_("part"), max_length=12, choices=Part.choices)
    version = models.CharField(_("version"), max_length=20)
    published_on = models.DateField(_("publication date"))
    published_on_precision = models.CharField(
        _("publication date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    is_current = models.BooleanField(_("current version"), default=False)
    roles_known = models.BooleanField(
        _("roles known"),
        default=True,
        help_text=_("False when the reference lists skills but not types and roles."),
    )

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ("part", "-published_on")
        constraints = [
            models.UniqueConstraint(
                fields=["part"],
                condition=models.Q(is_current=True),
                name="skills_one_current_version_per_part",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def published_display(self) -> str:
        """The publication date at the precision the reference gives (2024-07 or 2022-12-21)."""
        if self.published_on_precision == self.DatePrecision.MONTH:
            return self.published_on.strftime("%Y-%m")
        return self.published_on.isoformat()


class HumanResourceType(StandardRow):
    """人材類型: one of the five human-resource types of DSS-P."""

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="types", verbose_name=_("standard version")
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("human-resource type")
        verbose_name_plural = _("human-resource types")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_type_slug_per_version")
        ]


class Role(StandardRow):
    """ロール: a role within a human-resource type."""

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="roles", verbose_name=_("standard version")
    )
    hr_type = models.ForeignKey(
        HumanResourceType,
        on_delete=models.PROTECT,
        related_name="roles",
        verbose_name=_("human-resource type"),
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_role_slug_per_version")
        ]

    def get_absolute_url(self) -> str:
        return reverse("skills:role-detail", kwargs={"slug": self.slug})


class SkillCategory(StandardRow):
    """カテゴリー of the common skill list."""

    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("standard version"),
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_category_slug_per_version")
        ]


class SkillSubcategory(StandardRow):
    """サブカテゴリー of the common skill list."""

    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.CASCADE,
        related_name="subcategories",
        verbose_name=_("standard version"),
    )
    category = models.ForeignKey(
        SkillCategory, on_delete=models.PROTECT, related_name="subcategories", verbose_name=_("category")
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("skill sub-category")
        verbose_name_plural = _("skill sub-categories")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_subcategory_slug_per_version")
        ]


class Skill(StandardRow):
    """スキル項目: one item of the common skill list."""

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="skills", verbose_name=_("standard version")
    )
    subcategory = models.ForeignKey(
        SkillSubcategory, on_delete=models.PROTECT, related_name="skills", verbose_name=_("sub-category")
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_skill_slug_per_version")
        ]


class Level(StandardRow):
    """A required-level code of DSS-P (a, b, c, d, z). `rank` orders them; z has none."""

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="levels", verbose_name=_("standard version")
    )
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta(StandardRow.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_level_code_per_version")
        ]

    def __str__(self) -> str:
        return self.slug


class RoleSkillRequirement(TimeStampedModel):
    """The level a role requires of a skill (ロール別のスキル重要度).

    `is_provisional` marks rows of the demo matrix written for this project, not IPA's official one.
    """

    uuid = models.UUIDField(_("stable identifier"), unique=True, editable=False)
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("role")
    )
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("skill")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("level")
    )
    is_provisional = models.BooleanField(_("provisional"), default=False)
    source = models.CharField(_("matrix source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("role skill requirement")
        verbose_name_plural = _("role skill requirements")
        ordering = ("role__order", "skill__order")
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="skills_one_requirement_per_role_skill")
        ]

    def __str__(self) -> str:
        return f"{self.role.slug} × {self.skill.slug}: {self.level.slug}"


class LiteracyArea(StandardRow):
    """An area of the DX literacy standard (マインド・スタンス, Why, What, How)."""

    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.CASCADE,
        related_name="literacy_areas",
        verbose_name=_("standard version"),
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("literacy area")
        verbose_name_plural = _("literacy areas")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_literacy_area_per_version")
        ]


class LiteracyItem(StandardRow):
    """An item of the DX literacy standard within an area."""

    version = models.ForeignKey(
        StandardVersion,
        on_delete=models.CASCADE,
        related_name="literacy_items",
        verbose_name=_("standard version"),
    )
    area = models.ForeignKey(
        LiteracyArea, on_delete=models.CASCADE, related_name="items", verbose_name=_("area")
    )

    class Meta(StandardRow.Meta):
        verbose_name = _("literacy item")
        verbose_name_plural = _("literacy items")
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="skills_literacy_item_per_version")
        ]
