"""Data exchange in Django admin, scoped by provider: superusers see every provider; provider staff
(the "Provider staff" group, linked through Provider.staff) see and manage only their own providers'
credentials, credential uses, statements and review queue."""

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import APIKey

from core.models import User
from core.types import signed_in_user
from courses.models import Provider

from . import services, uploads
from .models import (
    CredentialUse,
    ProviderCredential,
    Statement,
    UploadBatch,
    UploadError,
    UploadWaitingRow,
    WaitingStatement,
)
from .selectors import actor_sees_all_providers, provider_ids_for_actor, scope_by_provider

# The library's own key model is unused (provider credentials subclass it): keep it out of admin.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class ProviderScopedAdmin(admin.ModelAdmin):
    """Rows, provider choices and object permissions follow the actor's providers."""

    def _provider_ids(self, request: HttpRequest) -> set[int]:
        cache = request.__dict__.setdefault("_exchange_providers", {})
        if "ids" not in cache:
            cache["ids"] = provider_ids_for_actor(actor=request.user)
        return cache["ids"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_by_provider(super().get_queryset(request), actor=signed_in_user(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _owns(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None or actor_sees_all_providers(actor=request.user):
            return True
        return obj.provider_id in self._provider_ids(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and (
            actor_sees_all_providers(actor=request.user) or bool(self._provider_ids(request))
        )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            super().has_view_permission(request, obj)
            and self.has_module_permission(request)
            and self._owns(request, obj)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return (
            super().has_change_permission(request, obj)
            and self.has_module_permission(request)
            and self._owns(request, obj)
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # records of what providers sent are kept; credentials are revoked, not deleted

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.related_model is Provider:
            kwargs["queryset"] = scope_by_provider(
                Provider.objects.all(), actor=signed_in_user(request), path="pk"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssignActionForm(ActionForm):
    learner = forms.CharField(label=_("learner (username)"), required=False, max_length=150)


class AssignToLearnerMixin(ProviderScopedAdmin):
    """The review queues' action: record the selected items for the learner typed in the action bar."""

    action_form = AssignActionForm
    actions = ("assign_to_learner",)
    recorded_message = _("%(count)d completions recorded.")

    def assign(self, request: HttpRequest, queryset: QuerySet, learner: User) -> int:
        raise NotImplementedError

    @admin.action(description=_("Record for the learner named below"), permissions=["change"])
    def assign_to_learner(self, request: HttpRequest, queryset: QuerySet) -> None:
        username = request.POST.get("learner", "").strip()
        learner = User.objects.filter(
            username=username, is_active=True, is_staff=False, is_superuser=False
        ).first()
        if learner is None:
            self.message_user(request, gettext("No learner has that username."), messages.ERROR)
            return
        try:
            recorded = self.assign(request, queryset, learner)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, str(self.recorded_message) % {"count": recorded}, messages.SUCCESS)


class ProviderFilter(admin.SimpleListFilter):
    title = _("provider")
    parameter_name = "provider"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        providers = scope_by_provider(Provider.objects.all(), actor=signed_in_user(request), path="pk")
        return [(str(provider.pk), str(provider)) for provider in providers]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.filter(provider_id=self.value()) if self.value() else queryset


@admin.register(ProviderCredential)
class ProviderCredentialAdmin(ProviderScopedAdmin):
    """Create a credential (its secret is shown once), see its uses, revoke it."""

    list_display = ("name", "provider", "prefix", "created", "last_used_at", "expiry_date", "revoked")
    list_filter = (ProviderFilter, "revoked")
    search_fields = ("name", "prefix", "provider__slug", "provider__name_ja")
    list_select_related = ("provider",)
    actions = ("revoke_selected",)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("provider", "name", "expiry_date")
        return ("provider", "name", "prefix", "created", "created_by", "last_used_at", "expiry_date", "revoked",
                "revoked_at", "uses_link")  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("provider", "prefix", "created", "created_by", "last_used_at", "revoked", "revoked_at", "uses_link",
                *(("name", "expiry_date") if obj.revoked else ()))  # fmt: skip

    @admin.display(description=_("uses"))
    def uses_link(self, credential: ProviderCredential) -> str:
        return format_html(
            '<a href="../../../credentialuse/?credential__id__exact={}">{}</a>',
            credential.pk,
            gettext("%(count)d recorded uses") % {"count": credential.uses.count()},
        )

    def save_model(
        self, request: HttpRequest, obj: ProviderCredential, form: forms.Form, change: bool
    ) -> None:
        if change:
            obj.save(update_fields=["name", "expiry_date"])
            return
        key = services.credential_create(actor=signed_in_user(request), credential=obj)
        username, _dot, secret = key.partition(".")
        self.message_user(
            request,
            format_html(
                "{}<br><code>{}</code>: <strong><code>{}</code></strong><br><code>{}</code>: "
                "<strong><code>{}</code></strong>",
                gettext("Store this secret now: it is shown only once and cannot be recovered."),
                gettext("User name (HTTP Basic)"),
                username,
                gettext("Password (secret)"),
                secret,
            ),
            messages.WARNING,
        )

    @admin.action(description=_("Revoke selected credentials (cannot be undone)"), permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ProviderCredential]) -> None:
        count = 0
        for credential in queryset.filter(revoked=False):
            services.credential_revoke(credential=credential)
            count += 1
        self.message_user(
            request, gettext("%(count)d credentials revoked.") % {"count": count}, messages.SUCCESS
        )


@admin.register(CredentialUse)
class CredentialUseAdmin(ProviderScopedAdmin):
    """Every use of a credential: who (which credential), when, what (method, path, statements), result."""

    list_display = (
        "used_at",
        "credential",
        "provider",
        "method",
        "path",
        "status_code",
        "statements",
        "detail",
    )
    list_filter = (ProviderFilter, "status_code", "method")
    search_fields = ("credential__prefix", "credential__name", "path", "detail")
    list_select_related = ("credential", "provider")
    date_hierarchy = "used_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StatementAdminBase(ProviderScopedAdmin):
    list_display = ("statement_id", "provider", "verb_id", "activity_id", "actor_key", "stored", "completion",
                    "is_voided")  # fmt: skip
    list_filter = (ProviderFilter, "completion", "is_voided")
    search_fields = ("=statement_id", "actor_key", "activity_id")
    list_select_related = ("provider",)
    readonly_fields = ("statement_id", "provider", "credential", "verb_id", "activity_id", "actor_key", "stored",
                       "timestamp", "voids", "is_voided", "completion", "course", "learner", "document_json")  # fmt: skip
    exclude = ("document", "fingerprint")

    @admin.display(description=_("statement"))
    def document_json(self, statement: Statement) -> str:
        return format_html(
            "<pre style='white-space: pre-wrap; max-width: 60rem'>{}</pre>",
            json.dumps(statement.document, ensure_ascii=False, indent=2),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Statement)
class StatementAdmin(StatementAdminBase):
    """Statements as stored: read-only (providers void them through the API)."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WaitingStatement)
class WaitingStatementAdmin(AssignToLearnerMixin, StatementAdminBase):
    """The review queue: completions for people not yet matched. They are matched automatically when
    the person registers and verifies the address; staff can also say who the person is."""

    def get_list_filter(self, request: HttpRequest) -> Any:
        return (ProviderFilter,)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(completion=Statement.Completion.WAITING)

    def assign(self, request: HttpRequest, queryset: QuerySet, learner: User) -> int:
        return sum(
            services.waiting_statement_assign(
                actor=signed_in_user(request), statement=statement, learner=learner
            )
            for statement in queryset.select_related("provider")
        )


class UploadErrorInline(admin.TabularInline):
    model = UploadError
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("row", "column", "reason")
    readonly_fields = fields


@admin.register(UploadBatch)
class UploadBatchAdmin(ProviderScopedAdmin):
    """Every uploaded file: who, when, name, checksum, encoding, counts and outcome; its errors."""

    list_display = ("uploaded_at", "file_name", "provider", "kind", "outcome", "rows_total", "rows_stored",
                    "rows_waiting", "rows_invalid")  # fmt: skip
    list_filter = (ProviderFilter, "outcome", "kind")
    search_fields = ("file_name", "checksum", "=uuid")
    list_select_related = ("provider",)
    readonly_fields = ("uuid", "provider", "kind", "uploaded_by", "credential", "uploaded_at", "file_name",
                       "size_bytes", "checksum", "file_format", "encoding", "rows_total", "rows_stored",
                       "rows_existing", "rows_waiting", "rows_invalid", "outcome", "seconds")  # fmt: skip
    inlines = (UploadErrorInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(UploadWaitingRow)
class UploadWaitingRowAdmin(AssignToLearnerMixin):
    """The review queue of uploaded completions and IPA exam passes: matched automatically when the
    person registers and verifies the address; staff can also say who the person is."""

    list_display = ("record_id", "kind", "provider", "email", "learner_ref", "subject", "day")
    list_filter = (ProviderFilter, "kind")
    search_fields = ("record_id", "email", "learner_ref")
    list_select_related = ("provider", "course", "exam")
    recorded_message = _("%(count)d uploaded rows recorded.")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and obj.kind == UploadWaitingRow.Kind.EXAM_PASSES:
            return ("batch", "provider", "kind", "record_id", "email", "learner_ref", "exam", "passed_on",
                    "certificate_number")  # fmt: skip
        return ("batch", "provider", "kind", "record_id", "email", "learner_ref", "course", "completed_at",
                "score_scaled")  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.get_fields(request, obj)

    @admin.display(description=_("course or exam"))
    def subject(self, row: UploadWaitingRow) -> str:
        if row.kind == UploadWaitingRow.Kind.EXAM_PASSES and row.exam is not None:
            return row.exam.code
        return row.course.slug if row.course is not None else ""

    @admin.display(description=_("completed or passed on"))
    def day(self, row: UploadWaitingRow) -> str:
        when = row.passed_on or (timezone.localdate(row.completed_at) if row.completed_at else None)
        return when.isoformat() if when else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def assign(self, request: HttpRequest, queryset: QuerySet, learner: User) -> int:
        return uploads.waiting_rows_assign(
            actor=signed_in_user(request), rows=list(queryset), learner=learner
        )
