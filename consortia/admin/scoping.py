"""The scoping every consortium admin page follows (consortia/admin/__init__.py says how).

`ConsortiumScopedAdmin` is the one base: querysets, search and autocomplete results, foreign-key
and many-to-many choices, list-filter choices and object permissions all follow the model's
CONSORTIUM_PATH; saving into another consortium is refused. `ScopedInline` is its inline
counterpart; `EventFilter` lists only the actor's events.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.admin import SavedOnlyFieldsMixin, bilingual_name
from core.models import User
from core.types import signed_in_user

from ..models import Event
from ..selectors import (
    actor_is_ministry_viewer,
    actor_sees_all_consortia,
    consortium_ids_for_actor,
    scope_queryset,
)
from ..services import consortium_ids_of, scope_check, scoped_object_save

PROVENANCE = ("verification", "sources", "provenance_note")
RelatedOnly = admin.RelatedOnlyFieldListFilter


class EventFilter(admin.RelatedOnlyFieldListFilter):
    """The events of the listed participations, named without one programme query per event."""

    def field_choices(self, field, request, model_admin):
        pks = model_admin.get_queryset(request).distinct().values_list(f"{field.name}__pk", flat=True)
        events = Event.objects.filter(pk__in=pks).select_related("programme").order_by("starts_at")
        return [(event.pk, str(event)) for event in events]


def event_label(event: Event) -> SafeString:
    """An event as its __str__ reads (programme and local start), the programme's name marked with
    its language when that is not the page's."""
    start = timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")
    return format_html("{} ({})", bilingual_name(event.programme), start)


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


class ConsortiumScopedAdmin(SavedOnlyFieldsMixin, ScopeMixin, admin.ModelAdmin):
    """Base admin for every consortium-owned model (the model declares CONSORTIUM_PATH). Its public
    identifier appears once the object is saved."""

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
