"""Bulk upload in a real browser (issue #12): provider staff upload a Shift_JIS file with bad rows,
see the rows and columns named, download the error report, fix the file, upload it again and see
the batch summary; the page fits a phone.

Screenshots: uploads-refused, uploads-stored (1280 px), uploads-refused-phone (390 px).
"""

import re

import pytest

from exchange.models import UploadBatch
from exchange.services import provider_staff_create
from learners.models import ExternalCompletion
from tests.core.factories import UserFactory
from tests.courses.factories import CourseFactory, ProviderFactory, course_target

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAFF_PASSWORD = "manabi-staff-e2e-2026"
HEADER = "record_id,email,learner_id,course,completed_on,score,result"


@pytest.fixture
def provider_staff(live_server, standard):
    provider = ProviderFactory.create(slug="manabi-lab", name_ja="株式会社まなびラボ")
    course = CourseFactory.create(
        provider=provider, slug="cloud-data-basics", title_ja="クラウドで作るデータ基盤入門"
    )
    course_target(course, "data-engineer", "b")
    UserFactory.create(username="hanako", email="hanako@example.jp")
    provider_staff_create(username="manabi-staff", providers=[provider], password=STAFF_PASSWORD)
    return provider


def test_staff_upload_fix_and_reupload_a_file(
    live_server, provider_staff, page, screenshot, browser, tmp_path
):
    # Given provider staff signed in (through admin's login: staff accounts sign in by user name)
    page.goto(f"{live_server.url}/admin/login/?next=/providers/uploads/")
    page.fill("#id_username", "manabi-staff")
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/providers/uploads/$"))
    assert page.locator("h1").inner_text() == "修了のアップロード"

    # When they upload a Shift_JIS file with a date in the future and an unknown course
    bad = tmp_path / "修了報告.csv"
    bad.write_bytes("\n".join([
        HEADER,
        "R-001,hanako@example.jp,,cloud-data-basics,2026-10-01,85,passed",
        "R-002,jiro@example.jp,受講者-0002,cloud-data-basics,2099-01-01,,",
        "R-003,saburo@example.jp,,no-such-course,2026-10-02,,",
    ]).encode("cp932"))  # fmt: skip
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="アップロード").click()

    # Then nothing is stored, and the batch names each bad row and column
    page.wait_for_url(re.compile(r"/providers/uploads/[0-9a-f-]+/$"))
    assert "受付不可" in page.locator(".upload-outcome").inner_text()
    rows = page.locator("table tbody tr").all_inner_texts()
    assert len(rows) == 2
    assert rows[0].split("\t")[:2] == ["3", "completed_on"]
    assert rows[1].split("\t")[:2] == ["4", "course"]
    assert "Shift_JIS (cp932)" in page.locator(".credential-facts").inner_text()
    assert ExternalCompletion.objects.count() == 0
    screenshot("uploads-refused")

    # And the error report downloads as CSV
    with page.expect_download() as download:
        page.get_by_role("link", name="誤りの一覧をダウンロード（CSV）").click()
    report = download.value.path().read_text(encoding="utf-8-sig")
    assert report.splitlines()[0] == "row,column,reason"
    assert report.splitlines()[1].startswith("3,completed_on,")

    # (on a phone the batch page fits the width)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(page.url)
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    small.screenshot(path=str(ARTIFACTS / "uploads-refused-phone.png"), full_page=True)
    phone.close()

    # When they fix the file and upload it again
    page.get_by_role("link", name="アップロードの一覧").click()
    fixed = tmp_path / "修了報告-修正.csv"
    fixed.write_bytes("\n".join([
        HEADER,
        "R-001,hanako@example.jp,,cloud-data-basics,2026-10-01,85,passed",
        "R-002,jiro@example.jp,受講者-0002,cloud-data-basics,2026-10-03,,",
        "R-003,saburo@example.jp,,cloud-data-basics,2026-10-02,,",
    ]).encode("cp932"))  # fmt: skip
    page.set_input_files("input[type=file]", str(fixed))
    page.get_by_role("button", name="アップロード").click()

    # Then the batch summary says what was stored and what waits for the people to register
    page.wait_for_url(re.compile(r"/providers/uploads/[0-9a-f-]+/$"))
    assert page.locator(".upload-outcome").inner_text() == "保存済み"
    facts = page.locator(".credential-facts").inner_text()
    assert re.search(r"保存した行\s+1", facts)
    assert re.search(r"本人の登録待ちの行\s+2", facts)
    screenshot("uploads-stored")
    assert list(UploadBatch.objects.order_by("uploaded_at").values_list("outcome", flat=True)) == [
        "refused",
        "stored",
    ]
    assert ExternalCompletion.objects.get().record_id == "R-001"
