"""Participant import, as a consortium admin reads it (issue #14): an e-mail address nobody has,
a blank status on re-import, and a preview in labels rather than codes."""

import io
from html.parser import HTMLParser

import pytest
import tablib
from django.urls import reverse
from django.utils import timezone, translation

from consortia.models import Consortium, Participation, Programme
from consortia.resources import ParticipationResource
from tests.core.factories import UserFactory

from .test_admin_details import held

pytestmark = pytest.mark.django_db

HEADER = "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on"


@pytest.fixture(autouse=True)
def _held(world_a):
    """Attendance is recorded only for an event that has started."""
    held(world_a.event)
    Consortium.objects.filter(pk=world_a.consortium.pk).update(
        name_ja="アルファ半導体コンソーシアム", name_en="Alpha Semiconductor Consortium"
    )
    Programme.objects.filter(pk=world_a.programme.pk).update(
        name_ja="高専向け出前講座", name_en="Outreach lecture for colleges"
    )
    world_a.event.refresh_from_db()


def run(actor, text: str, *, dry_run: bool = False):
    return ParticipationResource(actor=actor).import_data(
        tablib.Dataset().load(text, format="csv"), dry_run=dry_run, rollback_on_validation_errors=True
    )


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.error_dict for row in result.invalid_rows}


def post_csv(client, text: str, language: str):
    upload = io.BytesIO(text.encode())
    upload.name = "participants.csv"
    return client.post(
        reverse("admin:consortia_participation_import"),
        {"import_file": upload, "format": "0", "resource": "0"},
        headers={"Accept-Language": language},
    )


class PreviewTable(HTMLParser):
    """The import preview's table as text: the file's column names and each row's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.rows: list[list[str]] = []
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "th" and "data-column" in attributes:
            self.columns.append(attributes["data-column"])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def preview_of(response) -> list[dict[str, str]]:
    """Each preview row as {"row": number, "outcome": ..., <column name>: cell text}."""
    table = PreviewTable()
    table.feed(response.content.decode())
    return [dict(zip(["row", "outcome", *table.columns], row, strict=True)) for row in table.rows]


# --- 1. An e-mail address that no registered user has ------------------------------------------


def test_an_email_address_nobody_has_says_no_registered_user_has_it(world_a, actors):
    # Before: "No single user has the email address …" (「…一人に定まりません」), as if several matched
    text = "\n".join([HEADER, f"{world_a.event.uuid},,nobody@example.jp,,,,,registered,,"])

    result = run(actors["admin_a"], text, dry_run=True)

    assert errors_by_row(result) == {
        1: {"email": ["No registered user has the email address nobody@example.jp."]}
    }


def test_an_email_address_two_users_share_asks_for_the_username(world_a, actors):
    UserFactory.create(username="twin-one", email="Twin@example.jp")
    UserFactory.create(username="twin-two", email="twin@example.jp")
    text = "\n".join([HEADER, f"{world_a.event.uuid},,twin@example.jp,,,,,registered,,"])

    result = run(actors["admin_a"], text, dry_run=True)

    assert errors_by_row(result) == {
        1: {"email": ["Several users have the email address twin@example.jp: give the username instead."]}
    }


def test_the_admin_preview_names_the_row_and_column_of_an_unknown_email(client, world_a, actors):
    client.force_login(actors["admin_a"])
    text = "\n".join(
        [
            HEADER,
            f"{world_a.event.uuid},,,第一高校,20,2,0,registered,,",
            f"{world_a.event.uuid},,nobody@example.jp,,,,,registered,,",
        ]
    )

    rows = preview_of(post_csv(client, text, "en"))

    assert [row["row"] for row in rows] == ["1", "2"]
    assert rows[0]["outcome"] == "New"
    assert rows[1]["outcome"] == (
        "1 error email address: No registered user has the email address nobody@example.jp."
    )


# --- 2. A blank status on re-import ----------------------------------------------------------


def test_a_blank_status_keeps_an_existing_participations_status_and_registers_a_new_one(world_a, actors):
    # Before: re-importing an export with the status cleared turned 出席 back into 申込済み
    Participation.objects.filter(pk=world_a.participation.pk).update(status=Participation.Status.ATTENDED)
    UserFactory.create(username="new-learner")
    text = "\n".join(
        [
            HEADER,
            f"{world_a.event.uuid},alpha-learner,,,,,,,40,",
            f"{world_a.event.uuid},new-learner,,,,,,,,",
        ]
    )

    result = run(actors["admin_a"], text)

    assert not result.has_validation_errors()
    world_a.participation.refresh_from_db()
    assert (world_a.participation.status, world_a.participation.prefecture) == ("attended", "40")
    assert Participation.objects.get(learner__username="new-learner").status == "registered"


def test_the_admin_preview_and_import_keep_a_stored_status_for_a_blank_cell(client, world_a, actors):
    Participation.objects.filter(pk=world_a.participation.pk).update(status=Participation.Status.NO_SHOW)
    client.force_login(actors["admin_a"])
    text = "\n".join([HEADER, f"{world_a.event.uuid},alpha-learner,,,,,,,,"])

    preview = post_csv(client, text, "en")
    confirmed = client.post(
        reverse("admin:consortia_participation_process_import"), preview.context["confirm_form"].initial
    )

    assert preview_of(preview)[0]["status"] == "No-show"
    assert confirmed.status_code == 302
    world_a.participation.refresh_from_db()
    assert world_a.participation.status == Participation.Status.NO_SHOW


# --- 3. The preview in labels, not codes ------------------------------------------------------


def _start(world_a) -> str:
    return timezone.localtime(world_a.event.starts_at).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "ja",
            {
                "event": "高専向け出前講座 ({start})",
                "programme": "高専向け出前講座",
                "consortium": "アルファ半導体コンソーシアム",
                "status": ["申込済み", "出席", "欠席"],
                "prefecture": "福岡県",
            },
        ),
        (
            "en",
            {
                "event": "Outreach lecture for colleges ({start})",
                "programme": "Outreach lecture for colleges",
                "consortium": "Alpha Semiconductor Consortium",
                "status": ["Registered", "Attended", "No-show"],
                "prefecture": "Fukuoka",
            },
        ),
    ],
)
def test_the_admin_preview_shows_labels_and_names_not_codes(client, world_a, actors, language, expected):
    # Before: the cells read `registered`, `alpha` and the programme's Japanese name in English too
    UserFactory.create(username="second-learner")
    client.force_login(actors["admin_a"])
    event = world_a.event.uuid
    text = "\n".join(
        [
            HEADER,
            f"{event},alpha-learner,,,,,,registered,40,",
            f"{event},second-learner,,,,,,attended,福岡,",
            f"{event},,,第一高校,20,2,0,no_show,Fukuoka,",
        ]
    )

    rows = preview_of(post_csv(client, text, language))

    start = _start(world_a)
    assert [row["event"] for row in rows] == [expected["event"].format(start=start)] * 3
    assert [row["programme"] for row in rows] == [expected["programme"]] * 3
    assert [row["consortium"] for row in rows] == [expected["consortium"]] * 3
    assert [row["status"] for row in rows] == expected["status"]
    assert [row["prefecture"] for row in rows] == [expected["prefecture"]] * 3
    assert [row["username"] for row in rows] == ["alpha-learner", "second-learner", ""]


def test_the_preview_of_a_resource_import_uses_the_active_language(world_a, actors):
    text = "\n".join([HEADER, f"{world_a.event.uuid},alpha-learner,,,,,,attended,43,"])

    with translation.override("ja"):
        result = run(actors["admin_a"], text, dry_run=True)
    cells = dict(zip(result.diff_headers, result.rows[0].diff, strict=True))

    assert cells["status"] == "<del>申込済み</del> <ins>出席</ins>"
    assert cells["prefecture"] == "<ins>熊本県</ins>"
    assert cells["consortium"] == "<span>アルファ半導体コンソーシアム</span>"


def test_a_changed_label_is_shown_replaced_as_a_whole(world_a, actors):
    # Before: a character diff of 出席 to 欠席 read 出欠席 (<del>出</del><ins>欠</ins>席)
    Participation.objects.filter(pk=world_a.participation.pk).update(status=Participation.Status.ATTENDED)
    text = "\n".join([HEADER, f"{world_a.event.uuid},alpha-learner,,,,,,no_show,,"])

    with translation.override("ja"):
        result = run(actors["admin_a"], text, dry_run=True)
    cells = dict(zip(result.diff_headers, result.rows[0].diff, strict=True))

    assert cells["status"] == "<del>出席</del> <ins>欠席</ins>"


def test_exports_keep_the_file_format(world_a, actors):
    Participation.objects.filter(pk=world_a.participation.pk).update(
        status=Participation.Status.ATTENDED, prefecture="40"
    )

    with translation.override("ja"):
        exported = ParticipationResource(actor=actors["admin_a"]).export().dict[0]

    assert (exported["event"], exported["consortium"]) == (str(world_a.event.uuid), "alpha")
    assert (exported["status"], exported["prefecture"], exported["programme"]) == (
        "attended",
        "40",
        "高専向け出前講座",
    )
