"""Bulk uploads of IPA exam passes (issue #12): read and checked like completions, stored once or not
at all, every bad row named by row and column; rows for unregistered people wait; voids remove them;
uploaded passes count in the rollup like passes learners record."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.test import APIClient

from core.models import User
from exchange.models import UploadBatch, UploadWaitingRow
from exchange.services import provider_staff_create
from learners.models import Exam, ExamPass
from reports.models import CountedPerson
from reports.rollup import rollup_run
from tests.core.factories import UserFactory
from tests.learners.factories import LearnerProfileFactory

from .helpers import basic, new_credential, setting

pytestmark = pytest.mark.django_db

HEADER = "record_id,email,learner_id,exam,passed_on,certificate_number"


@pytest.fixture
def world(counting):
    # PM is retired in this world: a pass after its last day cannot be.
    Exam.objects.filter(code="PM").update(valid_until=datetime.date(2022, 12, 31))
    return setting()


@pytest.fixture
def staff(world) -> User:
    return provider_staff_create(
        username="manabi-staff", providers=[world.provider], password="staff-pass-2026x"
    )


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([HEADER, *rows]).encode(encoding)


def api_upload(client: APIClient, content: bytes, kind: str = "exam_passes", name: str = "passes.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post("/api/v1/provider/uploads/", {"file": file, "kind": kind}, format="multipart")


def upload(world, content: bytes, name: str = "passes.csv"):
    return api_upload(world.client, content, name=name)


def passes() -> list[tuple[str, str, str, datetime.date, str, str]]:
    return list(
        ExamPass.objects.order_by("record_id").values_list(
            "learner__username",
            "exam__code",
            "provider__slug",
            "passed_on",
            "record_id",
            "certificate_number",
        )
    )


def test_a_good_file_stores_the_passes_and_the_batch_says_so(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes(
        "x-1,taro@example.jp,,FE,2026-10-18,FE-2026-0001", "x-2,jiro@example.jp,,AP,2026-10-18,"
    )

    response = upload(world, content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["outcome"], body["rows_total"], body["rows_stored"], body["rows_waiting"]) == (
        "exam_passes",
        "stored",
        2,
        1,
        1,
    )
    assert (body["encoding"], body["file_format"], body["rows_existing"], body["rows_invalid"]) == (
        "UTF-8",
        "csv",
        0,
        0,
    )
    assert passes() == [("taro", "FE", "manabi-co", datetime.date(2026, 10, 18), "x-1", "FE-2026-0001")]
    waiting = UploadWaitingRow.objects.get()
    assert (waiting.kind, waiting.record_id, waiting.email, waiting.exam.code, waiting.passed_on) == (
        "exam_passes",
        "x-2",
        "jiro@example.jp",
        "AP",
        datetime.date(2026, 10, 18),
    )


def test_the_same_file_twice_stores_nothing_new_and_says_so(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,", "x-2,jiro@example.jp,,AP,2026-10-18,")
    upload(world, content)

    again = upload(world, content).json()

    assert (again["outcome"], again["rows_stored"], again["rows_existing"], again["rows_waiting"]) == (
        "nothing_new",
        0,
        2,
        0,
    )
    assert ExamPass.objects.count() == UploadWaitingRow.objects.count() == 1


def test_a_learner_who_holds_the_exam_already_keeps_the_earlier_pass_and_the_row_counts_as_existing(world):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    earlier = ExamPass.objects.create(learner=taro, exam=Exam.objects.get(code="FE"), passed_on="2024-04-21")

    body = upload(world, csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,")).json()

    assert (body["outcome"], body["rows_stored"], body["rows_existing"]) == ("nothing_new", 0, 1)
    assert list(ExamPass.objects.values_list("pk", "passed_on", "provider", "record_id")) == [
        (earlier.pk, datetime.date(2024, 4, 21), None, "")
    ]


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("x-1,a@example.jp,,XX,2026-10-18,", "exam", "No IPA exam has the code XX."),
        ("x-1,a@example.jp,,,2026-10-18,", "exam", "The exam code is required."),
        ("x-1,a@example.jp,,FE,2099-01-01,", "passed_on", "The date 2099-01-01 is in the future."),
        ("x-1,a@example.jp,,FE,1999-12-31,", "passed_on", "The date 1999-12-31 is before 2000."),
        ("x-1,a@example.jp,,FE,18/10/2026,", "passed_on", "18/10/2026 is not a date (YYYY-MM-DD)."),
        ("x-1,a@example.jp,,PM,2024-10-20,", "passed_on", "The exam PM was not held on 2024-10-20."),
        (
            f"x-1,a@example.jp,,FE,2026-10-18,{'9' * 41}",
            "certificate_number",
            "The certificate number is longer than 40 characters.",
        ),
        (",a@example.jp,,FE,2026-10-18,", "record_id", "The record id is required."),
        ("x-1,,,FE,2026-10-18,", "email", "Give the learner's e-mail address or the learner id."),
    ],
    ids=[
        "unknown-exam",
        "no-exam",
        "future",
        "before-2000",
        "not-a-date",
        "not-held",
        "long-certificate",
        "no-record-id",
        "no-person",
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_stored(world, row, column, reason):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes("x-0,taro@example.jp,,FE,2026-10-18,", row)

    response = upload(world, content)

    assert response.status_code == 400
    batch = UploadBatch.objects.get()
    assert (batch.kind, batch.outcome, batch.rows_total, batch.rows_invalid) == (
        "exam_passes",
        "refused",
        2,
        1,
    )
    assert list(batch.errors.values_list("row", "column", "reason")) == [(3, column, reason)]
    assert ExamPass.objects.count() == UploadWaitingRow.objects.count() == 0


def test_a_record_id_twice_in_one_file_refuses_the_file(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,", "x-1,jiro@example.jp,,AP,2026-10-18,")

    response = upload(world, content)

    assert response.status_code == 400
    assert list(UploadBatch.objects.get().errors.values_list("row", "column", "reason")) == [
        (3, "record_id", "The record id x-1 appears twice in this file.")
    ]
    assert ExamPass.objects.count() == UploadWaitingRow.objects.count() == 0


def test_a_record_id_the_provider_gave_a_completion_refuses_the_file(world):
    completions = io.BytesIO(
        b"record_id,email,learner_id,course,completed_on\nr-1,a@example.jp,,data-basics,2026-10-01"
    )
    completions.name = "completions.csv"
    world.client.post(
        "/api/v1/provider/uploads/", {"file": completions, "kind": "completions"}, format="multipart"
    )

    response = upload(world, csv_bytes("r-1,b@example.jp,,FE,2026-10-18,"))

    assert response.status_code == 400
    assert list(
        UploadBatch.objects.get(kind="exam_passes").errors.values_list("row", "column", "reason")
    ) == [(2, "record_id", "The record id r-1 names a course completion this provider sent.")]
    assert list(UploadWaitingRow.objects.values_list("record_id", "kind")) == [("r-1", "completions")]


def test_a_file_without_the_exam_column_is_refused_naming_it(world):
    response = upload(world, b"record_id,email,passed_on\nx-1,a@example.jp,2026-10-18")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Row 1: the column exam is missing.",
        "extra": {"fields": {"exam": ["Row 1: the column exam is missing."]}},
    }
    assert UploadBatch.objects.count() == ExamPass.objects.count() == 0


def test_a_shift_jis_file_is_read_and_named(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes(
        "x-1,taro@example.jp,,AP,2026-10-18,第AP-0001号", "x-2,花子@例え.jp,,FE,2026-10-18,", encoding="cp932"
    )

    body = upload(world, content).json()

    assert (body["encoding"], body["outcome"], body["rows_stored"], body["rows_waiting"]) == (
        "Shift_JIS (cp932)",
        "stored",
        1,
        1,
    )
    assert passes() == [("taro", "AP", "manabi-co", datetime.date(2026, 10, 18), "x-1", "第AP-0001号")]
    assert UploadWaitingRow.objects.get().email == "花子@例え.jp"


def test_an_xlsx_file_is_read(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["x-1", "taro@example.jp", "", "FE", datetime.date(2026, 10, 18), 20260001])
    buffer = io.BytesIO()
    book.save(buffer)

    body = upload(world, buffer.getvalue(), "passes.xlsx").json()

    assert (body["file_format"], body["encoding"], body["outcome"], body["rows_stored"]) == (
        "xlsx",
        "",
        "stored",
        1,
    )
    assert passes() == [("taro", "FE", "manabi-co", datetime.date(2026, 10, 18), "x-1", "20260001")]


def test_a_pass_for_an_unregistered_address_waits_and_is_recorded_when_the_person_verifies_it(world, client):
    upload(world, csv_bytes("x-1,hanako@example.jp,,SG,2026-10-18,SG-77"))
    assert UploadWaitingRow.objects.count() == 1
    client.post(
        "/accounts/signup/",
        {"email": "hanako@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", str(mail.outbox[-1].body))
    assert link is not None

    client.post(link.group(1))

    hanako = User.objects.get(email="hanako@example.jp")
    stored = ExamPass.objects.get()
    assert (stored.learner, stored.exam.code, stored.passed_on, stored.provider, stored.record_id) == (
        hanako,
        "SG",
        datetime.date(2026, 10, 18),
        world.provider,
        "x-1",
    )
    assert stored.certificate_number == "SG-77"
    assert UploadWaitingRow.objects.count() == 0


def test_staff_record_a_waiting_pass_for_a_learner_from_the_review_queue(client, world, staff):
    hanako = UserFactory.create(username="hanako", email="hanako@example.jp")
    upload(world, csv_bytes("x-1,,L-7,FE,2026-10-18,"))
    row = UploadWaitingRow.objects.get()
    client.force_login(staff)
    queue = client.get("/admin/exchange/uploadwaitingrow/").content.decode()
    detail = client.get(f"/admin/exchange/uploadwaitingrow/{row.pk}/change/").content.decode()

    client.post(
        "/admin/exchange/uploadwaitingrow/",
        {"action": "assign_to_learner", "_selected_action": [row.pk], "learner": "hanako"},
    )
    later = upload(world, csv_bytes("x-2,,L-7,AP,2026-10-18,")).json()  # the id is linked now

    assert ("x-1" in queue, "FE" in queue, "2026-10-18" in queue) == (True, True, True)
    assert ("field-passed_on" in detail, "field-score_scaled" in detail) == (True, False)
    assert later["rows_stored"] == 1
    assert sorted(ExamPass.objects.filter(learner=hanako).values_list("record_id", "exam__code")) == [
        ("x-1", "FE"),
        ("x-2", "AP"),
    ]
    assert UploadWaitingRow.objects.count() == 0


def test_a_void_file_voids_an_uploaded_pass_and_removes_a_waiting_one_and_twice_changes_nothing(
    world, counting
):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    upload(world, csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,", "x-2,jiro@example.jp,,AP,2026-10-18,"))
    own = ExamPass.objects.create(learner=taro, exam=Exam.objects.get(code="AP"), passed_on="2025-04-20")

    body = api_upload(
        world.client, "record_id,reason\nx-1,誤って送信\nx-2,重複".encode(), kind="voids"
    ).json()

    assert (body["outcome"], body["rows_total"], body["rows_stored"], body["rows_existing"]) == (
        "stored",
        2,
        2,
        0,
    )
    voided = ExamPass.objects.get(record_id="x-1")
    assert (voided.voided_at is not None, voided.void_reason) == (True, "誤って送信")
    assert ExamPass.objects.get(pk=own.pk).voided_at is None  # the learner's own pass stays
    assert UploadWaitingRow.objects.count() == 0
    again = api_upload(world.client, "record_id,reason\nx-1,誤って送信".encode(), kind="voids").json()
    assert (again["outcome"], again["rows_stored"], again["rows_existing"]) == ("nothing_new", 0, 1)


def test_a_voided_pass_stops_counting_at_the_next_incremental_rollup(world, counting):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    LearnerProfileFactory.create(user=taro, consents_to_statistics=True, statistics_consent_at=timezone.now())
    upload(world, csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,"))
    rollup_run(full=True)
    assert CountedPerson.objects.filter(person=taro).exists()

    api_upload(world.client, "record_id,reason\nx-1,誤って送信".encode(), kind="voids")
    result = rollup_run()

    assert result.mode == "incremental"
    assert not CountedPerson.objects.filter(person=taro).exists()


def test_the_api_refuses_an_unknown_kind_naming_the_kinds(world):
    response = api_upload(world.client, csv_bytes("x-1,a@example.jp,,FE,2026-10-18,"), kind="events")

    assert response.status_code == 400
    assert response.json()["extra"]["fields"] == {"kind": ["kind: completions, exam_passes or voids."]}
    assert UploadBatch.objects.count() == 0


def test_staff_upload_exam_passes_on_the_page(client, world, staff):
    UserFactory.create(username="taro", email="taro@example.jp")
    client.force_login(staff)
    file = io.BytesIO(csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,"))
    file.name = "passes.csv"

    response = client.post(
        "/providers/uploads/",
        {"provider": world.provider.pk, "kind": "exam_passes", "file": file},
        headers={"accept-language": "en"},
    )
    batch = UploadBatch.objects.get()
    detail = client.get(response["Location"], headers={"accept-language": "en"}).content.decode()

    assert response.status_code == 302
    assert response["Location"] == f"/providers/uploads/{batch.uuid}/"
    assert (batch.kind, batch.outcome, batch.rows_stored, batch.uploaded_by) == (
        "exam_passes",
        "stored",
        1,
        staff,
    )
    assert "IPA exam passes" in detail
    assert passes() == [("taro", "FE", "manabi-co", datetime.date(2026, 10, 18), "x-1", "")]


def test_another_providers_staff_and_credential_cannot_see_the_batch(client, world, staff):
    upload(world, csv_bytes("x-1,a@example.jp,,FE,2026-10-18,"))
    theirs = UploadBatch.objects.get()
    other_staff = provider_staff_create(
        username="other-staff", providers=[world.other_provider], password="other-pass-2026x"
    )
    _credential, other_key = new_credential(world.other_provider)
    other_api = APIClient()
    other_api.credentials(HTTP_AUTHORIZATION=basic(other_key))

    client.force_login(other_staff)

    assert client.get(f"/providers/uploads/{theirs.uuid}/").status_code == 404
    assert client.get(f"/providers/uploads/{theirs.uuid}/errors.csv").status_code == 404
    assert str(theirs.uuid) not in client.get("/providers/uploads/").content.decode()
    assert other_api.get(f"/api/v1/provider/uploads/{theirs.uuid}/").status_code == 404
    assert other_api.get("/api/v1/provider/uploads/").json() == []
    client.force_login(staff)
    assert client.get(f"/providers/uploads/{theirs.uuid}/").status_code == 200


def test_uploaded_passes_count_in_the_rollup_once_per_person_on_the_earliest_day(world):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    LearnerProfileFactory.create(user=taro, consents_to_statistics=True, statistics_consent_at=timezone.now())
    rollup_run(full=True)
    assert CountedPerson.objects.count() == 0

    upload(world, csv_bytes("x-1,taro@example.jp,,AP,2026-10-18,", "x-2,taro@example.jp,,FE,2026-04-19,"))
    result = rollup_run()

    assert result.mode == "incremental"
    assert list(CountedPerson.objects.values_list("person__username", "qualified_on", "source")) == [
        ("taro", datetime.date(2026, 4, 19), "exam")
    ]


def test_the_exam_pass_admin_shows_the_provider_and_record_id_read_only(client, world):
    UserFactory.create(username="taro", email="taro@example.jp")
    upload(world, csv_bytes("x-1,taro@example.jp,,FE,2026-10-18,"))
    client.force_login(User.objects.create_superuser("root", "root@example.jp", "root-pass-2026"))

    listed = client.get("/admin/learners/exampass/").content.decode()
    page = client.get(f"/admin/learners/exampass/{ExamPass.objects.get().pk}/change/").content.decode()

    assert ("x-1" in listed, world.provider.name in listed) == (True, True)
    assert ("x-1" in page, world.provider.name in page, 'name="record_id"' in page) == (True, True, False)
