"""Consortium data in Django admin, each consortium admin scoped to their own consortia.

`ConsortiumScopedAdmin` is the one base: querysets, search and autocomplete results, foreign-key
and many-to-many choices, list-filter choices and object permissions all follow the model's
CONSORTIUM_PATH; saving into another consortium is refused. Superusers see and change everything;
the "Ministry viewer" group sees everything but participations (records of named people) and
changes nothing.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from core.files import export_formats as safe_export_formats
from core.models import User
from core.prefectures import Prefecture
from core.types import signed_in_user

from .models import (
    Audience,
    Consortium,
    ConsortiumMembership,
    Event,
    MemberOrganization,
    Participation,
    Programme,
)
from .resources import ParticipationResource
from .selectors import (
    CONSORTIUM_ADMIN_GROUP,
    actor_is_ministry_viewer,
    actor_sees_all_consortia,
    consortium_ids_for_actor,
    scope_queryset,
)
from .services import consortium_ids_of, participation_mark_attendance, scope_check, scoped_object_save

PROVENANCE = ("verification", "sources", "provenance_note")
RelatedOnly = admin.RelatedOnlyFieldListFilter


class EventFilter(admin.RelatedOnlyFieldListFilter):
    """The events of the listed participations, named without one programme query per event."""

    def field_choices(self, field, request, model_admin):
        pks = model_admin.get_queryset(request).distinct().values_list(f"{field.name}__pk", flat=True)
        events = Event.objects.filter(pk__in=pks).select_related("programme").order_by("starts_at")
        return [(event.pk, str(event)) for event in events]


if TYPE_CHECKING:  # the mixins' super() calls reach these admin classes
    _AdminBase = admin.options.BaseModelAdmin
    _InlineBase = admin.options.InlineModelAdmin
else:
    _AdminBase = _InlineBase = object

T = TypeVar("T")


class ScopeMixin(_AdminBase):
    """Scope helpers shared by model admins and inlines; results are cached on the request.

    `person_level = True` marks records of named people (participations): ministry viewers, who read
    only protected aggregates, never see them (docs/adr/0001-disclosure-control.md).
    """

    person_level = False

    def _remember(self, request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
        """`compute()` once per request (admin asks the same question for every row and link)."""
        remembered = request.__dict__.setdefault("_consortia_scope", {})
        if name not in remembered:
            remembered[name] = compute()
        return remembered[name]

    def sees_all(self, request: HttpRequest) -> bool:
        return self._remember(request, "sees_all", lambda: actor_sees_all_consortia(actor=request.user))

    def is_ministry_viewer(self, request: HttpRequest) -> bool:
        return self._remember(
            request,
            "ministry_viewer",
            lambda: not request.user.is_superuser and actor_is_ministry_viewer(actor=request.user),
        )

    def allowed_ids(self, request: HttpRequest) -> set[int]:
        return self._remember(request, "ids", lambda: consortium_ids_for_actor(actor=request.user))

    def can_read(self, request: HttpRequest, obj: models.Model | None) -> bool:
        """Any of the object's consortia is the actor's."""
        if obj is None or self.sees_all(request):
            return True
        return bool(consortium_ids_of(obj) & self.allowed_ids(request))

    def can_write(self, request: HttpRequest, obj: models.Model | None) -> bool:
        """Every consortium of the object is the actor's (a shared organisation needs all)."""
        if self.is_ministry_viewer(request):
            return False
        if obj is None or request.user.is_superuser:
            return True
        owners = consortium_ids_of(obj)
        return bool(owners) and owners <= self.allowed_ids(request)

    def scoped_formfield_queryset(self, db_field: models.Field, request: HttpRequest) -> QuerySet | None:
        related = db_field.related_model
        if isinstance(related, type) and hasattr(related, "CONSORTIUM_PATH"):
            return scope_queryset(related._default_manager.all(), actor=request.user)
        return None

    # Foreign-key and many-to-many choices offer only the actor's consortia's records.
    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any):
        queryset = self.scoped_formfield_queryset(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any):
        queryset = self.scoped_formfield_queryset(db_field, request)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ConsortiumScopedAdmin(ScopeMixin, admin.ModelAdmin):
    """Base admin for every consortium-owned model (the model declares CONSORTIUM_PATH)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), actor=request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        # Another consortium's object (or a missing one) is a 404, not admin's redirect to the index.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str) -> Any:
        # Autocomplete calls this with the target admin's queryset; scope again so no caller can widen it.
        queryset = scope_queryset(queryset, actor=request.user)
        return super().get_search_results(request, queryset, search_term)

    def has_module_permission(self, request: HttpRequest) -> bool:
        if self.is_ministry_viewer(request):
            return not self.person_level
        return super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if self.is_ministry_viewer(request):
            return not self.person_level
        return super().has_view_permission(request, obj) and self.can_read(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not self.is_ministry_viewer(request) and super().has_add_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self.can_write(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self.can_write(request, obj)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        scoped_object_save(actor=signed_in_user(request), obj=obj)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        scope_check(actor=signed_in_user(request), obj=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            scope_check(actor=signed_in_user(request), obj=obj)
        super().delete_queryset(request, queryset)


class ScopedInline(ScopeMixin, _InlineBase):
    """Inline counterpart: scoped choices and rows; read-only for ministry viewers."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(super().get_queryset(request), actor=request.user)

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        if self.is_ministry_viewer(request):
            return not self.person_level
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None) -> bool:  # type: ignore[override]  # an inline's signature
        return not self.is_ministry_viewer(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return not self.is_ministry_viewer(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return not self.is_ministry_viewer(request) and super().has_delete_permission(request, obj)


# --- Consortium ---------------------------------------------------------------------------------


class ConsortiumAdminForm(forms.ModelForm):
    prefectures = forms.MultipleChoiceField(
        label=_("prefectures covered"),
        choices=Prefecture.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Consortium
        fields = (
            "slug",
            "name_ja",
            "name_en",
            "industry",
            "region",
            "prefectures",
            "prefectures_verification",
            "meti_bureau",
            "founded_on",
            "founded_on_precision",
            "administrators",
            *PROVENANCE,
        )


@admin.register(Consortium)
class ConsortiumAdmin(ConsortiumScopedAdmin):
    form = ConsortiumAdminForm
    list_display = ("slug", "name_ja", "industry", "region", "meti_bureau", "founded_on", "verification")
    list_filter = ("industry", "region", "meti_bureau", "verification")
    search_fields = ("slug", "name_ja", "name_en")
    list_select_related = ()
    readonly_fields = ("uuid",)
    filter_horizontal = ("administrators",)

    def get_readonly_fields(self, request: HttpRequest, obj: Consortium | None = None) -> tuple[str, ...]:
        if request.user.is_superuser:
            return self.readonly_fields
        # Consortium admins edit descriptive fields only: not who administers it, nor its provenance.
        return (*self.readonly_fields, "slug", "administrators", *PROVENANCE, "prefectures_verification")

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any):
        if db_field.name == "administrators":
            kwargs["queryset"] = User.objects.filter(groups__name=CONSORTIUM_ADMIN_GROUP).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser


# --- Member organisations and memberships -------------------------------------------------------


class MembershipInline(ScopedInline, admin.TabularInline):
    model = ConsortiumMembership
    extra = 0
    fields = ("consortium", "role", "joined_on", "verification")
    autocomplete_fields = ("consortium",)

    def get_min_num(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        # A consortium admin's organisation must belong to one of their consortia, or they lose it.
        return 0 if self.sees_all(request) else 1

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any):
        kwargs["validate_min"] = not self.sees_all(request)
        return super().get_formset(request, obj, **kwargs)


@admin.register(MemberOrganization)
class MemberOrganizationAdmin(ConsortiumScopedAdmin):
    list_display = ("slug", "name_ja", "name_en", "kind", "prefecture", "verification")
    list_filter = ("kind", "prefecture", ("memberships__consortium", RelatedOnly), "verification")
    search_fields = ("slug", "name_ja", "name_en")
    list_select_related = ()
    inlines = (MembershipInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if request.user.is_superuser else PROVENANCE

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not self.sees_all(request):
            # Runs inside admin's transaction: a refusal here undoes the organisation too.
            scope_check(actor=signed_in_user(request), obj=form.instance)


@admin.register(ConsortiumMembership)
class ConsortiumMembershipAdmin(ConsortiumScopedAdmin):
    list_display = ("organization", "consortium", "role", "joined_on", "verification")
    list_filter = (("consortium", RelatedOnly), "role", "organization__kind", "verification")
    search_fields = ("organization__name_ja", "organization__name_en", "organization__slug")
    list_select_related = ("organization", "consortium")
    autocomplete_fields = ("consortium", "organization")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if request.user.is_superuser else PROVENANCE


# --- Programmes and events ---------------------------------------------------------------------


class ProgrammeAdminForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("target audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Programme
        fields = (
            "consortium",
            "name_ja",
            "name_en",
            "kind",
            "description_ja",
            "description_en",
            "audiences",
            "roles",
            "skills",
            "is_qualifying",
            "is_demo",
        )


class EventInline(ScopedInline, admin.TabularInline):
    model = Event
    extra = 0
    fields = ("starts_at", "ends_at", "venue", "prefecture", "capacity")
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(ConsortiumScopedAdmin):
    form = ProgrammeAdminForm
    list_display = ("name_ja", "consortium", "kind", "is_qualifying", "is_demo")
    list_filter = ("kind", ("consortium", RelatedOnly), "is_qualifying", "is_demo")
    search_fields = ("name_ja", "name_en", "consortium__name_ja", "consortium__slug")
    list_select_related = ("consortium",)
    autocomplete_fields = ("consortium", "roles", "skills")
    inlines = (EventInline,)

    def get_readonly_fields(self, request: HttpRequest, obj: Programme | None = None) -> tuple[str, ...]:
        # Whether a programme counts toward the national target is the ministries' decision.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, "is_qualifying")


class ParticipationInline(ScopedInline, admin.TabularInline):
    model = Participation
    person_level = True
    extra = 0
    fields = ("learner", "group_name", "students_count", "teachers_count", "others_count", "status")

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any):
        if db_field.name == "learner":
            return LearnerField(required=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Event)
class EventAdmin(ConsortiumScopedAdmin):
    list_display = ("__str__", "consortium", "starts_at", "venue", "prefecture", "capacity")
    list_filter = (("programme__consortium", RelatedOnly), "programme__kind", "prefecture", "starts_at")
    search_fields = ("programme__name_ja", "programme__name_en", "venue")
    list_select_related = ("programme__consortium",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("programme", "delivering_organizations")
    readonly_fields = ("uuid",)
    inlines = (ParticipationInline,)

    @admin.display(description=_("consortium"), ordering="programme__consortium__slug")
    def consortium(self, event: Event) -> Consortium:
        return event.programme.consortium


# --- Participations ----------------------------------------------------------------------------


class LearnerField(forms.ModelChoiceField):
    """A learner typed by username: consortium admins have no permission to browse users."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("learner (username)"))
        kwargs.setdefault("help_text", _("Leave empty for a school group."))
        super().__init__(
            # Learners only: never a staff account, and an unknown or staff username reads the same.
            queryset=User.objects.filter(is_active=True, is_staff=False, is_superuser=False),
            to_field_name="username",
            widget=forms.TextInput,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            user = User.objects.filter(pk=value).first()
            return user.username if user else value
        return super().prepare_value(value)


class ParticipationImportForm(ImportForm):
    """The import form with a size limit checked before the file is read (a participant list is a
    few hundred rows; 2 MB holds tens of thousands). Django spools larger uploads to disk, so
    memory stays bounded until this refuses them."""

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        limit = settings.CONSORTIA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s KB; participant imports are limited to %(limit)s KB.")
                % {"size": f"{-(-upload.size // 1024):,}", "limit": f"{limit // 1024:,}"},
                code="too_large",
            )
        return upload


@admin.register(Participation)
class ParticipationAdmin(ImportExportMixin, ConsortiumScopedAdmin):
    person_level = True
    resource_classes = (ParticipationResource,)
    import_formats = (CSV, XLSX)
    import_form_class = ParticipationImportForm

    class Media:
        css = {"all": ("css/admin.css",)}  # the import preview's diff colours (no inline styles)

    export_formats = safe_export_formats()  # formulas neutralised (core/files.py)
    list_display = ("participant", "event", "status", "seats", "prefecture", "registered_at")
    list_filter = (
        "status",
        ("event__programme__consortium", RelatedOnly),
        ("event", EventFilter),
        "prefecture",
        "event__starts_at",
    )
    search_fields = ("learner__username", "learner__email", "group_name", "event__programme__name_ja")
    list_select_related = ("learner", "event__programme__consortium")
    autocomplete_fields = ("event",)
    readonly_fields = ("uuid",)
    actions = ("mark_attended", "mark_no_show")

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any):
        if db_field.name == "learner":
            return LearnerField(required=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # django-import-export: the resource needs the actor; imports roll back on any invalid row.
    def get_resource_kwargs(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_resource_kwargs(request, *args, **kwargs)
        kwargs.pop("form", None)
        kwargs["actor"] = request.user
        return kwargs

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def _mark(self, request: HttpRequest, queryset: QuerySet, status: str) -> None:
        try:
            changed = participation_mark_attendance(
                actor=signed_in_user(request), participations=queryset, status=status
            )
        except PermissionDenied:
            self.message_user(
                request, _("You may only change your consortia's participants."), messages.ERROR
            )
            return
        self.message_user(
            request,
            ngettext("%(count)d participation updated.", "%(count)d participations updated.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark selected as attended"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._mark(request, queryset, Participation.Status.ATTENDED)

    @admin.action(description=_("Mark selected as no-show"), permissions=["change"])
    def mark_no_show(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._mark(request, queryset, Participation.Status.NO_SHOW)
