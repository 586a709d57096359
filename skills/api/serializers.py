"""Output serializers of the skill standard. Every item carries its slug and stable UUID."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from skills.models import HumanResourceType, Level, Role, RoleSkillRequirement, Skill, StandardVersion

PROVISIONAL_NOTICE = _(
    "Provisional: these levels are a demonstration matrix written for this platform, "
    "not IPA's official role × skill importance table."
)


class ProvenanceFields(serializers.Serializer):
    verification = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())


class StandardVersionOutputSerializer(serializers.ModelSerializer):
    # A version's slug carries its number ("dss-p-2.0"): not a SlugField pattern (issue #9).
    slug = serializers.CharField(help_text="e.g. dss-p-1.2")
    published_on = serializers.CharField(source="published_display")

    class Meta:
        model = StandardVersion
        fields = (
            "slug", "uuid", "part", "version", "name", "name_ja", "name_en", "published_on",
            "is_current", "roles_known", "verification", "sources",
        )  # fmt: skip


class LevelOutputSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="slug")

    class Meta:
        model = Level
        fields = ("code", "rank", "name", "name_ja", "name_en", "verification")


class RoleSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Role
        fields = ("slug", "uuid", "name", "name_ja", "name_en")


class HumanResourceTypeOutputSerializer(serializers.ModelSerializer):
    roles = RoleSummarySerializer(many=True, read_only=True)

    class Meta:
        model = HumanResourceType
        fields = ("slug", "uuid", "name", "name_ja", "name_en", "verification", "sources", "roles")


class SkillOutputSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="subcategory.category.slug")
    subcategory = serializers.CharField(source="subcategory.slug")
    category_name = serializers.CharField(source="subcategory.category.name")
    subcategory_name = serializers.CharField(source="subcategory.name")

    class Meta:
        model = Skill
        fields = (
            "slug", "uuid", "name", "name_ja", "name_en", "category", "category_name",
            "subcategory", "subcategory_name", "verification", "sources",
        )  # fmt: skip


class RequirementOutputSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.slug")
    skill_name = serializers.CharField(source="skill.name")
    category = serializers.CharField(source="skill.subcategory.category.slug")
    level = serializers.CharField(source="level.slug")
    level_name = serializers.CharField(source="level.name")

    class Meta:
        model = RoleSkillRequirement
        fields = ("skill", "skill_name", "category", "level", "level_name", "is_provisional")


class RoleOutputSerializer(serializers.ModelSerializer):
    hr_type = serializers.CharField(source="hr_type.slug")
    hr_type_name = serializers.CharField(source="hr_type.name")
    requirements = RequirementOutputSerializer(many=True, read_only=True)
    requirements_status = serializers.SerializerMethodField()
    requirements_notice = serializers.SerializerMethodField()

    class Meta:
        model = Role
        fields = (
            "slug", "uuid", "name", "name_ja", "name_en", "hr_type", "hr_type_name", "verification",
            "sources", "requirements_status", "requirements_notice", "requirements",
        )  # fmt: skip

    @extend_schema_field(serializers.ChoiceField(choices=["official", "provisional", "none"]))
    def get_requirements_status(self, role: Role) -> str:
        requirements = role.requirements.all()
        if not requirements:
            return "none"
        return "provisional" if any(r.is_provisional for r in requirements) else "official"

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_requirements_notice(self, role: Role) -> str:
        return str(PROVISIONAL_NOTICE) if self.get_requirements_status(role) == "provisional" else ""
