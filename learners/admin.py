"""Learner data in Django admin: read-only for operators (learners change their own data in the portal)."""

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.types import signed_in_user

from . import services
from .models import (
    Credential,
    Enrolment,
    ExamPass,
    ExternalCompletion,
    IssuerKey,
    LearnerIdentifier,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    StatusList,
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


@admin.register(ExamPass)
class ExamPassAdmin(ReadOnlyAdmin):
    """IPA exam passes, recorded by learners or uploaded by a provider (provider and its record id)."""

    list_display = ("learner", "exam", "passed_on", "provider", "record_id", "voided_at", "updated_at")
    list_filter = (
        "exam",
        ("provider", admin.RelatedOnlyFieldListFilter),
        ("voided_at", admin.EmptyFieldListFilter),
    )
    search_fields = ("learner__username", "learner__email", "exam__code", "record_id")
    list_select_related = ("learner", "exam", "provider")
    readonly_fields = ("learner", "exam", "passed_on", "certificate_number", "provider", "record_id",
                       "voided_at", "void_reason", "created_at", "updated_at")  # fmt: skip


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
        "status_list",
        "status_index",
    )
    fieldsets = (
        (None, {"fields": ("uuid", "learner", "enrolment", "issued_at", "is_demo")}),
        (
            _("Revocation"),
            {
                "fields": (
                    "revoked_at",
                    "revocation_reason",
                    "revoked_by",
                    "revoke_reason",
                    "status_list",
                    "status_index",
                )
            },
        ),
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


def _provider_scoped(queryset: QuerySet, request: HttpRequest) -> QuerySet:
    """Superusers see every provider's rows; provider staff their providers' rows only."""
    if request.user.is_superuser:
        return queryset
    return queryset.filter(provider__staff=signed_in_user(request)).distinct()


class ProviderScopedMixin(admin.ModelAdmin):
    """Rows of the actor's providers only; another provider's row (or a missing one) is a 404."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return _provider_scoped(super().get_queryset(request), request)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class ResolveActionForm(ActionForm):
    note = forms.CharField(label=_("How the dispute was resolved"), required=False, max_length=2000)


@admin.register(ExternalCompletion)
class ExternalCompletionAdmin(ProviderScopedMixin):
    """Completions providers reported (xAPI, uploads): read-only; open disputes are resolved here by a
    superuser or the provider's staff, with a note."""

    action_form = ResolveActionForm
    actions = ("confirm_record", "withdraw_record")
    # Status first and the course by slug: the list fits beside admin's sidebar at 1280 px
    list_display = ("status", "learner", "course_slug", "completed_at", "disputed_at")
    list_filter = ("status", "channel", ("provider", admin.RelatedOnlyFieldListFilter))
    search_fields = ("learner__username", "learner__email", "course__slug", "record_id", "=uuid")
    list_select_related = ("learner", "course", "provider")
    readonly_fields = ("uuid", "learner", "provider", "course", "record_id", "channel", "completed_at",
                       "score_scaled", "status", "dispute_reason", "disputed_at", "resolved_at", "resolved_by",
                       "resolution_note")  # fmt: skip

    @admin.display(description=_("course"), ordering="course__slug")
    def course_slug(self, completion: ExternalCompletion) -> str:
        return completion.course.slug

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def _resolve(self, request: HttpRequest, queryset: QuerySet[ExternalCompletion], *, upheld: bool) -> None:
        note = request.POST.get("note", "").strip()
        if not note:
            self.message_user(request, gettext("Say how the dispute was resolved."), messages.ERROR)
            return
        resolved = 0
        for completion in queryset.filter(status=ExternalCompletion.Status.DISPUTED).order_by("pk"):
            try:
                services.external_completion_resolve(
                    actor=signed_in_user(request), completion=completion, upheld=upheld, note=note
                )
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            resolved += 1
        self.message_user(
            request, gettext("%(count)d disputes resolved.") % {"count": resolved}, messages.SUCCESS
        )

    @admin.action(
        description=_("Resolve disputes: the record stands and counts again"), permissions=["change"]
    )
    def confirm_record(self, request: HttpRequest, queryset: QuerySet[ExternalCompletion]) -> None:
        self._resolve(request, queryset, upheld=False)

    @admin.action(description=_("Resolve disputes: withdraw the record"), permissions=["change"])
    def withdraw_record(self, request: HttpRequest, queryset: QuerySet[ExternalCompletion]) -> None:
        self._resolve(request, queryset, upheld=True)


class LearnerIdentifierForm(forms.ModelForm):
    learner = forms.ModelChoiceField(
        label=_("learner (username)"),
        queryset=User.objects.filter(is_active=True, is_staff=False, is_superuser=False),
        to_field_name="username",
        widget=forms.TextInput,
    )

    class Meta:
        model = LearnerIdentifier
        fields = ("provider", "value", "learner")
        labels = {"value": _("the provider's id for the learner")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = LearnerIdentifier.Kind.ACCOUNT


@admin.register(LearnerIdentifier)
class LearnerIdentifierAdmin(ProviderScopedMixin):
    """Provider-issued learner ids (xAPI account names), linked by the provider's staff; hashed
    mailboxes are written when an address is verified and seen by superusers only."""

    form = LearnerIdentifierForm
    list_display = ("kind", "value", "provider", "learner", "created_at")
    list_filter = ("kind", ("provider", admin.RelatedOnlyFieldListFilter))
    search_fields = ("value", "learner__username")
    list_select_related = ("provider", "learner")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # a link is added or deleted, never re-pointed at someone else

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "provider":
            from courses.models import Provider

            providers = Provider.objects.all()
            kwargs["queryset"] = (
                providers if request.user.is_superuser else providers.filter(staff=signed_in_user(request))
            )
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: LearnerIdentifier, form: forms.Form, change: bool
    ) -> None:
        if obj.provider is None:
            raise ValidationError({"provider": gettext("Choose the provider that issued the id.")})
        services.learner_account_link(provider=obj.provider, account_name=obj.value, learner=obj.learner)


@admin.register(StatusList)
class StatusListAdmin(admin.ModelAdmin):
    """The public revocation lists: read-only (a bit changes only by revoking a credential)."""

    list_display = ("uuid", "purpose", "size", "allocated", "updated_at")
    list_filter = ("purpose",)
    search_fields = ("uuid",)
    list_select_related = ()
    fields = ("uuid", "purpose", "size", "allocated", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StatusList | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StatusList | None = None) -> bool:
        return False


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    """Public keys the platform has signed with (rotate_credential_key records them): read-only."""

    list_display = ("public_key_multibase", "created_at", "retired_at")
    list_filter = (("retired_at", admin.EmptyFieldListFilter),)
    search_fields = ("public_key_multibase",)
    list_select_related = ()
    fields = ("public_key_multibase", "created_at", "retired_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IssuerKey | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: IssuerKey | None = None) -> bool:
        return False
