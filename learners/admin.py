"""Learner data in Django admin: read-only for operators (learners change their own data in the portal)."""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.types import signed_in_user

from . import services
from .models import (
    Credential,
    Enrolment,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)


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


class RevokeActionForm(ActionForm):
    reason = forms.CharField(label=_("Reason for revocation"), required=False, max_length=500)


class CredentialAdminForm(forms.ModelForm):
    revoke_reason = forms.CharField(
        label=_("Revoke with reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Give a reason and save to revoke this credential. Revoking cannot be undone."),
    )

    class Meta:
        model = Credential
        fields = ()


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin):
    """Issued certificates: read-only, except that staff allowed to change them may revoke them.

    The signed document is shown as issued; it never contains key material (only the public
    did:key), and nothing here reads the signing key.
    """

    form = CredentialAdminForm
    action_form = RevokeActionForm
    actions = ("revoke_selected",)
    list_display = ("uuid", "learner", "course", "issued_at", "revoked_at", "is_demo")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "is_demo")
    search_fields = ("uuid", "learner__email", "learner__username", "enrolment__course__slug")
    list_select_related = ("learner", "enrolment__course")
    readonly_fields = (
        "uuid",
        "learner",
        "enrolment",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "revoked_by",
        "is_demo",
        "document_json",
    )
    fieldsets = (
        (None, {"fields": ("uuid", "learner", "enrolment", "issued_at", "is_demo")}),
        (_("Revocation"), {"fields": ("revoked_at", "revocation_reason", "revoked_by", "revoke_reason")}),
        (_("Signed credential"), {"fields": ("document_json",)}),
    )

    @admin.display(description=_("course"), ordering="enrolment__course__slug")
    def course(self, credential: Credential) -> str:
        return credential.enrolment.course.slug

    @admin.display(description=_("signed credential"))
    def document_json(self, credential: Credential) -> str:
        return format_html(
            "<pre style='white-space: pre-wrap; max-width: 60rem'>{}</pre>",
            json.dumps(credential.document, ensure_ascii=False, indent=2),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return services.can_revoke_credentials(signed_in_user(request))

    def get_fieldsets(self, request: HttpRequest, obj: Credential | None = None) -> tuple:
        if (obj is not None and obj.is_revoked) or not self.has_change_permission(request, obj):
            revocation = ("revoked_at", "revocation_reason", "revoked_by")
            return (self.fieldsets[0], (_("Revocation"), {"fields": revocation}), self.fieldsets[2])
        return self.fieldsets

    def save_model(self, request: HttpRequest, obj: Credential, form: forms.Form, change: bool) -> None:
        reason = (form.cleaned_data.get("revoke_reason") or "").strip()
        if reason:
            services.credential_revoke(credential=obj, reason=reason, actor=signed_in_user(request))

    def log_change(self, request: HttpRequest, obj: Credential, message: object) -> None:  # type: ignore[override]
        """credential_revoke writes the log entry of a revocation; a save without one changes nothing."""

    @admin.action(description=_("Revoke selected credentials"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[Credential]) -> None:
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, gettext("Give a reason for revoking the credentials."), messages.ERROR)
            return
        revoked = 0
        for credential in queryset.filter(revoked_at__isnull=True).order_by("pk"):
            try:
                services.credential_revoke(
                    credential=credential, reason=reason, actor=signed_in_user(request)
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            revoked += 1
        self.message_user(
            request,
            gettext("%(count)d credentials revoked.") % {"count": revoked},
            messages.SUCCESS,
        )
