"""The reports app in Django admin.

Superusers change the counting rule (versioned: an existing version is read-only except `is_active`,
and "Save as new" saves changes as the next version) and the targets. Ministry viewers (view
permissions from `reports_setup`) see the rules, the targets and their own protected report runs,
read-only. Report runs, the rollup state, qualifications and counted people are read-only for
everyone: they are written by the jobs. The rollup state, qualifications and counted people are for
superusers only (exact counts and person-level records); the last two are searchable by person, to
explain the count person by person. Record keys are not in admin at all.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

from .models import CountedPerson, CountingRule, Qualification, ReportRun, RollupState, Target
from .run_labels import run_filter_items, run_status_label
from .selectors import report_runs_for, report_runs_with_filter_names
from .services import counting_rule_save

RULE_CONTENT = (
    "name",
    "counts_courses",
    "min_course_level",
    "counts_exams",
    "qualifying_exams",
    "counts_programmes",
    "requires_statistics_consent",
    "note",
)


class SuperuserChangesMixin:
    """Only superusers add, change or delete; others need the view permission to look."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser


class ReadOnlyMixin:
    """Rows written by the jobs: viewable with the view permission, never changed in admin."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CountingRuleForm(forms.ModelForm):
    """On an existing version only `is_active` may change with "Save"; "Save as new" takes the rest."""

    class Meta:
        model = CountingRule
        fields = ("is_active", *RULE_CONTENT)

    def _get_validation_exclusions(self) -> set[str]:
        # "One active rule" is kept by counting_rule_save, which deactivates the others first.
        return {*super()._get_validation_exclusions(), "is_active"}  # type: ignore[misc]  # private API, not in the stubs

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.instance.pk is not None:
            edited = [name for name in self.changed_data if name != "is_active"]
            if edited:
                raise ValidationError(
                    _(
                        "Saved versions are read-only. Use “Save as new” to save these changes as a new "
                        "version, or change only “active”."
                    )
                )
            if self.instance.is_active and not data.get("is_active"):
                self.add_error(
                    "is_active", _("One counting rule must stay active: activate another version instead.")
                )
        return data


@admin.register(CountingRule)
class CountingRuleAdmin(SuperuserChangesMixin, admin.ModelAdmin):
    form = CountingRuleForm
    save_as = True
    save_as_continue = True
    list_display = ("version", "name", "is_active", "counts_courses", "min_course_level", "counts_exams",
                    "counts_programmes", "requires_statistics_consent", "created_at")  # fmt: skip
    list_filter = ("is_active", "counts_courses", "counts_exams", "counts_programmes")
    search_fields = ("name", "note")
    list_select_related = ()
    autocomplete_fields = ()
    filter_horizontal = ("qualifying_exams",)
    readonly_fields = ("version", "created_at", "updated_at")

    def get_fields(self, request: HttpRequest, obj: CountingRule | None = None) -> Sequence[str]:  # type: ignore[override]
        return ["version", "is_active", *RULE_CONTENT, "created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: CountingRule | None = None) -> bool:
        return False  # versions are history: a count must stay explainable by the rule it used

    def save_model(
        self, request: HttpRequest, obj: CountingRule, form: forms.ModelForm, change: bool
    ) -> None:
        if "_saveasnew" in request.POST:
            obj.pk = None
        try:
            counting_rule_save(rule=obj)
        except ApplicationError as error:  # the form checks the same rules first; this is the guard
            raise ValidationError(error.message) from error

    def get_queryset(self, request: HttpRequest) -> QuerySet[CountingRule]:
        return super().get_queryset(request).prefetch_related("qualifying_exams")


@admin.register(Target)
class TargetAdmin(SuperuserChangesMixin, admin.ModelAdmin):
    list_display = ("__str__", "scope", "consortium", "prefecture", "people", "deadline")
    list_filter = ("scope", "deadline")
    search_fields = ("note", "consortium__name_ja", "consortium__slug", "prefecture")
    list_select_related = ("consortium",)
    autocomplete_fields = ("consortium",)


class SuperuserOnlyMixin:
    """Person-level records (who counts, and why): superusers only. Ministry viewers read the
    suppressed aggregates; a filtered list here would show exact small counts and names."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser


@admin.register(ReportRun)
class ReportRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "requested_by",
        "status_display",
        "filters_display",
        "is_exact",
        "seconds_display",
        "files",
    )
    list_filter = ("status", "is_exact", "created_at")
    search_fields = ("uuid", "requested_by__username", "requested_by__email", "error")
    list_select_related = ("requested_by",)
    date_hierarchy = "created_at"
    # Status and filters in words (never the job's internal step or the raw parameters).
    fields = (
        "uuid", "requested_by", "filters_display", "is_exact", "status_display", "error",
        "created_at", "started_at", "finished_at", "seconds_display", "row_counts", "files",
        "xlsx_file", "xlsx_sha256", "csv_file", "csv_sha256",
    )  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReportRun]:
        # Exact (unsuppressed) runs exist only for superusers, here as on the pages.
        return report_runs_with_filter_names(report_runs_for(actor=request.user))

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj: ReportRun) -> str:
        """The status's label; a run still to finish also says how far it has got."""
        return run_status_label(obj, with_progress=True)

    @admin.display(description=_("Filters"))
    def filters_display(self, obj: ReportRun) -> str:
        line_break = mark_safe("<br>")
        return format_html_join(line_break, "{}", ((item,) for item in run_filter_items(obj)))

    @admin.display(description=_("seconds"))
    def seconds_display(self, obj: ReportRun) -> str:
        return "" if obj.seconds is None else f"{obj.seconds:.2f}"

    @admin.display(description=_("files"))
    def files(self, obj: ReportRun) -> str:
        if obj.status != ReportRun.Status.SUCCEEDED:
            return "—"
        links = [
            (reverse("reports:run-detail", kwargs={"uuid": obj.uuid}), _("Report page")),
            (reverse("reports:run-download", kwargs={"uuid": obj.uuid, "kind": "xlsx"}), "XLSX"),
            (reverse("reports:run-download", kwargs={"uuid": obj.uuid, "kind": "csv"}), "CSV"),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)


@admin.register(RollupState)
class RollupStateAdmin(SuperuserOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    # Superusers only: "people changed" between two runs is an exact count of one night's people.
    list_display = ("__str__", "generation", "rule_version", "watermark", "last_run_at", "last_full_at",
                    "last_run_seconds", "last_people_changed")  # fmt: skip
    list_filter = ("rule_version",)
    search_fields = ("generation",)
    list_select_related = ()


@admin.register(Qualification)
class QualificationAdmin(SuperuserOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("person", "source", "source_key", "qualified_on", "prefecture", "hr_type_id", "consortium_id",
                    "is_first")  # fmt: skip
    list_filter = ("source", "qualified_on")
    search_fields = ("person__username", "person__email")
    list_select_related = ("person",)
    ordering = ("person_id", "qualified_on", "source")
    show_full_result_count = False

    @admin.display(description=_("counted by this record"), boolean=True)
    def is_first(self, obj: Qualification) -> bool:
        counted = getattr(obj.person, "counted", None)
        return counted is not None and (counted.source, counted.source_key) == (obj.source, obj.source_key)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Qualification]:
        return super().get_queryset(request).select_related("person__counted")


@admin.register(CountedPerson)
class CountedPersonAdmin(SuperuserOnlyMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("person", "qualified_on", "source", "source_key", "prefecture", "hr_type_id", "consortium_id",
                    "industry", "qualifications_link")  # fmt: skip
    list_filter = ("source", "qualified_on", "prefecture")
    search_fields = ("person__username", "person__email")
    list_select_related = ("person",)
    ordering = ("qualified_on", "person_id")
    show_full_result_count = False

    @admin.display(description=_("all qualifying records"))
    def qualifications_link(self, obj: CountedPerson) -> str:
        url = reverse("admin:reports_qualification_changelist")
        return format_html('<a href="{}?q={}">{}</a>', url, obj.person.get_username(), _("Explain"))
