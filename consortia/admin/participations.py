"""Participations in admin: attendance, and import and export of participants."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from core.files import UnknownEncodingError, decode_text
from core.files import export_formats as safe_export_formats
from core.types import signed_in_user

from ..models import HeadCount, Participation
from ..resources import HeadCountResource, ParticipationResource
from ..services import participation_mark_attendance
from .scoping import ConsortiumScopedAdmin, EventFilter, LearnerField, RelatedOnly


class ParticipationImportForm(ImportForm):
    """The import form (participants and head-counts) with a size limit checked before the file is
    read (a participant list is a few hundred rows; 2 MB holds tens of thousands). Django spools larger uploads to disk, so
    memory stays bounded until this refuses them."""

    def __init__(self, formats: list, resources: list, **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        self.import_formats = formats
        self.detected_encoding = ""

    def clean_import_file(self) -> Any:
        upload = self.cleaned_data["import_file"]
        limit = settings.CONSORTIA_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s KB; imports are limited to %(limit)s KB.")
                % {"size": f"{-(-upload.size // 1024):,}", "limit": f"{limit // 1024:,}"},
                code="too_large",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        """A CSV file in UTF-8 with a BOM, UTF-8 or Shift_JIS (Excel's CSV in Japan) is read as
        such and handed on as UTF-8; `detected_encoding` names what was used."""
        cleaned = super().clean() or self.cleaned_data
        upload = cleaned.get("import_file")
        chosen = cleaned.get("format")
        self.detected_encoding = ""
        if upload is None or chosen in (None, "") or self.import_formats[int(chosen)]().is_binary():
            return cleaned
        upload.seek(0)
        try:
            text, self.detected_encoding = decode_text(upload.read())
        except UnknownEncodingError:
            self.add_error(
                "import_file",
                _("The file is neither UTF-8 nor Shift_JIS (cp932); save it as CSV in one of them."),
            )
            return cleaned
        cleaned["import_file"] = SimpleUploadedFile(upload.name, text.encode("utf-8"), "text/csv")
        return cleaned


class ScopedImportAdmin(ImportExportMixin, ConsortiumScopedAdmin):
    """Import and export for a consortium-owned model: the resource gets the actor (and checks
    every row against their consortia), a file is refused whole on any bad row, CSV files are read
    in UTF-8, UTF-8 with a BOM or Shift_JIS, and exports neutralise formulas."""

    import_formats = (CSV, XLSX)
    import_form_class = ParticipationImportForm

    class Media:
        css = {"all": ("css/admin.css",)}  # the import preview's diff colours (no inline styles)

    export_formats = safe_export_formats()  # formulas neutralised (core/files.py)

    def create_import_form(self, request: HttpRequest) -> Any:
        form = super().create_import_form(request)
        request._participation_import_form = form  # type: ignore[attr-defined]  # read in import_action
        return form

    def import_action(self, request: HttpRequest, **kwargs: Any) -> Any:
        """The preview says which encoding the CSV file was read in."""
        response = super().import_action(request, **kwargs)
        form = getattr(request, "_participation_import_form", None)
        if isinstance(form, ParticipationImportForm) and form.detected_encoding:
            messages.info(
                request, _("The file was read as %(encoding)s.") % {"encoding": form.detected_encoding}
            )
        return response

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


@admin.register(Participation)
class ParticipationAdmin(ScopedImportAdmin):
    person_level = True
    resource_classes = (ParticipationResource,)
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


@admin.register(HeadCount)
class HeadCountAdmin(ScopedImportAdmin):
    """Anonymous head-counts by event and audience, typed in or imported (CSV or XLSX)."""

    person_level = True  # exact per-event figures: not for ministry viewers (see HeadCountInline)
    resource_classes = (HeadCountResource,)
    list_display = ("event", "audience", "persons", "groups", "consortium")
    list_filter = ("audience", ("event__programme__consortium", RelatedOnly), ("event", EventFilter))
    search_fields = ("event__programme__name_ja", "event__programme__name_en", "event__venue", "note")
    list_select_related = ("event__programme__consortium",)
    autocomplete_fields = ("event",)

    @admin.display(description=_("consortium"), ordering="event__programme__consortium__slug")
    def consortium(self, head_count: HeadCount) -> str:
        return str(head_count.event.programme.consortium)
