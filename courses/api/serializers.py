"""Output serializers of the course catalogue. Courses are identified by slug and UUID."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courses.models import Course, CourseRole, CourseSkill, Lesson, Module, Provider


class ProviderOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ("slug", "name", "name_ja", "name_en", "kind", "url")


class CourseRoleOutputSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="role.slug")
    role_name = serializers.CharField(source="role.name")
    hr_type = serializers.CharField(source="role.hr_type.slug")
    level = serializers.CharField(source="level.slug")
    level_name = serializers.CharField(source="level.name")

    class Meta:
        model = CourseRole
        fields = ("role", "role_name", "hr_type", "level", "level_name")


class CourseSkillOutputSerializer(serializers.ModelSerializer):
    skill = serializers.CharField(source="skill.slug")
    skill_name = serializers.CharField(source="skill.name")
    category = serializers.CharField(source="skill.subcategory.category.slug")
    level = serializers.CharField(source="level.slug")
    level_name = serializers.CharField(source="level.name")

    class Meta:
        model = CourseSkill
        fields = ("skill", "skill_name", "category", "level", "level_name")


class LessonOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ("order", "title", "title_ja", "title_en", "kind", "is_required", "estimated_minutes")


class ModuleOutputSerializer(serializers.ModelSerializer):
    lessons = LessonOutputSerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ("order", "title", "title_ja", "title_en", "lessons")


class CourseOutputSerializer(serializers.ModelSerializer):
    """A course in the catalogue: facts, provider and the roles it targets."""

    title = serializers.CharField()
    provider = ProviderOutputSerializer(read_only=True)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, coerce_to_string=False)
    is_free = serializers.BooleanField()
    prefecture_name = serializers.SerializerMethodField()
    roles = CourseRoleOutputSerializer(source="course_roles", many=True, read_only=True)
    activity_iri = serializers.CharField(
        help_text="The xAPI activity IRI providers report completions of this course by."
    )

    class Meta:
        model = Course
        fields: tuple[str, ...] = (
            "slug", "uuid", "title", "title_ja", "title_en", "provider", "format", "hours", "price_yen",
            "is_free", "language", "level", "prefecture", "prefecture_name", "starts_on", "ends_on", "roles",
            "activity_iri",
        )  # fmt: skip

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_prefecture_name(self, course: Course) -> str | None:
        return course.get_prefecture_display() if course.prefecture else None


class CourseDetailOutputSerializer(CourseOutputSerializer):
    """A course with its summary, the skills it builds and its outline."""

    summary = serializers.CharField()
    skills = CourseSkillOutputSerializer(source="course_skills", many=True, read_only=True)
    modules = ModuleOutputSerializer(many=True, read_only=True)

    class Meta(CourseOutputSerializer.Meta):
        fields = (
            *CourseOutputSerializer.Meta.fields, "summary", "summary_ja", "summary_en", "skills", "modules",
        )  # fmt: skip
