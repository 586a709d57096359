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
from django.utils.translation import ngettext, pgettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

from core.admin import bilingual_name, in_own_language
from core.exceptions import ApplicationError
from core.files import UnknownEncodingError, decode_text
from core.files import export_formats as safe_export_formats
from core.types import signed_in_user

from ..models import HeadCount, Participation
from ..resources import HeadCountResource, ParticipationResource, registered_on_display
from ..services import participation_mark_attendance
from .scoping import ConsortiumScopedAdmin, EventFilter, LearnerField, RelatedOnly, event_label

# The file's format (CSV or XLSX). The library's bare "Format" would take the project's translation
# of another "Format" (a course's delivery), so the import and export forms name it in context.
FILE_FORMAT = pgettext_lazy("file format", "Format")


class ParticipationImportForm(ImportForm):
    """The import form (participants and head-counts) with a size limit checked before the file is
    read (a participant list is a few hundred rows; 2 MB holds tens of thousands). Django spools larger uploads to disk, so
    memory stays bounded until this refuses them."""

    def __init__(self, formats: list, resources: list, **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = FILE_FORMAT
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


class ScopedExportForm(SelectableFieldsExportForm):
    """The export form: the columns to export (all ticked), each named in the active language with
    its column name, and the file's format. Its page is admin/consortia/export.html: the library's
    has an inline style and an inline handler, which the Content Security Policy refuses."""

    def __init__(self, formats: list, resources: list, **kwargs: Any) -> None:
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = FILE_FORMAT

    def _get_field_label(self, resource: Any, field_name: str) -> str:
        labels = resource.column_labels() if hasattr(resource, "column_labels") else {}
        column = resource.fields[field_name].column_name if field_name in resource.fields else field_name
        return f"{labels.get(column, column)} ({column})"


class ScopedImportAdmin(ImportExportMixin, ConsortiumScopedAdmin):
    """Import and export for a consortium-owned model: the resource gets the actor (and checks
    every row against their consortia), a file is refused whole on any bad row, CSV files are read
    in UTF-8, UTF-8 with a BOM or Shift_JIS, and exports neutralise formulas. The preview lists
    every row of the file, with each bad row's errors by column (admin/consortia/import.html)."""

    import_formats = (CSV, XLSX)
    import_form_class = ParticipationImportForm
    import_template_name = "admin/consortia/import.html"
    export_form_class = ScopedExportForm
    export_template_name = "admin/consortia/export.html"
    export_formats = safe_export_formats()  # formulas neutralised (core/files.py)

    def get_import_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_import_context_data(**kwargs)
        context["column_labels"] = self._column_labels()
        return context

    def get_export_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_export_context_data(**kwargs)
        context["column_labels"] = self._column_labels()
        return context

    def _column_labels(self) -> list[tuple[str, str]]:
        """(label, column name) of every column of the file, for the pages' column lists."""
        resource = self.resource_classes[0]
        labels = resource.column_labels()
        return [(labels.get(name, name), name) for name in resource._meta.fields]

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
    list_display = ("participant_name", "event_name", "status", "seats", "prefecture", "registered")
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

    @admin.display(description=_("participant"), ordering="learner__username")
    def participant_name(self, participation: Participation) -> str:
        return in_own_language(participation.participant)

    @admin.display(description=_("event"), ordering="event__starts_at")
    def event_name(self, participation: Participation) -> str:
        return event_label(participation.event)

    @admin.display(description=_("seats"))
    def seats(self, participation: Participation) -> int:
        return participation.seats

    @admin.display(
        description=Participation._meta.get_field("registered_at").verbose_name, ordering="registered_at"
    )
    def registered(self, participation: Participation) -> str:
        return registered_on_display(participation.registered_at)

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
        except ApplicationError as error:  # an event that has not started yet: nothing changed
            self.message_user(request, error.message, messages.ERROR)
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
    list_display = ("event_name", "audience", "persons", "groups", "consortium")
    list_filter = ("audience", ("event__programme__consortium", RelatedOnly), ("event", EventFilter))
    search_fields = ("event__programme__name_ja", "event__programme__name_en", "event__venue", "note")
    list_select_related = ("event__programme__consortium",)
    autocomplete_fields = ("event",)

    @admin.display(description=_("event"), ordering="event__starts_at")
    def event_name(self, head_count: HeadCount) -> str:
        return event_label(head_count.event)

    @admin.display(description=_("consortium"), ordering="event__programme__consortium__slug")
    def consortium(self, head_count: HeadCount) -> str:
        return bilingual_name(head_count.event.programme.consortium)
