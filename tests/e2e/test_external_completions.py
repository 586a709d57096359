"""Completions a training provider reports over xAPI, in a real browser: the provider's LMS posts two
`completed` statements to the live server, the learner sees them on My learning and disputes both,
the provider's staff resolve the disputes in admin (one withdrawn, one confirmed), and the learner
sees the outcome.

Screenshots: reported-my-learning, reported-my-learning-disputed, reported-admin-resolved,
reported-my-learning-resolved (1280 px), and reported-my-learning-phone,
reported-my-learning-resolved-phone (390 px).
"""

import re

import pytest
import requests

from exchange.services import provider_staff_create
from learners.models import ExternalCompletion
from tests.core.factories import PASSWORD, UserFactory
from tests.courses.factories import CourseFactory, ProviderFactory, course_target
from tests.exchange.helpers import basic, new_credential, statement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROVIDER = "株式会社まなびラボ"
FIRST = "生成AIを業務に活かすためのプロンプト設計と評価の実践講座（応用編）"
SECOND = "クラウドで作るデータ基盤入門"
STAFF_PASSWORD = "manabi-staff-e2e-2026"
REASON = "この講座は受講していません。同姓同名の別人の記録だと思います。"
WITHDRAW_NOTE = "受講者名簿を確認したところ、別の方の修了でした。記録を取り下げます。"
CONFIRM_NOTE = "LMSの記録では9月15日に修了しています。記録は正しいです。"


@pytest.fixture
def reported(live_server, standard):
    """A provider with two courses and an LMS credential, a learner with a verified address, and the
    LMS's two completed statements for them, sent to the live server's /xapi/statements."""
    provider = ProviderFactory(slug="manabi-lab", name_ja=PROVIDER, name_en="Manabi Lab Inc.")
    first = CourseFactory(provider=provider, slug="genai-prompt-design", title_ja=FIRST)
    second = CourseFactory(provider=provider, slug="cloud-data-basics", title_ja=SECOND)
    for course in (first, second):
        course_target(course, "data-engineer", "b")
    _credential, key = new_credential(provider, name="本番LMS")
    learner = UserFactory(username="hanako", email="hanako@example.jp")
    provider_staff_create(username="manabi-staff", providers=[provider], password=STAFF_PASSWORD)

    response = requests.post(
        f"{live_server.url}/xapi/statements",
        json=[
            statement(first, email=learner.email, timestamp="2026-10-01T10:00:00+09:00"),
            statement(second, email=learner.email, timestamp="2026-09-15T18:30:00+09:00"),
        ],
        headers={"Authorization": basic(key), "X-Experience-API-Version": "1.0.3"},
        timeout=30,
    )

    assert response.status_code == 200, response.text
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert len(response.json()) == 2
    completions = {row.course.title_ja: row for row in ExternalCompletion.objects.select_related("course")}
    assert set(completions) == {FIRST, SECOND}
    assert {row.status for row in completions.values()} == {ExternalCompletion.Status.COUNTED}
    assert {row.learner for row in completions.values()} == {learner}
    return completions[FIRST], completions[SECOND]


def test_learner_disputes_reported_completions_and_provider_staff_resolve_them(
    live_server, reported, page, screenshot, browser
):
    withdrawn, confirmed = reported

    # Given the learner signs in and opens My learning
    _learner_signs_in(page, live_server)

    # Then both reported completions are listed, newest first, with the provider's name and date
    section = page.locator("section[aria-labelledby=reported-heading]")
    assert section.get_by_role("heading", level=2).inner_text() == "研修提供者からの報告"
    cards = section.locator(".learning-card--reported")
    assert cards.locator(".learning-card__title").all_inner_texts() == [FIRST, SECOND]
    card = page.locator(f"#reported-{withdrawn.uuid}")
    meta = card.locator(".learning-card__meta").inner_text()
    assert "2026-10-01 に修了" in meta
    assert PROVIDER in meta
    assert f"（{PROVIDER} から報告）" in meta
    assert card.locator(".status-badge").inner_text() == "集計に含める"
    other = page.locator(f"#reported-{confirmed.uuid}")
    assert "2026-09-15 に修了" in other.locator(".learning-card__meta").inner_text()

    # When they open the dispute form of the first record and write what is wrong
    dispute = card.locator("details.dispute")
    dispute.locator("summary").click()
    assert dispute.locator("summary").inner_text() == "この記録は誤りです"
    dispute.get_by_label("どこが誤りですか？").fill(REASON)
    screenshot("reported-my-learning")

    # (and on a phone the card and its open form fit the width)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=1)
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"{live_server.url}/me/learning/")
    small.locator(f"#reported-{withdrawn.uuid} details.dispute summary").click()
    small.locator(f"#reported-{withdrawn.uuid} textarea[name=reason]").fill("この講座は受講していません。")
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    small.screenshot(path=str(_artifacts() / "reported-my-learning-phone.png"), full_page=True)
    phone.close()

    # And send it
    dispute.get_by_role("button", name="異議申立てを送る").click()

    # Then they are told it was sent, and the record shows as disputed with their reason
    page.wait_for_url(re.compile(r"/me/learning/$"))
    assert page.locator(".notice--success").inner_text() == (
        f"{PROVIDER} に異議申立てを送りました。解決するまで、この記録は集計に含まれません。"
    )
    card = page.locator(f"#reported-{withdrawn.uuid}")
    assert card.locator(".status-badge--disputed").inner_text() == "学習者が異議を申立て中"
    assert REASON in card.locator("p.muted").inner_text()
    assert card.locator("details.dispute").count() == 0
    withdrawn.refresh_from_db()
    assert withdrawn.status == ExternalCompletion.Status.DISPUTED
    assert withdrawn.dispute_reason == REASON

    # When they dispute the second record too
    other.locator("details.dispute summary").click()
    other.locator("textarea[name=reason]").fill("修了日が違います。修了したのは9月15日ではなく9月22日です。")
    other.get_by_role("button", name="異議申立てを送る").click()
    page.wait_for_url(re.compile(r"/me/learning/$"))
    assert page.locator(".status-badge--disputed").count() == 2
    screenshot("reported-my-learning-disputed")

    # When the provider's staff sign in to admin and open the external completions
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/learners/externalcompletion/")
    page.fill("#id_username", "manabi-staff")
    page.fill("#id_password", STAFF_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/learners/externalcompletion/$"))
    assert page.locator("#result_list tbody tr").count() == 2
    assert page.locator("select[name=action] option[value=withdraw_record]").inner_text() == (
        "異議申立てを解決: 記録を取り下げる"
    )

    # And withdraw the first record, saying why
    _resolve(page, withdrawn, "withdraw_record", WITHDRAW_NOTE)

    # Then admin reports it resolved, and the record is withdrawn
    assert page.locator(".messagelist .success").inner_text() == "1件の異議申立てを解決しました。"
    withdrawn.refresh_from_db()
    assert withdrawn.status == ExternalCompletion.Status.WITHDRAWN
    assert withdrawn.resolution_note == WITHDRAW_NOTE
    assert withdrawn.resolved_by.username == "manabi-staff"

    # When they confirm the second record, saying why
    _resolve(page, confirmed, "confirm_record", CONFIRM_NOTE)

    # Then it is resolved and counts again
    assert page.locator(".messagelist .success").inner_text() == "1件の異議申立てを解決しました。"
    confirmed.refresh_from_db()
    assert confirmed.status == ExternalCompletion.Status.COUNTED
    assert confirmed.resolution_note == CONFIRM_NOTE
    screenshot("reported-admin-resolved")

    # When the learner opens My learning again
    page.context.clear_cookies()
    _learner_signs_in(page, live_server)

    # Then each record shows its outcome and the staff's note, and can no longer be disputed
    card = page.locator(f"#reported-{withdrawn.uuid}")
    assert card.locator(".status-badge--withdrawn").inner_text() == "異議申立てにより取下げ"
    assert card.locator("p.muted").inner_text() == f"異議申立ては解決しました: {WITHDRAW_NOTE}"
    other = page.locator(f"#reported-{confirmed.uuid}")
    assert other.locator(".status-badge--counted").inner_text() == "集計に含める"
    assert other.locator("p.muted").inner_text() == f"異議申立ては解決しました: {CONFIRM_NOTE}"
    assert page.locator("details.dispute").count() == 0
    # (the two outcomes look different: each status badge has its own colour)
    colour = "el => getComputedStyle(el).color"
    assert card.locator(".status-badge").evaluate(colour) != other.locator(".status-badge").evaluate(colour)
    screenshot("reported-my-learning-resolved")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP", device_scale_factor=1)
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    small.goto(f"{live_server.url}/me/learning/")
    assert small.locator(".learning-card--reported").count() == 2
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    small.screenshot(path=str(_artifacts() / "reported-my-learning-resolved-phone.png"), full_page=True)
    phone.close()


def _learner_signs_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next=/me/learning/")
    page.locator("#id_login").fill("hanako@example.jp")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/learning/$"))


def _resolve(page, completion: ExternalCompletion, action: str, note: str) -> None:
    """On the external completions' changelist: select the row, choose the action, write the note, run."""
    page.locator(f"#result_list input[name=_selected_action][value='{completion.pk}']").check()
    page.select_option("select[name=action]", action)
    page.fill("input[name=note]", note)
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist")


def _artifacts():
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
