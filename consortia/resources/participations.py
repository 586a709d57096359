"""CSV/XLSX import and export of participants (django-import-export), scoped to the actor.

Import columns (header row required; extra columns are ignored, so an export can be re-imported):

    event            the event's identifier (UUID), required
    username | email a registered learner (one of the two), or
    group_name       a school group, with students_count, teachers_count, others_count
    status           registered, attended or no_show (codes or labels); blank keeps the status
                     of a participant already recorded, and registers a new one
    prefecture       optional: JIS code (40), or name in Japanese (福岡県) or English (Fukuoka)
    registered_on    optional: YYYY-MM-DD (stored as that day's local midnight, which admin shows
                     as the date alone: the file gives no time of day)

The whole file is checked before any row is written: a missing column, an unknown prefecture, a
bad date, a duplicate row or an event of another consortium is reported on its row, and then
nothing is imported (the admin offers no confirmation, and the confirmed import rolls back on
any invalid row).
"""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from diff_match_patch import diff_match_patch
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.encoding import force_str
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.results import Result, RowResult

from core.models import User
from core.prefectures import Prefecture

from ..models import Event, Participation, Programme
from ..selectors import scope_queryset

IDENTITY_COLUMNS = ("username", "email", "group_name")
REQUIRED_COLUMNS = ("event", "status")
COUNT_COLUMNS = ("students_count", "teachers_count", "others_count")
REGISTERED_ON = gettext_lazy("registered on")
IMPORTABLE_STATUSES = (
    Participation.Status.REGISTERED,
    Participation.Status.ATTENDED,
    Participation.Status.NO_SHOW,
)


def _labels(choices: Any) -> dict[str, str]:
    """Map codes and their Japanese and English labels (lower-cased) to codes."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        for language in ("ja", "en"):
            with translation.override(language):
                lookup[str(label).strip().lower()] = value
    return lookup


def parse_prefecture(value: str) -> str:
    """A JIS code from a code, or a Japanese or English name; ValueError if unknown."""
    text = value.strip()
    if not text:
        return ""
    if text.isdigit() and 1 <= int(text) <= 47:
        return f"{int(text):02d}"
    lookup = _labels(Prefecture)
    for candidate in (text.lower(), text.lower().removesuffix(" prefecture")):
        if candidate in lookup:
            return lookup[candidate]
    # Japanese names with or without 都・府・県 (北海道 has none).
    for suffix in ("都", "府", "県"):
        if text + suffix in lookup:
            return lookup[text + suffix]
        if text.endswith(suffix) and text[:-1] in lookup:
            return lookup[text[:-1]]
    raise ValueError(text)


@dataclass
class RowCheck:
    """The outcome of checking one import row: cleaned values or errors by column."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)


class ComputedField(fields.Field):
    """An export-only column computed from the participation (the import preview shows it too)."""

    def __init__(self, function: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.function = function

    def export(self, instance: Participation, **kwargs: Any) -> str:
        return self.function(instance)


def _event_uuid(participation: Participation) -> str:
    return str(participation.event.uuid) if participation.event_id else ""


def _event_starts_at(participation: Participation) -> str:
    if not participation.event_id:
        return ""
    return timezone.localtime(participation.event.starts_at).strftime("%Y-%m-%d %H:%M")


def _programme(participation: Participation) -> str:
    return participation.event.programme.name_ja if participation.event_id else ""


def _consortium(participation: Participation) -> str:
    return participation.event.programme.consortium.slug if participation.event_id else ""


def _learners():
    """Who may be registered as a participant: active learners, never staff or superusers."""
    return User.objects.filter(is_active=True, is_staff=False, is_superuser=False)


def _username(participation: Participation) -> str:
    return participation.learner.username if participation.learner is not None else ""


def _email(participation: Participation) -> str:
    # Exports and import previews never carry e-mail addresses: a consortium admin could otherwise
    # learn any user's address from a username (or the reverse) by uploading a file. The column
    # is still read on import, to match a learner by address.
    return ""


def _registered_on(participation: Participation) -> str:
    if participation.registered_at is None:
        return ""
    return timezone.localdate(participation.registered_at).isoformat()


def registered_on_display(registered_at: datetime.datetime) -> str:
    """The registration as admin shows it: the date alone when it is a local midnight (an import
    gave only the day), the date and time otherwise (a registration on the portal)."""
    local = timezone.localtime(registered_at)
    if local.time() == datetime.time(0):
        return formats.date_format(local, "DATE_FORMAT")
    return formats.date_format(local, "DATETIME_FORMAT")


@dataclass
class PreviewRow:
    """One row of the file in the import preview: what it would do, or why it cannot be imported."""

    number: int
    import_type: str  # RowResult's: new, update, skip, invalid or error
    cells: list[Any]  # in the order of Result.diff_headers: the diff, or the file's values if invalid
    errors: list[tuple[str, list[str]]]  # (column label, messages)

    @property
    def error_count(self) -> int:
        return sum(len(messages) for _column, messages in self.errors)


class PreviewResult(Result):
    """django-import-export's result with every row of the file in order, bad or good (its own
    template shows only the bad rows once one is bad), and readable column headers."""

    column_labels: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.column_labels = {}

    def preview_headers(self) -> list[tuple[str, str]]:
        """(label in the active language, the file's column name) for each column shown."""
        return [(self.column_labels.get(code, code), code) for code in self.diff_headers]

    def preview_rows(self) -> list[PreviewRow]:
        invalid = {row.number: row for row in self.invalid_rows}
        labels = {**self.column_labels, NON_FIELD_ERRORS: _("Whole row")}
        rows = []
        for number, row in enumerate(self.rows, 1):
            bad = invalid.get(number)
            if bad is not None:
                errors = [
                    (labels.get(column, column), list(messages))
                    for column, messages in bad.error_dict.items()
                ]
                rows.append(PreviewRow(number, RowResult.IMPORT_TYPE_INVALID, list(bad.values), errors))
            else:
                rows.append(PreviewRow(number, row.import_type or "", list(row.diff or []), []))
        return rows


def verbose_name(model: type[models.Model], field: str) -> str:
    """A model field's label in the active language."""
    return str(getattr(model._meta.get_field(field), "verbose_name", field))


def participation_column_labels() -> dict[str, str]:
    """The import and export columns by name, labelled in the active language (the models' own
    verbose names where a column is a field)."""
    return {
        "event": verbose_name(Participation, "event"),
        "event_starts_at": verbose_name(Event, "starts_at"),
        "programme": verbose_name(Event, "programme"),
        "consortium": verbose_name(Programme, "consortium"),
        "username": verbose_name(User, "username"),
        "email": verbose_name(User, "email"),
        **{
            name: verbose_name(Participation, name)
            for name in ("group_name", *COUNT_COLUMNS, "prefecture", "status")
        },
        "registered_on": str(REGISTERED_ON),
    }


def _event_name(participation: Participation) -> str:
    return str(participation.event) if participation.event_id else ""


def _programme_name(participation: Participation) -> str:
    return participation.event.programme.name if participation.event_id else ""


def _consortium_name(participation: Participation) -> str:
    return participation.event.programme.consortium.name if participation.event_id else ""


# The import preview is read by a person: these columns show names and labels in the active
# language where the file (and an export) holds identifiers and codes.
PREVIEW_CELLS = {
    "event": _event_name,
    "programme": _programme_name,
    "consortium": _consortium_name,
    "prefecture": lambda participation: str(participation.get_prefecture_display()),
    "status": lambda participation: str(participation.get_status_display()),
}


class StyleFreeDiff(resources.Diff):
    """The import preview's diff without inline style attributes (diff-match-patch writes
    `<ins style=...>`), so the Content Security Policy needs no 'unsafe-inline'; the admin's
    stylesheet (static/css/admin.css) colours <ins> and <del> instead. A resource with a
    `preview_value(field, instance)` method decides what each cell shows (labels, not codes), and
    its `preview_whole_columns` change as a whole: a character diff of 出席 to 欠席 read 出欠席."""

    def __init__(self, resource: Any, instance: Any, new: bool) -> None:
        super().__init__(resource, instance, new)
        self.left = self._preview_values(resource, instance)
        whole: frozenset[str] = getattr(resource, "preview_whole_columns", frozenset())
        self.whole = [field.column_name in whole for field in resource.get_import_fields()]

    def compare_with(self, resource: Any, instance: Any) -> None:
        self.right = self._preview_values(resource, instance)

    @staticmethod
    def _preview_values(resource: Any, instance: Any) -> list[Any]:
        preview = getattr(resource, "preview_value", None)
        if preview is None:
            return resources.Diff._read_field_values(resource, instance)
        return [preview(field, instance) for field in resource.get_import_fields()]

    def as_html(self) -> list[str]:
        dmp = diff_match_patch()
        data: list[str] = []
        for v1, v2, whole in zip(self.left, self.right, self.whole, strict=False):
            before = "" if v1 != v2 and self.new else v1
            before_text, after_text = force_str(before), force_str(v2)
            if whole and before_text != after_text:
                diffs = [(op, text) for op, text in ((-1, before_text), (1, after_text)) if text]
            else:
                diffs = dmp.diff_main(before_text, after_text)
                dmp.diff_cleanupSemantic(diffs)
            parts = []
            for op, text in diffs:
                text = escape(text).replace("\n", "&para;<br>")
                parts.append(
                    {1: f"<ins>{text}</ins>", -1: f"<del>{text}</del>"}.get(op, f"<span>{text}</span>")
                )
            # A value replaced as a whole may wrap between the old and the new value, not inside.
            joined = " ".join(parts) if whole else "".join(parts)
            data.append(mark_safe(joined))  # noqa: S308 (every text part is escaped above)
        return data


class ParticipationResource(resources.ModelResource):
    """Participants of events in the actor's consortia; see the module docstring for the columns."""

    event = ComputedField(_event_uuid, column_name="event")
    event_starts_at = ComputedField(_event_starts_at, column_name="event_starts_at", readonly=True)
    programme = ComputedField(_programme, column_name="programme", readonly=True)
    consortium = ComputedField(_consortium, column_name="consortium", readonly=True)
    username = ComputedField(_username, column_name="username")
    email = ComputedField(_email, column_name="email")
    group_name = fields.Field(attribute="group_name", column_name="group_name")
    students_count = fields.Field(attribute="students_count", column_name="students_count")
    teachers_count = fields.Field(attribute="teachers_count", column_name="teachers_count")
    others_count = fields.Field(attribute="others_count", column_name="others_count")
    prefecture = fields.Field(attribute="prefecture", column_name="prefecture")
    status = fields.Field(attribute="status", column_name="status")
    registered_on = ComputedField(_registered_on, column_name="registered_on")

    @classmethod
    def get_diff_class(cls) -> type:
        return StyleFreeDiff

    @classmethod
    def get_result_class(cls) -> type:
        return PreviewResult

    @classmethod
    def column_labels(cls) -> dict[str, str]:
        return participation_column_labels()

    def import_data(self, dataset: Any, **kwargs: Any) -> Any:
        result = super().import_data(dataset, **kwargs)
        result.column_labels = self.column_labels()
        return result

    preview_whole_columns = frozenset(PREVIEW_CELLS)

    def preview_value(self, field: fields.Field, instance: Participation) -> Any:
        """A cell of the import preview: the column's name or label for a person (PREVIEW_CELLS),
        the exported value otherwise. Files keep their codes and identifiers."""
        cell = PREVIEW_CELLS.get(field.column_name or "")
        return cell(instance) if cell is not None else field.export(instance)

    class Meta:
        model = Participation
        fields = (
            "event",
            "event_starts_at",
            "programme",
            "consortium",
            "username",
            "email",
            "group_name",
            "students_count",
            "teachers_count",
            "others_count",
            "prefecture",
            "status",
            "registered_on",
        )
        export_order = fields
        clean_model_instances = True
        use_transactions = True
        skip_html_diff = False

    def __init__(self, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Without an actor the resource sees no consortium's events (never all of them).
        self.actor: User | AnonymousUser = actor if actor is not None else AnonymousUser()
        self._checks: dict[int, RowCheck] = {}
        self._current: RowCheck | None = None

    # --- import ---------------------------------------------------------------------------

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        """Check every row up front (duplicates need the whole file); rows then report their errors."""
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        dataset.headers = headers
        missing = [column for column in REQUIRED_COLUMNS if column not in headers]
        if not any(column in headers for column in IDENTITY_COLUMNS):
            missing.append(" / ".join(IDENTITY_COLUMNS))
        self._checks = {}
        seen: dict[tuple[Any, ...], int] = {}
        for number, values in enumerate(dataset, 1):
            row = {
                header: ("" if value is None else str(value).strip())
                for header, value in zip(headers, values, strict=False)
            }
            check = RowCheck()
            if missing:
                check.add(
                    NON_FIELD_ERRORS,
                    _("The file has no column %(columns)s.") % {"columns": ", ".join(missing)},
                )
            else:
                self._check_row(row, check)
                key = check.values.get("key")
                if key is not None:
                    if key in seen:
                        check.add(NON_FIELD_ERRORS, _("Duplicate of row %(row)s.") % {"row": seen[key]})
                    else:
                        seen[key] = number
            self._checks[number] = check

    def _check_row(self, row: dict[str, str], check: RowCheck) -> None:
        event = None
        raw_event = row.get("event", "")
        try:
            event_uuid = uuid.UUID(raw_event)
        except ValueError:
            check.add("event", _("“%(value)s” is not an event identifier.") % {"value": raw_event})
        else:
            event = Event.objects.select_related("programme__consortium").filter(uuid=event_uuid).first()
            if event is None:
                check.add("event", _("No event has the identifier %(value)s.") % {"value": raw_event})
            elif not scope_queryset(Event.objects.filter(pk=event.pk), actor=self.actor).exists():
                check.add("event", _("This event belongs to another consortium."))
                event = None
        check.values["event"] = event

        username, email, group_name = (row.get(column, "") for column in IDENTITY_COLUMNS)
        learner = None
        if (username or email) and group_name:
            check.add(
                NON_FIELD_ERRORS, _("Give either a learner (username or email) or a group name, not both.")
            )
        elif username:
            learner = _learners().filter(username=username).first()
            if learner is None:
                check.add("username", _("No user has the username %(value)s.") % {"value": username})
        elif email:
            matches = list(_learners().filter(email__iexact=email)[:2])
            if not matches:
                check.add(
                    "email", _("No registered user has the email address %(value)s.") % {"value": email}
                )
            elif len(matches) > 1:  # addresses are unique at sign-up, but not for accounts made in admin
                check.add(
                    "email",
                    _("Several users have the email address %(value)s: give the username instead.")
                    % {"value": email},
                )
            else:
                learner = matches[0]
        elif not group_name:
            check.add(NON_FIELD_ERRORS, _("Give a username, an email address or a group name."))
        check.values.update(learner=learner, group_name=group_name if not learner else "")

        counts = {}
        for column in COUNT_COLUMNS:
            text = row.get(column, "")
            if not text:
                counts[column] = 0
            elif text.isdigit():
                counts[column] = int(text)
            else:
                check.add(column, _("“%(value)s” is not a whole number.") % {"value": text})
        if learner is not None and any(counts.values()):
            check.add(NON_FIELD_ERRORS, _("Head-counts are for groups; leave them empty for a learner."))
        if group_name and not learner and counts and not any(counts.values()) and len(counts) == 3:
            check.add(NON_FIELD_ERRORS, _("A group needs a head-count of at least one."))
        check.values.update(counts)

        try:
            check.values["prefecture"] = parse_prefecture(row.get("prefecture", ""))
        except ValueError:
            check.add("prefecture", _("“%(value)s” is not a prefecture.") % {"value": row.get("prefecture")})

        status_text = row.get("status", "")
        statuses = {
            key: value for key, value in _labels(Participation.Status).items() if value in IMPORTABLE_STATUSES
        }
        if not status_text:
            # Keep the stored status (re-importing an export with the column cleared must not undo
            # recorded attendance); a new participation is registered (import_instance).
            check.values["status"] = None
        elif status_text.lower() in statuses:
            check.values["status"] = statuses[status_text.lower()]
        else:
            check.add(
                "status", _("“%(value)s” is not registered, attended or no_show.") % {"value": status_text}
            )
        attendance = (Participation.Status.ATTENDED, Participation.Status.NO_SHOW)
        if (
            event is not None
            and check.values.get("status") in attendance
            and event.starts_at > timezone.now()
        ):
            # As the admin action: nobody can have attended (or missed) an event still to come.
            check.add(
                "status",
                _("The event starts on %(date)s: attendance can be recorded only once it has started.")
                % {"date": formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")},
            )

        date_text = row.get("registered_on", "")
        check.values["registered_at"] = None
        if date_text:
            try:
                day = datetime.date.fromisoformat(date_text.replace("/", "-")[:10])
            except ValueError:
                check.add(
                    "registered_on", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": date_text}
                )
            else:
                # The file gives a day, not a time: its local midnight, shown as the date alone.
                check.values["registered_at"] = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(0))
                )

        if event is not None and (learner is not None or group_name):
            identity = ("learner", learner.pk) if learner is not None else ("group", group_name.lower())
            check.values["key"] = (event.pk, *identity)

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        self._current = self._checks.get(kwargs.get("row_number", 0), RowCheck())
        if self._current.errors:
            raise ValidationError(self._current.errors)

    def get_or_init_instance(self, instance_loader: Any, row: dict[str, Any]) -> tuple[Participation, bool]:
        values = self._current.values if self._current else {}
        # The preview names each row's event, programme and consortium (PREVIEW_CELLS): loaded here
        # with the participation, not three queries a row.
        existing = (
            Participation.objects.exclude(status=Participation.Status.CANCELLED)
            .filter(event=values["event"])
            .select_related("event__programme__consortium")
        )
        if values["learner"] is not None:
            existing = existing.filter(learner=values["learner"])
        else:
            existing = existing.filter(learner__isnull=True, group_name__iexact=values["group_name"])
        instance = existing.first()
        if instance is not None:
            return instance, False
        return Participation(event=values["event"]), True

    def import_instance(self, instance: Participation, row: dict[str, Any], **kwargs: Any) -> None:
        values = self._current.values if self._current else {}
        instance.learner = values["learner"]
        instance.group_name = values["group_name"]
        for column in COUNT_COLUMNS:
            setattr(instance, column, values[column])
        instance.prefecture = values["prefecture"]
        if values["status"] is not None:
            instance.status = values["status"]
        elif instance.pk is None:
            instance.status = Participation.Status.REGISTERED
        if values["registered_at"] is not None:
            instance.registered_at = values["registered_at"]
