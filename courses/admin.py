"""The catalogue in Django admin: staff edit it with the usual model permissions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import SavedOnlyFieldsMixin, bilingual_name

from .models import Choice, Course, CourseRole, CourseSkill, Lesson, Module, Provider, Question, Quiz


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("slug", "display_name", "kind", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("slug", "name_ja", "name_en")
    list_select_related = ()
    autocomplete_fields = ("staff",)

    @admin.display(description=_("name"), ordering="name_ja")
    def display_name(self, provider: Provider) -> str:
        return bilingual_name(provider)


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ("order", "title_ja", "title_en")
    show_change_link = True


class CourseRoleInline(admin.TabularInline):
    model = CourseRole
    extra = 0
    autocomplete_fields = ("role", "level")


class CourseSkillInline(admin.TabularInline):
    model = CourseSkill
    extra = 0
    autocomplete_fields = ("skill", "level")


@admin.register(Course)
class CourseAdmin(SavedOnlyFieldsMixin, admin.ModelAdmin):
    list_display = (
        "slug", "title_ja", "provider", "format", "hours", "price_yen", "level", "prefecture",
        "is_published", "is_demo",
    )  # fmt: skip
    list_filter = ("is_published", "format", "level", "language", "prefecture", "provider__kind", "is_demo")
    search_fields = ("slug", "title_ja", "title_en", "provider__name_ja", "provider__name_en")
    list_select_related = ("provider",)
    autocomplete_fields = ("provider",)
    readonly_fields = ("uuid", "activity_iri", "created_at", "updated_at")
    saved_only_fields = readonly_fields  # the IRI is made of the identifier
    inlines = (CourseRoleInline, CourseSkillInline, ModuleInline)

    @admin.display(description=_("xAPI activity IRI"))
    def activity_iri(self, course: Course) -> str:
        return course.activity_iri


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ("order", "title_ja", "title_en", "kind", "url", "is_required", "estimated_minutes")
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title_ja", "course", "order")
    list_filter = ("course__provider",)
    search_fields = ("title_ja", "title_en", "course__slug", "course__title_ja")
    list_select_related = ("course",)
    autocomplete_fields = ("course",)
    inlines = (LessonInline,)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title_ja", "module", "order", "kind", "is_required", "estimated_minutes")
    list_filter = ("kind", "is_required")
    search_fields = ("title_ja", "title_en", "module__course__slug", "module__course__title_ja")
    list_select_related = ("module",)
    autocomplete_fields = ("module",)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ("lesson", "pass_mark")
    list_filter = ("lesson__module__course__provider",)
    search_fields = ("lesson__title_ja", "lesson__module__course__slug")
    list_select_related = ("lesson",)
    autocomplete_fields = ("lesson",)


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text_ja", "quiz", "order")
    list_filter = ("quiz__lesson__module__course__provider",)
    search_fields = ("text_ja", "text_en", "quiz__lesson__module__course__slug")
    list_select_related = ("quiz__lesson",)
    autocomplete_fields = ("quiz",)
    inlines = (ChoiceInline,)


@admin.register(CourseRole)
class CourseRoleAdmin(admin.ModelAdmin):
    list_display = ("course", "role", "level")
    list_filter = ("role__hr_type", "level__slug")
    search_fields = ("course__slug", "course__title_ja", "role__slug", "role__name_ja")
    list_select_related = ("course", "role", "level")
    autocomplete_fields = ("course", "role", "level")


@admin.register(CourseSkill)
class CourseSkillAdmin(admin.ModelAdmin):
    list_display = ("course", "skill", "level")
    list_filter = ("skill__subcategory__category", "level__slug")
    search_fields = ("course__slug", "course__title_ja", "skill__slug", "skill__name_ja")
    list_select_related = ("course", "skill", "level")
    autocomplete_fields = ("course", "skill", "level")
