"""Plain helpers of the skills tests (fixtures are in conftest.py)."""

from typing import Any

from django.db.models import Model

from skills.models import (
    HumanResourceType,
    Level,
    LiteracyArea,
    LiteracyItem,
    Role,
    RoleSkillRequirement,
    Skill,
    SkillCategory,
    SkillSubcategory,
    StandardVersion,
)

STANDARD_MODELS: tuple[type[Model], ...] = (
    StandardVersion,
    HumanResourceType,
    Role,
    Level,
    SkillCategory,
    SkillSubcategory,
    Skill,
    RoleSkillRequirement,
    LiteracyArea,
    LiteracyItem,
)


def standard_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the standard, every field included (updated_at too)."""
    return {
        str(model._meta.model_name): list(model._default_manager.order_by("pk").values())
        for model in STANDARD_MODELS
    }


def version_of(data: dict, slug: str) -> dict:
    """The entry of one version in a parsed standard file."""
    return next(v for v in data["versions"] if v["slug"] == slug)


def skills_of(version: dict) -> list[dict]:
    """Every skill entry of a version entry, in file order."""
    return [k for c in version.get("categories", []) for s in c["subcategories"] for k in s["skills"]]


def standard_delete() -> None:
    """Delete every row of the standard, children first (several foreign keys PROTECT)."""
    children_first: tuple[type[Model], ...] = (
        RoleSkillRequirement,
        Role,
        Skill,
        SkillSubcategory,
        Level,
        StandardVersion,
    )
    for model in children_first:
        model._default_manager.all().delete()
    for model in STANDARD_MODELS:
        assert model._default_manager.count() == 0
