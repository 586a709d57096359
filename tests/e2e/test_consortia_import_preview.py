"""The participant import preview on a phone, in Japanese and English: names and labels rather
than codes, and a table that scrolls in its own region rather than the page sideways."""

import pytest

from consortia.models import Event, Participation
from core.models import User
from tests.e2e.kyushu import kyushu_held_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "kyushu-e2e-2026"
HEADER = "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on"


@pytest.fixture
def held_event() -> Event:
    event = kyushu_held_event(password=PASSWORD, name_ja="半導体製造プロセス入門講座", venue="熊本大学")
    learner = User.objects.create_user("sato", "sato@example.jp", "learner-pass-2026")
    Participation.objects.create(event=event, learner=learner, status=Participation.Status.ATTENDED)
    User.objects.create_user("suzuki", "suzuki@example.jp", "learner-pass-2026")
    return event


@pytest.mark.parametrize(
    ("language", "statuses", "consortium"),
    [
        ("ja", ["出席", "申込済み"], "九州半導体人材育成等コンソーシアム"),
        ("en", ["Attended", "Registered"], "Kyushu Semiconductor Human Resource Development Consortium"),
    ],
)
def test_the_import_preview_on_a_phone_reads_in_words_and_scrolls_in_its_region(
    live_server, held_event, browser, tmp_path, language, statuses, consortium
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    upload = tmp_path / "participants.csv"
    upload.write_text(
        "\n".join(
            [
                HEADER,
                f"{held_event.uuid},sato,,,,,,,43,",  # blank status: sato stays attended
                f"{held_event.uuid},,suzuki@example.jp,,,,,registered,熊本県,",
            ]
        ),
        encoding="utf-8",
    )
    try:
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.fill("#id_username", "kyushu-admin")
        page.fill("#id_password", PASSWORD)
        page.locator("input[type=submit]").click()
        page.wait_for_selector("#content")

        page.goto(f"{live_server.url}/admin/consortia/participation/import/")
        page.set_input_files("#id_import_file", str(upload))
        page.select_option("#id_format", label="csv")
        page.locator("input[type=submit]").click()
        page.wait_for_selector("input[name=confirm]")

        status = page.locator("table.import-preview tbody td:nth-child(14)")
        consortia = page.locator("table.import-preview tbody td:nth-child(6)")
        assert [text.strip() for text in status.all_inner_texts()] == statuses
        assert {text.strip() for text in consortia.all_inner_texts()} == {consortium}
        widths = page.evaluate(
            """() => {
                const region = document.querySelector('.dsp-import-scroll');
                return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                        region: region.clientWidth, table: region.scrollWidth};
            }"""
        )
        assert widths["page"] <= widths["viewport"], widths  # the page does not scroll sideways
        assert widths["table"] > widths["region"], widths  # the table scrolls in its region
    finally:
        context.close()
