"""Programmes and their dated events in admin."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.admin import bilingual_name, in_own_language

from ..models import Audience, Event, HeadCount, Participation, Programme
from .scoping import ConsortiumScopedAdmin, LearnerField, RelatedOnly, ScopedInline, event_label


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
    list_display = ("display_name", "consortium_name", "kind", "is_qualifying", "is_demo")
    list_filter = ("kind", ("consortium", RelatedOnly), "is_qualifying", "is_demo")
    search_fields = ("name_ja", "name_en", "consortium__name_ja", "consortium__slug")
    list_select_related = ("consortium",)
    autocomplete_fields = ("consortium", "roles", "skills")
    inlines = (EventInline,)

    @admin.display(description=_("name"), ordering="name_ja")
    def display_name(self, programme: Programme) -> str:
        return bilingual_name(programme)

    @admin.display(description=_("consortium"), ordering="consortium__slug")
    def consortium_name(self, programme: Programme) -> str:
        return bilingual_name(programme.consortium)

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


class HeadCountInline(ScopedInline, admin.TabularInline):
    """Anonymous attendance by audience. Ministry viewers, who read only protected aggregates, do
    not see the exact per-event figures (the measures table publishes them protected)."""

    model = HeadCount
    person_level = True
    extra = 0
    fields = ("audience", "persons", "groups", "note")


@admin.register(Event)
class EventAdmin(ConsortiumScopedAdmin):
    list_display = ("event_name", "consortium", "starts_at", "venue_name", "prefecture", "capacity")
    list_filter = (("programme__consortium", RelatedOnly), "programme__kind", "prefecture", "starts_at")
    search_fields = ("programme__name_ja", "programme__name_en", "venue")
    list_select_related = ("programme__consortium",)
    date_hierarchy = "starts_at"
    autocomplete_fields = ("programme", "delivering_organizations")
    readonly_fields = ("uuid",)
    inlines = (HeadCountInline, ParticipationInline)

    @admin.display(description=_("event"), ordering="starts_at")
    def event_name(self, event: Event) -> str:
        return event_label(event)

    @admin.display(description=_("consortium"), ordering="programme__consortium__slug")
    def consortium(self, event: Event) -> str:
        return bilingual_name(event.programme.consortium)

    @admin.display(description=Event._meta.get_field("venue").verbose_name, ordering="venue")
    def venue_name(self, event: Event) -> str:
        return in_own_language(event.venue)
