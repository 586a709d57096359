"""A Kyushu consortium admin in a real browser: add an event, import participants, mark
attendance, and fail to open a Tohoku event."""

import datetime

import pytest
from django.utils import timezone

from consortia.models import Consortium, Event, Participation, Programme
from consortia.services import consortium_admin_create, consortium_reference_load_file
from core.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "kyushu-e2e-2026"


@pytest.fixture
def kyushu_setup():
    consortium_reference_load_file()
    kyushu = Consortium.objects.get(slug="kyushu-semiconductor")
    tohoku = Consortium.objects.get(slug="tohoku-semiconductor")
    consortium_admin_create(username="kyushu-admin", consortia=[kyushu], password=PASSWORD)
    kyushu_programme = Programme.objects.create(
        consortium=kyushu, name_ja="高専向け出前講座", kind="outreach_lecture"
    )
    tohoku_programme = Programme.objects.create(
        consortium=tohoku, name_ja="東北の教員研修", kind="teacher_training"
    )
    start = timezone.now() + datetime.timedelta(days=10)
    tohoku_event = Event.objects.create(
        programme=tohoku_programme,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="仙台会場",
        prefecture="04",
        capacity=20,
    )
    for name in ("sato", "suzuki"):
        User.objects.create_user(name, f"{name}@example.jp", "learner-pass-2026")
    return kyushu_programme, tohoku_event


def test_kyushu_admin_adds_event_imports_participants_and_marks_attendance(
    live_server, kyushu_setup, page, screenshot, tmp_path
):
    kyushu_programme, tohoku_event = kyushu_setup

    # Given the Kyushu admin signs in to admin
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "kyushu-admin")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#content")
    assert page.get_by_role("link", name="ユーザー").count() == 0  # no user admin
    screenshot("consortia-admin-index")

    # When they add an event, choosing the programme with autocomplete
    page.goto(f"{live_server.url}/admin/consortia/event/add/")
    page.locator("#id_programme + .select2 .select2-selection").click()
    page.locator(".select2-results__option", has_text="高専向け出前講座").wait_for()
    options = page.locator(".select2-results__option")
    assert options.all_inner_texts() == ["高専向け出前講座"]  # Tohoku's programme is not offered
    options.first.click()
    # (an event already held: attendance can be marked only once an event has started)
    held_on = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    page.fill("#id_starts_at_0", held_on)
    page.fill("#id_starts_at_1", "10:00")
    page.fill("#id_ends_at_0", held_on)
    page.fill("#id_ends_at_1", "12:00")
    page.fill("#id_venue", "熊本大学 講義室")
    page.select_option("#id_prefecture", "43")
    page.fill("#id_capacity", "40")
    screenshot("consortia-admin-event-add")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist")
    event = Event.objects.get(venue="熊本大学 講義室")
    assert event.programme == kyushu_programme
    screenshot("consortia-admin-event-list")

    # When they import a file with a Tohoku event and an unknown prefecture, each row says why
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text(
        "event,username,status,prefecture\n"
        f"{tohoku_event.uuid},sato,registered,43\n"
        f"{event.uuid},suzuki,registered,Atlantis\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/admin/consortia/participation/import/")
    page.set_input_files("#id_import_file", str(bad_file))
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    page.wait_for_selector(".dsp-row-errors")
    assert page.locator("input[name=confirm]").count() == 0
    assert page.get_by_text("このイベントは別のコンソーシアムのものです。").count() == 1
    screenshot("consortia-admin-import-errors")
    assert not Participation.objects.exists()

    # And import a participants CSV: the preview shows the rows, then they confirm
    csv_file = tmp_path / "participants.csv"
    csv_file.write_text(
        "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on\n"
        f"{event.uuid},sato,,,,,,registered,熊本県,2030-04-01\n"
        f"{event.uuid},,suzuki@example.jp,,,,,registered,43,2030-04-02\n"
        f"{event.uuid},,,熊本県立第一高校,25,2,0,registered,熊本,2030-04-03\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/admin/consortia/participation/import/")
    page.set_input_files("#id_import_file", str(csv_file))
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("input[name=confirm]")
    assert page.locator("table.import-preview tbody tr").count() == 3
    screenshot("consortia-admin-import-preview")
    page.locator("input[name=confirm]").click()
    page.wait_for_selector(".messagelist")
    assert Participation.objects.filter(event=event).count() == 3
    screenshot("consortia-admin-participations")

    # And mark everyone attended with the bulk action
    page.goto(f"{live_server.url}/admin/consortia/participation/?event__id__exact={event.pk}")
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "mark_attended")
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist")
    assert set(Participation.objects.filter(event=event).values_list("status", flat=True)) == {"attended"}
    screenshot("consortia-admin-attendance")

    # Then a Tohoku event's URL is a 404 for them
    response = page.goto(f"{live_server.url}/admin/consortia/event/{tohoku_event.pk}/change/")
    assert response.status == 404
    assert "仙台会場" not in page.content()
    screenshot("consortia-admin-tohoku-404")
