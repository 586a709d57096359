"""Bulk uploads of completions (issue #12, item 1): a file is checked whole, stored once or not at
all, every bad row named by row and column; Shift_JIS, UTF-8 with BOM and XLSX are read."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import Workbook

from core.models import User
from exchange.models import UploadBatch, UploadWaitingRow
from learners.models import ExternalCompletion
from reports.models import CountedPerson
from reports.rollup import rollup_run
from tests.core.factories import UserFactory
from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

from .helpers import basic, new_credential, post, setting, statement

pytestmark = pytest.mark.django_db

HEADER = "record_id,email,learner_id,course,completed_on,score,result"


@pytest.fixture
def world(counting):
    return setting()


def upload(world, content: bytes, name: str = "completions.csv", key: str | None = None):
    file = io.BytesIO(content)
    file.name = name
    client = world.client
    if key is not None:
        from rest_framework.test import APIClient

        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=basic(key), HTTP_ACCEPT_LANGUAGE="en")
    return client.post("/api/v1/provider/uploads/", {"file": file, "kind": "completions"}, format="multipart")


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([HEADER, *rows]).encode(encoding)


def test_a_good_file_is_stored_and_the_batch_says_so(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes(
        "r-1,taro@example.jp,,data-basics,2026-10-01,85,passed",
        "r-2,jiro@example.jp,,data-basics,2026-10-02,,",
    )

    response = upload(world, content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["outcome"], body["rows_total"], body["rows_stored"], body["rows_waiting"]) == (
        "stored",
        2,
        1,
        1,
    )
    assert (body["encoding"], body["file_format"], body["rows_invalid"]) == ("UTF-8", "csv", 0)
    completion = ExternalCompletion.objects.get()
    assert (completion.record_id, completion.channel, str(completion.score_scaled)) == (
        "r-1",
        "upload",
        "0.8500",
    )
    assert completion.completed_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=9))
    ).date() == datetime.date(2026, 10, 1)
    assert UploadWaitingRow.objects.get().email == "jiro@example.jp"


def test_the_same_file_twice_stores_nothing_new_and_says_so(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes(
        "r-1,taro@example.jp,,data-basics,2026-10-01,,", "r-2,jiro@example.jp,,data-basics,2026-10-02,,"
    )
    upload(world, content)

    again = upload(world, content).json()

    assert (again["outcome"], again["rows_stored"], again["rows_existing"], again["rows_waiting"]) == (
        "nothing_new",
        0,
        2,
        0,
    )
    assert ExternalCompletion.objects.count() == UploadWaitingRow.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        (",a@example.jp,,data-basics,2026-10-01,,", "record_id", "required"),
        ("r-1,,,data-basics,2026-10-01,,", "email", "e-mail address or the learner id"),
        ("r-1,not-an-email,,data-basics,2026-10-01,,", "email", "not an e-mail address"),
        ("r-1,a@example.jp,,no-such-course,2026-10-01,,", "course", "No course has"),
        ("r-1,a@example.jp,,other-course,2026-10-01,,", "course", "belongs to another provider"),
        ("r-1,a@example.jp,,data-basics,01/10/2026,,", "completed_on", "not a date"),
        ("r-1,a@example.jp,,data-basics,2026-02-30,,", "completed_on", "not a date"),
        ("r-1,a@example.jp,,data-basics,2099-01-01,,", "completed_on", "in the future"),
        ("r-1,a@example.jp,,data-basics,1999-12-31,,", "completed_on", "before 2000"),
        ("r-1,a@example.jp,,data-basics,2026-10-01,101,", "score", "0 to 100"),
        ("r-1,a@example.jp,,data-basics,2026-10-01,abc,", "score", "0 to 100"),
        ("r-1,a@example.jp,,data-basics,2026-10-01,,failed", "result", "completed or passed"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_stored(world, row, column, reason):
    UserFactory.create(username="taro", email="taro@example.jp")
    content = csv_bytes("r-0,taro@example.jp,,data-basics,2026-10-01,,", row)

    response = upload(world, content)

    assert response.status_code == 400
    batch = UploadBatch.objects.get()
    assert batch.outcome == "refused"
    error = batch.errors.get()
    assert (error.row, error.column) == (3, column)
    assert reason in error.reason
    assert ExternalCompletion.objects.count() == UploadWaitingRow.objects.count() == 0


def test_a_record_id_twice_in_one_file_refuses_the_file(world):
    content = csv_bytes(
        "r-1,a@example.jp,,data-basics,2026-10-01,,", "r-1,b@example.jp,,data-basics,2026-10-02,,"
    )

    response = upload(world, content)

    assert response.status_code == 400
    assert "r-1 appears" in UploadBatch.objects.get().errors.get().reason
    assert UploadWaitingRow.objects.count() == 0


def test_the_error_report_downloads_as_csv_and_neutralises_formulas(world):
    content = csv_bytes("r-1,a@example.jp,,=HYPERLINK(1),2026-10-01,,")
    batch = upload(world, content).json()

    report = world.client.get(batch["errors_url"])

    assert report.status_code == 200
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    text = report.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "row,column,reason"
    assert (
        "'=HYPERLINK" not in text.split("\n", 1)[1]
        or "No course has the slug or activity IRI '=HYPERLINK" in text
    )
    assert ",course," in text


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        (
            csv_bytes("r-1,taro@example.jp,,data-basics,2026-10-01,,", encoding="cp932")
            + "\nr-2,花子@例え.jp,,data-basics,2026-10-01,,".encode("cp932"),
            "Shift_JIS (cp932)",
        ),
        (b"\xef\xbb\xbf" + csv_bytes("r-1,taro@example.jp,,data-basics,2026-10-01,,"), "UTF-8 (BOM)"),
    ],
    ids=["shift_jis", "utf-8-bom"],
)
def test_shift_jis_and_utf8_with_bom_are_read_and_named(world, content, encoding):
    UserFactory.create(username="taro", email="taro@example.jp")

    body = upload(world, content).json()

    assert (body["encoding"], body["outcome"]) == (encoding, "stored")
    assert ExternalCompletion.objects.count() == 1


def test_an_xlsx_file_is_read(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["r-1", "taro@example.jp", "", "data-basics", datetime.date(2026, 10, 1), 90, "completed"])
    buffer = io.BytesIO()
    book.save(buffer)

    body = upload(world, buffer.getvalue(), "completions.xlsx").json()

    assert (body["file_format"], body["outcome"], body["rows_stored"]) == ("xlsx", "stored", 1)


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("講座".encode("utf-16"), "UTF-16"),
        (b"\x81\x00\xff\xfe\x00\x01", "neither UTF-8 nor Shift_JIS"),
        (b"", "empty"),
        (b"PK\x03\x04truncated", "XLSX file cannot be read"),
        (
            b"record_id,emial,course,completed_on\nr-1,a@example.jp,data-basics,2026-10-01",
            "emial is not one of",
        ),
        (b"record_id,email,course\nr-1,a@example.jp,data-basics", "completed_on is missing"),
    ],
    ids=["utf-16", "binary", "empty", "truncated-xlsx", "misspelt-column", "missing-column"],
)
def test_files_that_cannot_be_read_are_400_and_store_nothing(world, content, text):
    response = upload(world, content)

    assert response.status_code == 400
    assert text in response.json()["message"]
    assert ExternalCompletion.objects.count() == UploadWaitingRow.objects.count() == 0


def test_a_2_gb_upload_is_refused_from_its_content_length(world):
    response = world.client.generic(
        "POST", "/api/v1/provider/uploads/", data=b"x", content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
    )  # fmt: skip

    assert response.status_code == 413


def test_a_provider_sees_only_its_own_batches(world):
    upload(world, csv_bytes("r-1,a@example.jp,,data-basics,2026-10-01,,"))
    _other, other_key = new_credential(world.other_provider)
    theirs = UploadBatch.objects.get()

    listed = upload  # noqa: F841  (readability: the other provider's view follows)
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(other_key))

    assert client.get("/api/v1/provider/uploads/").json() == []
    assert client.get(f"/api/v1/provider/uploads/{theirs.uuid}/").status_code == 404
    assert client.get(f"/api/v1/provider/uploads/{theirs.uuid}/errors.csv").status_code == 404
    assert world.client.get("/api/v1/provider/uploads/").json()[0]["uuid"] == str(theirs.uuid)


def test_uploads_need_a_provider_credential(client, world):
    assert client.get("/api/v1/provider/uploads/").status_code == 401


def test_waiting_rows_are_matched_when_the_person_registers_and_verifies(world, client):
    upload(world, csv_bytes("r-1,hanako@example.jp,,data-basics,2026-10-01,,"))
    client.post(
        "/accounts/signup/",
        {"email": "hanako@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", str(mail.outbox[-1].body))
    assert link is not None

    client.post(link.group(1))

    hanako = User.objects.get(email="hanako@example.jp")
    assert ExternalCompletion.objects.get().learner == hanako
    assert UploadWaitingRow.objects.count() == 0


def test_the_rollup_counts_each_person_once_on_the_earliest_day_across_portal_xapi_and_uploads(world):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    LearnerProfileFactory.create(user=taro, consents_to_statistics=True, statistics_consent_at=timezone.now())
    EnrolmentFactory.create(
        learner=taro, course=world.course, completed_at=datetime.datetime(2026, 11, 1, 3, tzinfo=datetime.UTC)
    )
    post(
        world.client, statement(world.course, email="taro@example.jp", timestamp="2026-10-20T10:00:00+09:00")
    )
    upload(world, csv_bytes("r-1,taro@example.jp,,data-basics,2026-09-15,,"))

    rollup_run(full=True)

    assert list(CountedPerson.objects.values_list("person__username", "qualified_on", "source")) == [
        ("taro", datetime.date(2026, 9, 15), "external")
    ]


# --- The page for provider staff -------------------------------------------------------------------


@pytest.fixture
def staff(world):
    from exchange.services import provider_staff_create

    return provider_staff_create(
        username="manabi-staff", providers=[world.provider], password="staff-pass-2026x"
    )


def page_upload(client, world, content: bytes, name: str = "completions.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(
        "/providers/uploads/",
        {"provider": world.provider.pk, "file": file},
        headers={"accept-language": "en"},
    )


def test_staff_upload_a_file_with_errors_see_them_fix_it_and_upload_again(client, world, staff):
    client.force_login(staff)
    bad = csv_bytes("r-1,a@example.jp,,data-basics,2099-01-01,,")

    refused = page_upload(client, world, bad)
    detail = client.get(refused["Location"], headers={"accept-language": "en"}).content.decode()
    batch = UploadBatch.objects.get()
    report = client.get(f"/providers/uploads/{batch.uuid}/errors.csv")
    fixed = page_upload(client, world, csv_bytes("r-1,a@example.jp,,data-basics,2026-10-01,,"))

    assert refused.status_code == 302
    assert "is in the future" in detail
    assert "2,completed_on," in report.content.decode("utf-8-sig")
    assert fixed.status_code == 302
    assert UploadBatch.objects.filter(outcome="stored").count() == 1
    assert UploadWaitingRow.objects.count() == 1


def test_the_page_is_for_provider_staff_only_and_shows_their_batches_only(client, world, staff):
    upload(world, csv_bytes("r-1,a@example.jp,,data-basics,2026-10-01,,"))
    theirs = UploadBatch.objects.get()
    outsider = UserFactory.create(username="learner-x")

    client.force_login(outsider)
    assert client.get("/providers/uploads/").status_code == 403
    from exchange.services import provider_staff_create

    other_staff = provider_staff_create(
        username="other-staff", providers=[world.other_provider], password="other-pass-2026x"
    )
    client.force_login(other_staff)
    assert client.get(f"/providers/uploads/{theirs.uuid}/").status_code == 404
    assert client.get(f"/providers/uploads/{theirs.uuid}/errors.csv").status_code == 404
    assert str(theirs.uuid) not in client.get("/providers/uploads/").content.decode()
    client.force_login(staff)
    assert str(theirs.uuid) in client.get("/providers/uploads/").content.decode()


def test_staff_cannot_upload_for_another_provider(client, world, staff):
    client.force_login(staff)
    file = io.BytesIO(csv_bytes("r-1,a@example.jp,,other-course,2026-10-01,,"))
    file.name = "x.csv"

    response = client.post("/providers/uploads/", {"provider": world.other_provider.pk, "file": file})

    assert response.status_code == 400
    assert UploadBatch.objects.count() == 0


def test_the_header_offers_the_upload_page_to_provider_staff_only(client, world, staff):
    client.force_login(UserFactory.create(username="learner-y"))
    assert "/providers/uploads/" not in client.get("/courses/").content.decode()
    client.force_login(staff)
    assert "/providers/uploads/" in client.get("/courses/").content.decode()


def test_the_admin_review_queue_records_an_uploaded_row_for_a_learner(client, world, staff):
    hanako = UserFactory.create(username="hanako", email="hanako@example.jp")
    upload(world, csv_bytes("r-1,,L-7,data-basics,2026-10-01,,"))
    row = UploadWaitingRow.objects.get()
    client.force_login(staff)

    client.post(
        "/admin/exchange/uploadwaitingrow/",
        {"action": "assign_to_learner", "_selected_action": [row.pk], "learner": "hanako"},
    )
    upload(world, csv_bytes("r-2,,L-7,data-basics,2026-10-05,,"))  # the id is linked now

    assert sorted(ExternalCompletion.objects.filter(learner=hanako).values_list("record_id", flat=True)) == [
        "r-1",
        "r-2",
    ]
    assert UploadWaitingRow.objects.count() == 0


# --- Voids -----------------------------------------------------------------------------------------


def void_upload(world, content: bytes):
    file = io.BytesIO(content)
    file.name = "voids.csv"
    return world.client.post("/api/v1/provider/uploads/", {"file": file, "kind": "voids"}, format="multipart")


def test_a_void_file_withdraws_records_sent_before_and_the_rollup_drops_them(world):
    taro = UserFactory.create(username="taro", email="taro@example.jp")
    LearnerProfileFactory.create(user=taro, consents_to_statistics=True, statistics_consent_at=timezone.now())
    upload(
        world,
        csv_bytes(
            "r-1,taro@example.jp,,data-basics,2026-10-01,,", "r-2,jiro@example.jp,,data-basics,2026-10-02,,"
        ),
    )
    rollup_run(full=True)
    assert CountedPerson.objects.count() == 1

    body = void_upload(world, "record_id,reason\nr-1,誤って送信\nr-2,重複".encode("cp932")).json()
    again = void_upload(world, "record_id,reason\nr-1,誤って送信".encode()).json()
    rollup_run()

    assert (body["outcome"], body["rows_stored"], body["encoding"]) == ("stored", 2, "Shift_JIS (cp932)")
    assert (again["outcome"], again["rows_existing"]) == ("nothing_new", 1)
    completion = ExternalCompletion.objects.get(record_id="r-1")
    assert (completion.status, completion.void_reason) == ("voided", "誤って送信")
    assert UploadWaitingRow.objects.count() == 0
    assert CountedPerson.objects.count() == 0


@pytest.mark.parametrize(
    ("rows", "row", "column", "reason"),
    [
        ("r-9,理由", 2, "record_id", "No record r-9"),
        ("r-1,", 2, "reason", "Say why"),
        ("r-1,a\nr-1,b", 3, "record_id", "appears twice"),
    ],
)
def test_a_bad_void_file_voids_nothing_and_names_the_row(world, rows, row, column, reason):
    UserFactory.create(username="taro", email="taro@example.jp")
    upload(world, csv_bytes("r-1,taro@example.jp,,data-basics,2026-10-01,,"))

    response = void_upload(world, f"record_id,reason\n{rows}".encode())

    assert response.status_code == 400
    error = UploadBatch.objects.get(kind="voids").errors.get()
    assert (error.row, error.column) == (row, column)
    assert reason in error.reason
    assert ExternalCompletion.objects.get().status == "counted"


def test_another_providers_record_cannot_be_voided(world):
    UserFactory.create(username="taro", email="taro@example.jp")
    _other, other_key = new_credential(world.other_provider)
    upload(world, csv_bytes("r-1,taro@example.jp,,data-basics,2026-10-01,,"))
    file = io.BytesIO(b"record_id,reason\nr-1,mine now")
    file.name = "v.csv"
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(other_key), HTTP_ACCEPT_LANGUAGE="en")

    response = client.post("/api/v1/provider/uploads/", {"file": file, "kind": "voids"}, format="multipart")

    assert response.status_code == 400
    assert ExternalCompletion.objects.get().status == "counted"
