"""Reads of the skill standard for pages, the API, admin and other apps."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from core.exceptions import ApplicationError

from .models import (
    HumanResourceType,
    LiteracyArea,
    Role,
    RoleSkillRequirement,
    Skill,
    SkillCategory,
    SkillSubcategory,
    StandardVersion,
)

# The 1EdTech CASE 1.1 REST binding's base path (skills/api/case_urls.py serves it).
CASE_SERVICE_PATH = "/ims/case/v1p1"


class UnknownVersionError(ApplicationError):
    """The version asked for does not exist."""


def case_service_uri(path: str = "") -> str:
    """The absolute address of `path` in the CASE 1.1 service, on settings.PLATFORM_BASE_URL (never a
    request's Host header): `case_service_uri("CFItems/<id>")`."""
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{CASE_SERVICE_PATH}/{path}".rstrip("/")


def case_item_uri(*, item_uuid: uuid.UUID | str) -> str:
    """The CASE URI of a row of the standard (a skill, a role, a literacy item...): the address of its
    CFItem, which resolves to its JSON. Credentials align to skills with it (`targetUrl`). No query."""
    return case_service_uri(f"CFItems/{uuid.UUID(str(item_uuid))}")


def standard_version_list(*, part: str = StandardVersion.Part.PROMOTION) -> QuerySet[StandardVersion]:
    """Every loaded version of one part, newest first. Public data."""
    return StandardVersion.objects.filter(part=part).order_by("-published_on")


def standard_version_get(
    *, version: str | None = None, part: str = StandardVersion.Part.PROMOTION
) -> StandardVersion:
    """The version named by slug ('dss-p-2.0') or number ('2.0'), or the current one when none is named.

    Raises UnknownVersionError (a 400 in the API, a 404 on pages) when nothing matches.
    """
    versions = StandardVersion.objects.filter(part=part)
    if version:
        found = versions.filter(slug=version).first() or versions.filter(version=version).first()
    else:
        found = versions.filter(is_current=True).first()
    if found is None:
        raise UnknownVersionError(
            f"Unknown standard version '{version}'." if version else "No current standard version is loaded.",
            extra={"fields": {"version": [f"Unknown standard version '{version or ''}'."]}},
        )
    return found


def hr_type_list(*, version: StandardVersion) -> QuerySet[HumanResourceType]:
    """The version's human-resource types, each with its roles prefetched."""
    return HumanResourceType.objects.filter(version=version).prefetch_related(
        Prefetch("roles", queryset=Role.objects.order_by("order"))
    )


def _requirements() -> Prefetch:
    return Prefetch(
        "requirements",
        queryset=RoleSkillRequirement.objects.select_related(
            "level", "skill__subcategory__category"
        ).order_by("skill__order"),
    )


def role_list(*, version: StandardVersion) -> QuerySet[Role]:
    """The version's roles with their type and required skills and levels."""
    return (
        Role.objects.filter(version=version)
        .select_related("hr_type", "version")
        .prefetch_related(_requirements())
    )


def role_get(*, version: StandardVersion, slug: str) -> Role | None:
    """One role of the version by slug, with its requirements, or None."""
    return role_list(version=version).filter(slug=slug).first()


def skill_list(
    *,
    version: StandardVersion,
    category: str | None = None,
    subcategory: str | None = None,
    role: str | None = None,
) -> QuerySet[Skill]:
    """The version's skills, optionally only a category's, a sub-category's or those a role requires."""
    skills = Skill.objects.filter(version=version).select_related("subcategory__category")
    if category:
        skills = skills.filter(subcategory__category__slug=category)
    if subcategory:
        skills = skills.filter(subcategory__slug=subcategory)
    if role:
        skills = skills.filter(requirements__role__slug=role, requirements__role__version=version)
    return skills.order_by("order")


def category_tree(*, version: StandardVersion) -> QuerySet[SkillCategory]:
    """Categories → sub-categories → skills of the version, prefetched in three queries."""
    return SkillCategory.objects.filter(version=version).prefetch_related(
        Prefetch(
            "subcategories",
            queryset=SkillSubcategory.objects.order_by("order").prefetch_related(
                Prefetch("skills", queryset=Skill.objects.order_by("order"))
            ),
        )
    )


def literacy_area_list(*, version: StandardVersion) -> QuerySet[LiteracyArea]:
    """The DX literacy standard's areas with their items."""
    return LiteracyArea.objects.filter(version=version).prefetch_related("items")


@dataclass(frozen=True)
class MatrixRow:
    """One line of a role's matrix: a skill and the level required (None when not required)."""

    category: SkillCategory
    subcategory: SkillSubcategory
    skill: Skill
    requirement: RoleSkillRequirement | None


def role_matrix(*, role: Role) -> list[MatrixRow]:
    """Every skill of the role's version in list order, with the role's requirement where there is one."""
    by_skill = {req.skill_id: req for req in role.requirements.all()}
    rows = []
    for category in category_tree(version=role.version):
        for sub in category.subcategories.all():
            for skill in sub.skills.all():
                rows.append(MatrixRow(category, sub, skill, by_skill.get(skill.pk)))
    return rows
