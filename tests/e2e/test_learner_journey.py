"""A learner's whole journey in a real browser: sign up, verify, profile, find and finish a course,
open and verify its certificate, then set a target role and read the skill gap. Screenshots:
catalogue, course, my-learning, verify, certificate-print, gap.

Interface text of the learners app may still be untranslated, so steps find forms and buttons by
their ids and check content (course titles, skill names), which is data and the same either way.
"""

import io
import re

import pytest
from django.core import mail

from courses import demo as courses_demo
from courses.models import Choice, Course, Lesson
from learners.services import exam_reference_load

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = "sql-data-modelling-basics"
TITLE = "SQLとデータモデリングの基礎"
SECOND = "how-web-applications-work"


def test_sign_up_learn_a_course_and_see_the_skill_gap(
    live_server, standard, page, screenshot, settings, tmp_path
):
    # Given the demo catalogue, a signing key of its own, and a visitor whose browser prefers Japanese
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "keys" / "credential-signing-ed25519.pem"
    settings.PLATFORM_BASE_URL = live_server.url
    courses_demo.seed(io.StringIO())
    exam_reference_load()
    page.goto(f"{live_server.url}/")

    # When they sign up from the header
    page.locator(".account-links").get_by_role("link", name="ユーザー登録").click()
    page.locator("#id_email").fill("hanako@example.jp")
    page.locator("#id_password1").fill("kakunin-2026-pass")
    page.locator("#id_password2").fill("kakunin-2026-pass")
    page.locator("#signup-form button[type=submit]").click()

    # Then they are asked to confirm the address, and the mail holds the link
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "メールアドレスを確認してください"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)

    # When they open the link and confirm
    page.goto(link)
    page.locator("#confirm-form button[type=submit]").click()

    # Then they are signed in; they fill in their profile
    page.wait_for_url(re.compile(r"/me/learning/$"))
    page.locator(".account-links a[href='/me/profile/']").click()
    page.locator("#id_prefecture").select_option("43")
    page.locator("#id_age_band").select_option("30s")
    page.locator("#id_employment_status").select_option("employed")
    page.locator("#id_industry").select_option("semiconductors")
    page.locator("#id_organisation").fill("熊本デバイス株式会社")
    page.locator("#id_consents_to_statistics").check()
    page.locator("#profile-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/profile/$"))
    assert page.locator("#id_prefecture").input_value() == "43"
    assert page.locator(".notice--success").count() == 1

    # And record their pass of the IPA Fundamental IT Engineer exam on the profile
    page.locator("#id_exam_pass-exam").select_option("FE")
    page.locator("#id_exam_pass-passed_on").fill("2024-11-20")
    page.locator("#exam-pass-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/profile/#exam-passes$"))
    assert page.locator(".exam-pass-table tbody th").all_inner_texts() == ["FE 基本情報技術者試験"]
    screenshot("profile")

    # When they search the catalogue
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role("link", name="講座を探す").click()
    page.get_by_label("キーワード").fill("SQL")
    page.get_by_role("button", name="検索", exact=True).click()
    assert TITLE in page.locator(".course-card .card__title").all_inner_texts()
    screenshot("catalogue")

    # And open the course
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    screenshot("course")

    # And enrol (the course page's enrol button is the learners/_course_actions.html include;
    # until the course page includes it, the learning page offers the same button)
    enrol = page.locator(f"form[action='/learn/{COURSE}/enrol/'] button")
    if not enrol.count():
        page.goto(f"{live_server.url}/learn/{COURSE}/")
    page.locator(f"form[action='/learn/{COURSE}/enrol/'] button").click()
    page.wait_for_url(re.compile(rf"/learn/{COURSE}/$"))
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "0"

    # When they work through every required lesson and pass the quiz
    page.locator("main a.button[href*='/lessons/']").first.click()
    correct = {
        choice.question_id: choice.pk
        for choice in Choice.objects.filter(
            question__quiz__lesson__module__course__slug=COURSE, is_correct=True
        )
    }
    for _ in range(20):
        if "/lessons/" not in page.url:
            break
        if page.locator("#quiz-form").count():
            screenshot("lesson-quiz")
            for question_id, choice_id in correct.items():
                page.locator(f"input[name='question_{question_id}'][value='{choice_id}']").check()
            page.locator("#quiz-form button[type=submit]").click()
        else:
            page.locator("#complete-form button[type=submit]").click()
        page.wait_for_load_state()

    # Then My learning shows the course as completed
    page.wait_for_url(re.compile(r"/me/learning/$"))
    completed = page.locator("#completed-heading + .learning-list")
    assert completed.locator(".learning-card__title").all_inner_texts() == [TITLE]
    assert page.locator("#in-progress-heading + .learning-list").count() == 0

    # And its certificate, issued on completion, verifies as valid on its public page
    completed.locator("a.certificate-links__verify").click()
    page.wait_for_url(re.compile(r"/verify/[0-9a-f-]{36}/$"))
    verdict = page.locator("#verdict .verdict__label")
    assert verdict.inner_text() == "有効 / Valid"
    assert page.locator(".credential-facts__course").inner_text() == TITLE
    assert "データ活用基盤設計" in page.locator(".credential-skills").inner_text()
    screenshot("verify")
    json_href = page.locator("a[href$='/credential.json']").get_attribute("href")
    credential_json = page.request.get(f"{live_server.url}{json_href}")
    assert credential_json.headers["content-type"].startswith("application/ld+json")
    assert credential_json.json()["credentialSubject"]["achievement"]["name"] == TITLE

    # And the printable certificate carries the verification address and its QR code
    page.goto(f"{live_server.url}/me/learning/")
    completed.locator("a.certificate-links__print").click()
    assert page.locator(".certificate__course").inner_text() == TITLE
    assert page.locator(".certificate__qr svg").count() == 1
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    screenshot("certificate-print")
    page.emulate_media(media="screen")

    # When they start a second course and finish its first lesson
    page.goto(f"{live_server.url}/learn/{SECOND}/")
    page.locator(f"form[action='/learn/{SECOND}/enrol/'] button").click()
    page.locator("main a.button[href*='/lessons/']").first.click()
    page.locator("#complete-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/lessons/\d+/$"))

    # Then My learning shows it in progress, with its progress bar and the next lesson
    page.goto(f"{live_server.url}/me/learning/")
    card = page.locator("#in-progress-heading + .learning-list .learning-card")
    assert card.locator(".learning-card__title").inner_text() == Course.objects.get(slug=SECOND).title_ja
    required = Lesson.objects.filter(module__course__slug=SECOND, is_required=True).count()
    assert card.get_by_role("progressbar").get_attribute("aria-valuenow") == str(100 // required)
    assert card.locator("a.button").get_attribute("href").startswith(f"/learn/{SECOND}/lessons/")
    screenshot("my-learning")

    # When they choose a target role and rate themselves
    page.goto(f"{live_server.url}/me/skills/")
    page.locator("#id_role").select_option("data-engineer")
    page.locator("#role-form button[type=submit]").click()
    page.locator("#id_skill_data-understanding").select_option("c")
    page.locator("#id_skill_business-analysis").select_option("b")
    page.locator("#assessment-form button[type=submit]").click()

    # Then the gap page shows each skill's required, self-assessed and earned level
    page.wait_for_url(re.compile(r"/me/skills/gap/$"))
    assert page.locator(".notice--warning").count() == 1  # the matrix is provisional
    rows = page.locator(".gap-table tbody tr")
    assert rows.count() == 49
    page.locator("details#other-gaps summary").click()  # the page leads with the three largest gaps
    design = rows.filter(has=page.get_by_role("rowheader", name="データ活用基盤設計", exact=True))
    assert design.locator("td .level").all_inner_texts() == ["a", "c"]  # required a, earned c from the course
    understanding = rows.filter(has=page.get_by_role("rowheader", name="データ理解・活用", exact=True))
    assert understanding.locator("td .level").all_inner_texts()[:2] == ["a", "c"]
    # and recommends courses, never the completed one
    titles = page.locator(".recommendation .card__title").all_inner_texts()
    assert len(titles) == 10
    assert TITLE not in titles
    assert Course.objects.get(slug="cloud-data-pipelines").title_ja in titles
    screenshot("gap")
