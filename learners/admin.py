"""Learner data in Django admin: read-only for operators (learners change their own data in the portal)."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Enrolment, LearnerProfile, LessonCompletion, QuizAttempt, SelfAssessment, TargetRole


class ReadOnlyAdmin(admin.ModelAdmin):
    """Personal learning records are written only through the learners' services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(LearnerProfile)
class LearnerProfileAdmin(ReadOnlyAdmin):
    list_display = (
        "user",
        "prefecture",
        "age_band",
        "employment_status",
        "industry",
        "consents_to_statistics",
    )
    list_filter = ("prefecture", "age_band", "employment_status", "industry", "consents_to_statistics")
    search_fields = ("user__email", "user__username", "organisation")
    list_select_related = ("user",)


class LessonCompletionInline(admin.TabularInline):
    model = LessonCompletion
    extra = 0
    fields = ("lesson", "completed_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Enrolment)
class EnrolmentAdmin(ReadOnlyAdmin):
    list_display = ("uuid", "learner", "course", "created_at", "completed_at")
    list_filter = (("completed_at", admin.EmptyFieldListFilter),)
    search_fields = ("uuid", "learner__email", "course__slug", "course__title_ja")
    list_select_related = ("learner", "course")
    inlines = (LessonCompletionInline,)


@admin.register(QuizAttempt)
class QuizAttemptAdmin(ReadOnlyAdmin):
    list_display = ("enrolment", "quiz", "score", "is_passed", "created_at")
    list_filter = ("is_passed",)
    search_fields = ("enrolment__learner__email", "enrolment__course__slug")
    list_select_related = ("enrolment__learner", "enrolment__course", "quiz__lesson")


@admin.register(TargetRole)
class TargetRoleAdmin(ReadOnlyAdmin):
    list_display = ("learner", "role", "updated_at")
    list_filter = ("role__hr_type",)
    search_fields = ("learner__email", "role__slug", "role__name_ja")
    list_select_related = ("learner", "role")


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("learner", "skill", "level", "updated_at")
    list_filter = ("level__slug",)
    search_fields = ("learner__email", "skill__slug", "skill__name_ja")
    list_select_related = ("learner", "skill", "level")
