"""What a consortium admin notices in admin: the identifier appears once saved, attendance waits for
the event, an imported date stays a date, the import preview lists every row, the file format is
named as such, and organisations are named in the page's language."""

import datetime

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from consortia.admin.participations import FILE_FORMAT
from consortia.models import Event, Participation
from consortia.resources import ParticipationResource, registered_on_display
from consortia.services import participation_mark_attendance
from core.exceptions import ApplicationError

from .factories import EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

HEADER = "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on"


def url(model: str, view: str, *args) -> str:
    return reverse(f"admin:consortia_{model}_{view}", args=args)


def held(event: Event) -> Event:
    """Move the event two days into the past (it has been held)."""
    start = timezone.now() - datetime.timedelta(days=2)
    Event.objects.filter(pk=event.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    event.refresh_from_db()
    return event


# --- The public identifier ---------------------------------------------------------------------


def test_the_add_form_shows_no_identifier_and_the_change_form_shows_the_saved_one(client_for, world_a):
    add = client_for("admin_a").get(url("event", "add"))
    change = client_for("admin_a").get(url("event", "change", world_a.event.pk))

    assert add.status_code == 200
    assert "uuid" not in add.context["adminform"].readonly_fields
    assert 'class="form-row field-uuid"' not in add.content.decode()
    assert change.status_code == 200
    assert str(world_a.event.uuid) in change.content.decode()


@pytest.mark.parametrize("model", ["participation", "consortium"])
def test_other_add_forms_show_no_identifier_either(client_for, world_a, model):
    response = client_for("superuser").get(url(model, "add"))

    assert response.status_code == 200
    assert "uuid" not in response.context["adminform"].readonly_fields


# --- Attendance --------------------------------------------------------------------------------


def test_marking_attendance_of_an_upcoming_event_is_refused_and_changes_nothing(client_for, world_a):
    # Given a participation of an event a week from now (the factory's)
    client = client_for("admin_a")

    # When the admin marks it attended
    response = client.post(
        url("participation", "changelist"),
        {"action": "mark_attended", "_selected_action": [str(world_a.participation.pk)]},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # Then admin says why, and nothing changed or was logged
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [
        f"Attendance can be recorded only once an event has started. Not started yet: {world_a.event}."
    ]
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED
    assert not LogEntry.objects.filter(object_id=str(world_a.participation.pk)).exists()


def test_one_upcoming_event_in_the_selection_refuses_the_whole_batch(world_a, actors):
    past = ParticipationFactory.create(event=held(EventFactory.create(programme=world_a.programme)))

    with pytest.raises(ApplicationError):
        participation_mark_attendance(
            actor=actors["admin_a"],
            participations=Participation.objects.filter(pk__in=[past.pk, world_a.participation.pk]),
            status=Participation.Status.NO_SHOW,
        )

    statuses = set(
        Participation.objects.filter(pk__in=[past.pk, world_a.participation.pk]).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Participation.Status.REGISTERED}


def test_attendance_of_a_held_event_is_recorded(client_for, world_a):
    held(world_a.event)

    response = client_for("admin_a").post(
        url("participation", "changelist"),
        {"action": "mark_no_show", "_selected_action": [str(world_a.participation.pk)]},
    )

    assert response.status_code == 302
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.NO_SHOW


def test_an_import_cannot_mark_attendance_for_an_upcoming_event(world_a, actors):
    """Before, the admin action refused it but the import stored "attended" for an event a week
    ahead, and the rollup counted it."""
    result = _import(
        actors["admin_a"],
        f"{world_a.event.uuid},alpha-learner,,,,,,attended,,",
        f"{world_a.event.uuid},,,School A,3,1,0,no_show,,",
    )

    assert result.has_validation_errors()
    messages = [str(m) for row in result.invalid_rows for m in row.error_dict.get("status", [])]
    assert len(messages) == 2
    assert all("only once it has started" in message for message in messages)
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED
    assert not Participation.objects.filter(group_name="School A").exists()


def test_an_import_registers_for_an_upcoming_event_and_records_a_held_ones_attendance(world_a, actors):
    upcoming = _import(actors["admin_a"], f"{world_a.event.uuid},,,School B,3,1,0,registered,,")
    assert not upcoming.has_validation_errors()
    held(world_a.event)

    result = _import(actors["admin_a"], f"{world_a.event.uuid},alpha-learner,,,,,,attended,,")

    assert not result.has_validation_errors()
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.ATTENDED


# --- Imported dates ----------------------------------------------------------------------------


def _import(actor, *rows: str):
    dataset = tablib.Dataset().load("\n".join([HEADER, *rows]), format="csv")
    return ParticipationResource(actor=actor).import_data(dataset, rollback_on_validation_errors=True)


def test_a_date_only_cell_is_stored_as_that_day_and_shown_without_a_time(client_for, world_a, actors):
    _import(actors["admin_a"], f"{world_a.event.uuid},alpha-learner,,,,,,registered,,2030-04-01")

    participation = Participation.objects.get(pk=world_a.participation.pk)
    local = timezone.localtime(participation.registered_at)
    assert (local.date(), local.time()) == (datetime.date(2030, 4, 1), datetime.time(0))
    with translation.override("ja"):
        assert registered_on_display(participation.registered_at) == "2030年4月1日"
    page = client_for("admin_a").get(url("participation", "changelist"), HTTP_ACCEPT_LANGUAGE="en")
    cell = page.content.decode().split('class="field-registered')[1].split("</td>")[0]
    assert "April 1, 2030" in cell
    assert "midnight" not in cell
    assert ":" not in cell.split(">", 1)[1]


def test_dates_imported_before_the_fix_are_moved_from_nine_to_midnight(world_a):
    """Imports used to store the day at 09:00 local time, which admin showed as 「9:00」; migration
    0006 moves exactly those, and leaves a portal registration's time alone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("consortia.migrations.0006_imported_dates_at_midnight")
    nine = timezone.make_aware(datetime.datetime(2026, 4, 1, 9, 0))  # noqa: DTZ001 (made aware here)
    Participation.objects.filter(pk=world_a.participation.pk).update(registered_at=nine)
    portal = ParticipationFactory.create(
        event=world_a.event, registered_at=nine + datetime.timedelta(microseconds=120_371)
    )

    migration.imported_dates_at_midnight(apps, None)
    migration.imported_dates_at_midnight(apps, None)  # idempotent

    world_a.participation.refresh_from_db()
    portal.refresh_from_db()
    local = timezone.localtime(world_a.participation.registered_at)
    assert (local.date(), local.time()) == (datetime.date(2026, 4, 1), datetime.time(0))
    assert portal.registered_at == nine + datetime.timedelta(microseconds=120_371)


def test_a_registration_with_a_time_is_shown_with_it(world_a):
    at = timezone.make_aware(datetime.datetime(2030, 4, 1, 14, 5))  # noqa: DTZ001 (made aware here)

    with translation.override("ja"):
        assert registered_on_display(at) == "2030年4月1日14:05"


# --- The import preview ------------------------------------------------------------------------


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("participants.csv", text.encode("utf-8"), "text/csv")


def test_the_import_preview_lists_every_row_with_the_bad_rows_errors(client_for, world_a):
    text = "\n".join(
        [
            HEADER,
            f"{world_a.event.uuid},alpha-learner,,,,,,registered,40,",
            f"{world_a.event.uuid},nobody,,,,,,registered,Atlantis,",
            f"{world_a.event.uuid},,,第一高校,20,2,0,registered,,",
        ]
    )

    response = client_for("admin_a").post(
        url("participation", "import"),
        {"import_file": _upload(text), "format": "0", "resource": "0"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    rows = response.context["result"].preview_rows()
    assert [(row.number, row.import_type) for row in rows] == [(1, "update"), (2, "invalid"), (3, "new")]
    assert rows[1].errors == [
        ("username", ["No user has the username nobody."]),
        ("prefecture", ["“Atlantis” is not a prefecture."]),
    ]
    body = response.content.decode()
    assert body.count('<th scope="row">') == 3
    assert "第一高校" in body
    assert "No user has the username nobody." in body
    assert "input" not in body.split("import-preview")[1].split("</table>")[0]  # no confirm for a bad file
    assert not Participation.objects.filter(group_name="第一高校").exists()


def test_a_clean_file_previews_every_row_and_can_be_confirmed(client_for, world_a):
    text = "\n".join([HEADER, f"{world_a.event.uuid},,,第一高校,20,2,0,registered,,"])

    response = client_for("admin_a").post(
        url("participation", "import"), {"import_file": _upload(text), "format": "0", "resource": "0"}
    )

    assert response.status_code == 200
    assert [row.import_type for row in response.context["result"].preview_rows()] == ["new"]
    assert "confirm_form" in response.context


# --- Words of the import and export pages ------------------------------------------------------


@pytest.mark.parametrize("view", ["import", "export"])
def test_the_file_format_is_not_called_a_course_format(client_for, world_a, view):
    response = client_for("admin_a").get(url("participation", view), HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 200
    assert response.context["form"].fields["format"].label is FILE_FORMAT  # "Format" in its context
    assert "受講形式" not in response.content.decode()


def test_the_export_page_names_each_column_and_has_no_inline_script(client_for, world_a):
    response = client_for("admin_a").get(url("participation", "export"), HTTP_ACCEPT_LANGUAGE="en")

    body = response.content.decode()
    assert "registered on (registered_on)" in body
    assert "onchange=" not in body
    assert 'style="' not in body


def test_column_names_are_marked_as_english_on_the_import_page(client_for, world_a):
    response = client_for("admin_a").get(url("participation", "import"), HTTP_ACCEPT_LANGUAGE="ja")

    assert '<code lang="en">registered_on</code>' in response.content.decode()


# --- Names in the page's language --------------------------------------------------------------


def test_consortia_are_named_in_the_page_language_and_marked_when_in_another(client_for, world_a):
    world_a.consortium.name_en = "Alpha Consortium"
    world_a.consortium.save()
    world_a.organization.name_ja = "Alpha Univ."  # the reference names it in English only
    world_a.organization.save()
    client = client_for("superuser")

    english = client.get(url("consortium", "changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    japanese = client.get(url("consortium", "changelist"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    organizations = client.get(url("memberorganization", "changelist"), HTTP_ACCEPT_LANGUAGE="ja")

    assert "Alpha Consortium" in english
    assert "alpha-コンソーシアム" in japanese
    assert "Alpha Consortium" not in japanese
    assert '<span lang="en">Alpha Univ.</span>' in organizations.content.decode()
