"""The standard in Django admin: visible to staff with view permission, changeable by superusers only."""

from typing import ClassVar

from django.contrib import admin
from django.http import HttpRequest

from core.admin import SavedOnlyFieldsMixin

from .models import (
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


class SuperuserWriteAdmin(SavedOnlyFieldsMixin, admin.ModelAdmin):
    """Staff may look (with the view permission); only superusers add, change or delete. The
    identifier appears once a row is saved."""

    readonly_fields = ("uuid",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_superuser


PROVENANCE = ("verification", "sources", "provenance_note")


@admin.register(StandardVersion)
class StandardVersionAdmin(SuperuserWriteAdmin):
    list_display = (
        "slug",
        "name_ja",
        "version",
        "part",
        "published_on",
        "is_current",
        "roles_known",
        "verification",
    )
    list_filter = ("part", "is_current", "verification")
    search_fields = ("slug", "name_ja", "name_en", "version")


class VersionedRowAdmin(SuperuserWriteAdmin):
    list_display: tuple[str, ...] = ("slug", "name_ja", "name_en", "version", "verification")
    list_filter: ClassVar[tuple[str, ...]] = ("version", "verification")
    search_fields: ClassVar[tuple[str, ...]] = ("slug", "name_ja", "name_en")
    list_select_related: ClassVar[tuple[str, ...]] = ("version",)


@admin.register(HumanResourceType)
class HumanResourceTypeAdmin(VersionedRowAdmin):
    pass


@admin.register(Role)
class RoleAdmin(VersionedRowAdmin):
    list_display = ("slug", "name_ja", "name_en", "hr_type", "version", "verification")
    list_filter = ("version", "hr_type", "verification")
    list_select_related = ("version", "hr_type")
    autocomplete_fields = ("hr_type",)


@admin.register(SkillCategory)
class SkillCategoryAdmin(VersionedRowAdmin):
    pass


@admin.register(SkillSubcategory)
class SkillSubcategoryAdmin(VersionedRowAdmin):
    list_display = ("slug", "name_ja", "name_en", "category", "version", "verification")
    list_select_related = ("version", "category")
    autocomplete_fields = ("category",)


@admin.register(Skill)
class SkillAdmin(VersionedRowAdmin):
    list_display = ("slug", "name_ja", "name_en", "subcategory", "version", "verification")
    list_filter = ("version", "subcategory__category", "verification")
    list_select_related = ("version", "subcategory")
    autocomplete_fields = ("subcategory",)


@admin.register(Level)
class LevelAdmin(VersionedRowAdmin):
    list_display = ("slug", "rank", "name_ja", "name_en", "version", "verification")


@admin.register(LiteracyArea)
class LiteracyAreaAdmin(VersionedRowAdmin):
    pass


@admin.register(LiteracyItem)
class LiteracyItemAdmin(VersionedRowAdmin):
    list_display = ("slug", "name_ja", "name_en", "area", "verification")
    list_select_related = ("version", "area")


@admin.register(RoleSkillRequirement)
class RoleSkillRequirementAdmin(SuperuserWriteAdmin):
    list_display = ("role", "skill", "level", "is_provisional", "source")
    list_filter = ("is_provisional", "level__slug", "role__version", "role")
    search_fields = ("role__slug", "role__name_ja", "skill__slug", "skill__name_ja")
    list_select_related = ("role", "skill", "level")
    autocomplete_fields = ("role", "skill", "level")
