"""Admin as a Kyushu consortium admin sees it, in Japanese and English, at 1280 px (and the index on
a phone): the frame in the page's language, and change lists and the import preview that fit the
screen, long usernames, addresses and identifiers included, with no column behind a scroll bar."""

import pytest

from consortia.models import Participation
from core.models import User
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.kyushu import kyushu_held_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "kyushu-e2e-2026"
# A username with no place to break a line (as an e-mail address used as a username): without the
# admin stylesheet it widens the participation list past its box and hides 都道府県 and 申込日時.
LONG_NAME = "kumamotoprefecturaltechnicalhighschool.student"


@pytest.fixture
def kyushu():
    event = kyushu_held_event(
        password=PASSWORD,
        name_ja="半導体製造プロセス入門講座（高専・大学生向け）",
        venue="熊本大学 黒髪キャンパス 工学部研究棟 大講義室",
    )
    for number in range(4):
        learner = User.objects.create_user(
            f"{LONG_NAME}{number}@example.jp", f"{LONG_NAME}{number}@example.jp", "learner-pass-2026"
        )
        Participation.objects.create(event=event, learner=learner, prefecture="43")
    Participation.objects.create(
        event=event, group_name="熊本県立熊本工業高等学校 電子情報科 二年生", students_count=38, teachers_count=2,
        prefecture="43",
    )  # fmt: skip
    return event


def _sign_in(page, live_server, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "kyushu-admin")
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#content")


def _fits(page, selector: str) -> None:
    """The page does not scroll sideways, and the table shows all its columns in its box."""
    widths = page.evaluate(
        """(selector) => {
            const table = document.querySelector(selector);
            const box = table.closest('.results') || table.parentElement;
            return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                    table: table.scrollWidth, box: box.clientWidth};
        }""",
        selector,
    )
    assert widths["page"] <= widths["viewport"], widths
    assert widths["table"] <= widths["box"], widths


@pytest.mark.parametrize("language", ["ja", "en"])
def test_admin_reads_in_the_language_and_its_tables_fit_1280(
    live_server, kyushu, page, screenshot, tmp_path, language
):
    _sign_in(page, live_server, language)

    # The index: the platform's name in the page's language, Django's own words for Django's links
    header = page.locator("#site-name").inner_text()
    if language == "ja":
        assert header == "デジタルスキル・プラットフォーム 管理画面"
        assert page.title() == "サイト管理 | デジタルスキル・プラットフォーム 管理画面"
        assert page.locator("a.changelink").first.inner_text() == "変更"
    else:
        assert header == "Digital Skills Platform administration"
        assert page.locator("a.changelink").first.inner_text() == "Change"
    screenshot(f"admin-{language}-index-1280")

    # The event list and the participation list fit, every column in view
    page.goto(f"{live_server.url}/admin/consortia/event/")
    _fits(page, "#result_list")
    screenshot(f"admin-{language}-events-1280")

    page.goto(f"{live_server.url}/admin/consortia/participation/")
    assert page.locator("#result_list tbody tr").count() == 5
    _fits(page, "#result_list")
    registered = page.locator("#result_list thead th.column-registered").inner_text().strip()
    assert registered == ("申込日時" if language == "ja" else "REGISTERED AT")
    screenshot(f"admin-{language}-participations-1280")

    # The import preview lists every row, the bad one with its errors, and fits too
    upload = tmp_path / "participants.csv"
    upload.write_text(
        "event,username,email,group_name,students_count,teachers_count,others_count,status,prefecture,registered_on\n"
        f"{kyushu.uuid},{LONG_NAME}0@example.jp,,,,,,attended,熊本県,2026-10-01\n"
        f"{kyushu.uuid},no-such-learner-with-a-long-name,,,,,,registered,Atlantis,2026-13-40\n"
        f"{kyushu.uuid},,,熊本県立熊本工業高等学校 電子情報科 二年生,38,2,0,attended,43,2026-10-02\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/admin/consortia/participation/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("table.import-preview")
    assert page.locator("table.import-preview tbody tr").count() == 3
    assert page.locator(".dsp-row-errors li").count() == 3  # username, prefecture, registered_on
    _fits(page, "table.import-preview")
    screenshot(f"admin-{language}-import-1280")


def test_admin_index_on_a_phone(live_server, kyushu, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    try:
        _sign_in(page, live_server, "ja")
        assert page.locator("#site-name").inner_text() == "デジタルスキル・プラットフォーム 管理画面"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "admin-ja-index-390.png"), full_page=True)
    finally:
        context.close()
