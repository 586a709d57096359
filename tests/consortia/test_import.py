"""Participant import (CSV/XLSX): per-row errors, all-or-nothing, scoped to the admin's consortia."""

import io

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consortia.models import Participation
from consortia.resources import ParticipationResource, parse_prefecture
from tests.core.factories import UserFactory

from .test_admin_details import held

pytestmark = pytest.mark.django_db

HEADER = "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on"


@pytest.fixture(autouse=True)
def _held(world_a):
    """These files record attendance: the event has been held (an upcoming event's attendance is
    refused, tests/consortia/test_admin_details.py)."""
    held(world_a.event)


def dataset(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


def run(actor, text: str, *, dry_run: bool = False):
    return ParticipationResource(actor=actor).import_data(
        dataset(text), dry_run=dry_run, rollback_on_validation_errors=True
    )


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def test_valid_file_registers_learners_and_groups_and_updates_attendance(world_a, actors):
    UserFactory.create(username="new-learner", email="new@example.jp")
    event = world_a.event.uuid
    text = "\n".join(
        [
            HEADER,
            f"{event},alpha-learner,,,,,,attended,福岡県,2030-04-01",
            f"{event},,new@example.jp,,,,,registered,40,",
            f"{event},,,第一高校,20,2,0,attended,Fukuoka,2030-04-02",
        ]
    )

    result = run(actors["admin_a"], text)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.ATTENDED
    assert world_a.participation.prefecture == "40"
    new = Participation.objects.get(learner__username="new-learner")
    assert new.status == Participation.Status.REGISTERED
    group = Participation.objects.get(group_name="第一高校")
    assert (group.students_count, group.teachers_count, group.seats) == (20, 2, 22)
    assert Participation.objects.filter(event=world_a.event).count() == 3


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("{event},alpha-learner,,,,,,registered,Atlantis,", "prefecture"),
        ("{event},alpha-learner,,,,,,registered,,2030-02-31", "registered_on"),
        ("{event},alpha-learner,,,,,,registered,,yesterday", "registered_on"),
        ("{other},beta-learner,,,,,,registered,,", "event"),
        ("not-a-uuid,alpha-learner,,,,,,registered,,", "event"),
        ("{event},nobody,,,,,,registered,,", "username"),
        ("{event},,,第一高校,many,,,registered,,", "students_count"),
        ("{event},alpha-learner,,,,,,maybe,,", "status"),
    ],
)
def test_bad_row_is_reported_on_its_row_and_nothing_is_imported(world_a, world_b, actors, row, column):
    good = f"{world_a.event.uuid},,,第二高校,10,1,0,registered,,"
    bad = row.format(event=world_a.event.uuid, other=world_b.event.uuid)
    before = list(Participation.objects.values_list("pk", "status"))

    result = run(actors["admin_a"], "\n".join([HEADER, good, bad]))

    assert result.has_validation_errors()
    assert list(errors_by_row(result)) == [2]
    assert column in errors_by_row(result)[2]
    assert list(Participation.objects.values_list("pk", "status")) == before


def test_duplicate_row_is_reported(world_a, actors):
    row = f"{world_a.event.uuid},alpha-learner,,,,,,attended,,"

    result = run(actors["admin_a"], "\n".join([HEADER, row, row]))

    assert errors_by_row(result) == {2: {"__all__": ["Duplicate of row 1."]}}
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED


def test_missing_column_is_reported_on_every_row(world_a, actors):
    text = f"event,username\n{world_a.event.uuid},alpha-learner\n{world_a.event.uuid},other"

    result = run(actors["admin_a"], text)

    assert sorted(errors_by_row(result)) == [1, 2]
    assert "status" in str(errors_by_row(result)[1]["__all__"])
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("40", "40"),
        ("1", "01"),
        ("福岡", "40"),
        ("福岡県", "40"),
        ("fukuoka", "40"),
        ("北海道", "01"),
        ("東京都", "13"),
        ("", ""),
    ],
)
def test_parse_prefecture(text, code):
    assert parse_prefecture(text) == code


def _post_csv(client, text: str):
    """The admin's import form with a CSV file, in English (the messages are asserted as msgids)."""
    upload = io.BytesIO(text.encode())
    upload.name = "participants.csv"
    return client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": "en"},
    )


def test_admin_import_previews_errors_and_offers_no_confirmation(client, world_a, world_b, actors):
    client.force_login(actors["admin_a"])
    text = "\n".join([HEADER, f"{world_b.event.uuid},beta-learner,,,,,,attended,,"])

    response = _post_csv(client, text)

    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert response.context.get("confirm_form") is None
    assert "This event belongs to another consortium." in response.content.decode()
    assert Participation.objects.get(pk=world_b.participation.pk).status == Participation.Status.REGISTERED


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "participants.xlsx"
    return buffer


def test_admin_import_xlsx_preview_then_confirm_imports_and_logs(client, world_a, actors):
    client.force_login(actors["admin_a"])
    upload = _xlsx(
        [
            HEADER.split(","),
            [str(world_a.event.uuid), "alpha-learner", "", "", "", "", "", "attended", "", ""],
        ]
    )

    preview = client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "1", "resource": "0"},
    )
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED  # the preview changed nothing

    response = client.post(reverse("admin:consortia_participation_process_import"), confirm.initial)

    assert response.status_code == 302
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.ATTENDED
    entry = LogEntry.objects.get(object_id=str(world_a.participation.pk))
    assert entry.user.username == "admin-a"


def test_staff_cannot_be_imported_and_no_email_address_comes_back(world_a, actors):
    UserFactory.create(username="someone-staff", email="staff@example.jp", is_staff=True)
    UserFactory.create(username="a-learner", email="learner-secret@example.jp")
    event = world_a.event.uuid

    staff = run(
        actors["admin_a"], "\n".join([HEADER, f"{event},someone-staff,,,,,,registered,,"]), dry_run=True
    )
    learner = run(
        actors["admin_a"], "\n".join([HEADER, f"{event},a-learner,,,,,,registered,,"]), dry_run=True
    )
    exported = ParticipationResource(actor=actors["admin_a"]).export().csv

    assert errors_by_row(staff) == {1: {"username": ["No user has the username someone-staff."]}}
    assert not learner.has_validation_errors()
    assert "learner-secret@example.jp" not in str(learner.rows[0].diff)
    assert "@" not in exported


def test_admin_export_neutralises_formulas_typed_by_an_admin(client, world_a, actors):
    Participation.objects.filter(pk=world_a.participation.pk).update(
        learner=None, group_name='=HYPERLINK("http://evil.example","click")', students_count=12
    )
    client.force_login(actors["admin_a"])

    fields = ["event", "group_name", "students_count"]
    data = {"format": "1", "resource": "0", **{f"participationresource_{name}": "on" for name in fields}}
    response = client.post(reverse("admin:consortia_participation_export"), data)

    workbook = load_workbook(io.BytesIO(response.content))
    values = [value for row in workbook.active.iter_rows(values_only=True) for value in row]
    assert response.status_code == 200
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert not [v for v in values if isinstance(v, str) and v.startswith("=")]


def test_an_import_over_the_size_limit_is_refused_before_it_is_read(client, world_a, actors, settings):
    settings.CONSORTIA_IMPORT_MAX_BYTES = 1024
    client.force_login(actors["admin_a"])
    text = "\n".join([HEADER, *[f"{world_a.event.uuid},alpha-learner,,,,,,attended,,"] * 40])

    response = _post_csv(client, text)

    assert response.status_code == 200
    assert "The file is 3 KB; imports are limited to 1 KB." in response.content.decode()
    assert response.context.get("result") is None
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.REGISTERED


def test_a_staff_account_cannot_be_added_as_a_participant(client, world_a, actors):
    client.force_login(actors["admin_a"])
    before = Participation.objects.count()

    response = client.post(
        reverse("admin:consortia_participation_add"),
        {"event": world_a.event.pk, "learner": actors["admin_a"].username, "status": "registered",
         "students_count": 0, "teachers_count": 0, "others_count": 0},
    )  # fmt: skip

    assert response.status_code == 200
    assert "learner" in response.context["adminform"].form.errors
    assert Participation.objects.count() == before


@pytest.mark.parametrize(
    ("encoded", "named"),
    [
        (lambda text: text.encode("cp932"), "Shift_JIS (cp932)"),
        (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8 (BOM)"),
        (lambda text: text.encode("utf-8"), "UTF-8"),
    ],
    ids=["shift_jis", "utf-8-bom", "utf-8"],
)
def test_admin_import_reads_shift_jis_and_utf8_with_bom(client, world_a, actors, encoded, named):
    # Before: a Shift_JIS file (Excel's CSV in Japan) failed with UnicodeDecodeError
    client.force_login(actors["admin_a"])
    text = "\n".join([HEADER, f"{world_a.event.uuid},,,第一高校,20,2,0,attended,福岡県,"])
    upload = io.BytesIO(encoded(text))
    upload.name = "participants.csv"

    preview = client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": "en"},
    )
    confirmed = client.post(
        reverse("admin:consortia_participation_process_import"), preview.context["confirm_form"].initial
    )

    assert f"The file was read as {named}." in preview.content.decode()
    assert confirmed.status_code == 302
    assert Participation.objects.filter(group_name="第一高校", prefecture="40").count() == 1


def test_admin_import_refuses_an_unknown_encoding_and_stores_nothing(client, world_a, actors):
    client.force_login(actors["admin_a"])
    upload = io.BytesIO(
        "\n".join([HEADER, f"{world_a.event.uuid},,,第一高校,20,2,0,attended,,"]).encode("utf-16")
    )
    upload.name = "participants.csv"
    before = Participation.objects.count()

    response = client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 200
    assert "neither UTF-8 nor Shift_JIS" in response.content.decode()
    assert Participation.objects.count() == before


def test_the_import_preview_reads_in_japanese(client, world_a, world_b, actors):
    client.force_login(actors["admin_a"])
    upload = io.BytesIO("\n".join([HEADER, f"{world_b.event.uuid},beta-learner,,,,,,attended,,"]).encode())
    upload.name = "participants.csv"

    page = client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": "ja"},
    ).content.decode()

    assert "検証に失敗した行があります" in page
    assert "Some rows failed to validate" not in page
    assert "ファイルを UTF-8 として読み込みました。" in page
