"""CSV/XLSX import and export of anonymous head-counts (django-import-export), scoped to the actor.

Import columns (header row required; extra columns are ignored, so an export can be re-imported):

    event      the event's identifier (UUID), required; the event must have started
    audience   kosen_students, high_school_students, university_students, teachers,
               parents_children, company_staff or other (codes, or labels in Japanese or English)
    persons    how many people came (a whole number, at least 1)
    groups     optional: how many groups (families for parents and children), at most persons
    note       optional, up to 200 characters

One row per event and audience: a row for an event and audience already recorded replaces its
figures. As for participants, the whole file is checked first and nothing is imported while any
row is bad (each bad row names its column).
"""

import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources

from core.models import User

from ..models import MAX_HEAD_COUNT, AttendanceAudience, Event, HeadCount
from ..selectors import scope_queryset
from .participations import ComputedField, PreviewResult, RowCheck, StyleFreeDiff, _labels, verbose_name

REQUIRED_COLUMNS = ("event", "audience", "persons")
# Words consortia write in their own reports (教職員 13名, 親子 11組28名) besides the labels.
AUDIENCE_ALIASES = {
    "教職員": AttendanceAudience.TEACHERS,
    "親子": AttendanceAudience.PARENTS_AND_CHILDREN,
    "高専": AttendanceAudience.KOSEN_STUDENTS,
}
MAX_PERSONS = MAX_HEAD_COUNT


def _event_uuid(head_count: HeadCount) -> str:
    return str(head_count.event.uuid) if head_count.event_id else ""


def _event_starts_at(head_count: HeadCount) -> str:
    if not head_count.event_id:
        return ""
    return timezone.localtime(head_count.event.starts_at).strftime("%Y-%m-%d %H:%M")


def _programme(head_count: HeadCount) -> str:
    return head_count.event.programme.name_ja if head_count.event_id else ""


def _whole_number(text: str, column: str, check: RowCheck, *, required: bool) -> int | None:
    if not text:
        if required:
            check.add(column, _("This column is required."))
        return None
    # isdecimal, not isdigit: "²" is a digit that int() refuses; the length bounds int()'s work.
    if len(text) > 7 or not text.isdecimal() or not 1 <= int(text) <= MAX_PERSONS:
        check.add(
            column,
            _("“%(value)s” is not a whole number from 1 to %(max)s.")
            % {"value": text, "max": f"{MAX_PERSONS:,}"},
        )
        return None
    return int(text)


class HeadCountResource(resources.ModelResource):
    """Head-counts of events in the actor's consortia; see the module docstring for the columns."""

    event = ComputedField(_event_uuid, column_name="event")
    event_starts_at = ComputedField(_event_starts_at, column_name="event_starts_at", readonly=True)
    programme = ComputedField(_programme, column_name="programme", readonly=True)
    audience = fields.Field(attribute="audience", column_name="audience")
    persons = fields.Field(attribute="persons", column_name="persons")
    groups = fields.Field(attribute="groups", column_name="groups")
    note = fields.Field(attribute="note", column_name="note")

    @classmethod
    def get_diff_class(cls) -> type:
        return StyleFreeDiff

    @classmethod
    def get_result_class(cls) -> type:
        return PreviewResult

    @classmethod
    def column_labels(cls) -> dict[str, str]:
        """The columns by name, labelled in the active language (the models' verbose names)."""
        return {
            "event": verbose_name(HeadCount, "event"),
            "event_starts_at": verbose_name(Event, "starts_at"),
            "programme": verbose_name(Event, "programme"),
            **{name: verbose_name(HeadCount, name) for name in ("audience", "persons", "groups", "note")},
        }

    def import_data(self, dataset: Any, **kwargs: Any) -> Any:
        result = super().import_data(dataset, **kwargs)
        result.column_labels = self.column_labels()
        return result

    class Meta:
        model = HeadCount
        fields = ("event", "event_starts_at", "programme", "audience", "persons", "groups", "note")
        export_order = fields
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = False

    def __init__(self, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.actor: User | AnonymousUser = actor if actor is not None else AnonymousUser()
        self._checks: dict[int, RowCheck] = {}
        self._current: RowCheck | None = None

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Check every row up front (a duplicate needs the whole file); rows then report their errors."""
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        dataset.headers = headers
        missing = [column for column in REQUIRED_COLUMNS if column not in headers]
        audiences = {**_labels(AttendanceAudience), **{k: str(v) for k, v in AUDIENCE_ALIASES.items()}}
        events: dict[str, Event | None] = {}
        self._checks = {}
        seen: dict[tuple[int, str], int] = {}
        now = timezone.now()
        for number, values in enumerate(dataset, 1):
            row = {
                header: ("" if value is None else str(value).strip())
                for header, value in zip(headers, values, strict=False)
            }
            check = RowCheck()
            self._checks[number] = check
            if missing:
                check.add(
                    NON_FIELD_ERRORS,
                    _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)},
                )
                continue
            raw_event = row.get("event", "")
            if raw_event not in events:
                events[raw_event] = self._event(raw_event, check)
            elif events[raw_event] is None:
                self._event(raw_event, check)  # the same error again, on this row
            event = events[raw_event]
            if event is not None and event.starts_at > now:
                check.add(
                    "event", _("The event has not started yet; record who came after it has been held.")
                )
            audience = audiences.get(row.get("audience", "").lower())
            if audience is None:
                check.add(
                    "audience",
                    _("“%(value)s” is not one of %(choices)s.")
                    % {"value": row.get("audience", ""), "choices": ", ".join(AttendanceAudience.values)},
                )
            persons = _whole_number(row.get("persons", ""), "persons", check, required=True)
            groups = _whole_number(row.get("groups", ""), "groups", check, required=False)
            if persons is not None and groups is not None and groups > persons:
                check.add("groups", _("There cannot be more groups than persons."))
            note = row.get("note", "")
            if len(note) > 200:
                check.add("note", _("The note is longer than 200 characters."))
            check.values.update(event=event, audience=audience, persons=persons, groups=groups, note=note)
            if event is not None and audience is not None:
                key = (event.pk, audience)
                if key in seen:
                    check.add(NON_FIELD_ERRORS, _("Duplicate of row %(row)s.") % {"row": seen[key]})
                else:
                    seen[key] = number

    def _event(self, raw: str, check: RowCheck) -> Event | None:
        try:
            event_uuid = uuid.UUID(raw)
        except ValueError:
            check.add("event", _("“%(value)s” is not an event identifier.") % {"value": raw})
            return None
        event = Event.objects.filter(uuid=event_uuid).first()
        if event is None:
            check.add("event", _("No event has the identifier %(value)s.") % {"value": raw})
            return None
        if not scope_queryset(Event.objects.filter(pk=event.pk), actor=self.actor).exists():
            check.add("event", _("This event belongs to another consortium."))
            return None
        return event

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        self._current = self._checks.get(kwargs.get("row_number", 0), RowCheck())
        if self._current.errors:
            raise ValidationError(self._current.errors)

    def get_or_init_instance(self, instance_loader: Any, row: dict[str, Any]) -> tuple[HeadCount, bool]:
        values = self._current.values if self._current else {}
        instance = HeadCount.objects.filter(event=values["event"], audience=values["audience"]).first()
        if instance is not None:
            return instance, False
        return HeadCount(event=values["event"], audience=values["audience"]), True

    def import_instance(self, instance: HeadCount, row: dict[str, Any], **kwargs: Any) -> None:
        values = self._current.values if self._current else {}
        instance.persons = values["persons"]
        instance.groups = values["groups"]
        instance.note = values["note"]
