"""Consortia, member organisations and memberships in admin."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin import bilingual_name
from core.models import User
from core.prefectures import Prefecture
from core.types import signed_in_user

from ..models import Consortium, ConsortiumMembership, MemberOrganization
from ..selectors import CONSORTIUM_ADMIN_GROUP, consortium_activity
from ..services import scope_check
from .scoping import PROVENANCE, ConsortiumScopedAdmin, RelatedOnly, ScopedInline


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
    list_display = ("slug", "display_name", "industry", "region", "meti_bureau", "founded_on", "verification")
    list_filter = ("industry", "region", "meti_bureau", "verification")
    search_fields = ("slug", "name_ja", "name_en")
    list_select_related = ()
    readonly_fields = ("uuid",)
    filter_horizontal = ("administrators",)
    change_form_template = "admin/consortia/consortium/change_form.html"

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.activity_view)
        return [
            path("<path:object_id>/activity/", view, name="consortia_consortium_activity"),
            *super().get_urls(),
        ]

    def activity_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The consortium's activity by month: events held, head-counts by audience, named
        participants (exact; its own administrators and superusers only)."""
        consortium = self.get_object(request, object_id)
        activity = consortium_activity(actor=signed_in_user(request), consortium=consortium)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": consortium,
            "title": _("Activity of %(name)s") % {"name": consortium.name},
            "activity": activity,
        }
        return TemplateResponse(request, "admin/consortia/consortium/activity.html", context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        extra_context = {**(extra_context or {}), "shows_activity": self.shows_activity(request)}
        return super().change_view(request, object_id, form_url, extra_context)

    def shows_activity(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or not self.is_ministry_viewer(request)

    @admin.display(description=_("name"), ordering="name_ja")
    def display_name(self, consortium: Consortium) -> str:
        return bilingual_name(consortium)

    def get_readonly_fields(self, request: HttpRequest, obj: Consortium | None = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        # Consortium admins edit descriptive fields only: not who administers it, nor its provenance.
        return (*fields, "slug", "administrators", *PROVENANCE, "prefectures_verification")

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any):
        if db_field.name == "administrators":
            kwargs["queryset"] = User.objects.filter(groups__name=CONSORTIUM_ADMIN_GROUP).order_by("username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser


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
    list_display = ("slug", "display_name", "kind", "prefecture", "verification")
    list_filter = ("kind", "prefecture", ("memberships__consortium", RelatedOnly), "verification")
    search_fields = ("slug", "name_ja", "name_en")
    list_select_related = ()
    inlines = (MembershipInline,)

    @admin.display(description=_("name"), ordering="name_ja")
    def display_name(self, organization: MemberOrganization) -> str:
        return bilingual_name(organization)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if request.user.is_superuser else PROVENANCE

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not self.sees_all(request):
            # Runs inside admin's transaction: a refusal here undoes the organisation too.
            scope_check(actor=signed_in_user(request), obj=form.instance)


@admin.register(ConsortiumMembership)
class ConsortiumMembershipAdmin(ConsortiumScopedAdmin):
    list_display = ("organization_name", "consortium_name", "role", "joined_on", "verification")
    list_filter = (("consortium", RelatedOnly), "role", "organization__kind", "verification")
    search_fields = ("organization__name_ja", "organization__name_en", "organization__slug")
    list_select_related = ("organization", "consortium")
    autocomplete_fields = ("consortium", "organization")

    @admin.display(description=_("member organisation"), ordering="organization__name_ja")
    def organization_name(self, membership: ConsortiumMembership) -> str:
        return bilingual_name(membership.organization)

    @admin.display(description=_("consortium"), ordering="consortium__slug")
    def consortium_name(self, membership: ConsortiumMembership) -> str:
        return bilingual_name(membership.consortium)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return () if request.user.is_superuser else PROVENANCE
