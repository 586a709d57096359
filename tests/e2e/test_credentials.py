"""Issue #13 in a real browser: the names printed on certificates (profile), the learner record (CLR)
downloaded from My learning and checked on the public verify page, and a record changed by hand
that the page calls tampered, naming the credential.

Screenshots (test-artifacts/): credentials-profile, credentials-my-learning,
credentials-verify-record and credentials-verify-tampered, each at 1280 px and at 390 px (…-phone).

Interface text added for issue #13 may still be untranslated, so steps find fields and buttons by
their ids and compare messages with what Django's own catalogue gives for Japanese.
"""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone, translation

from learners.models import Credential, Exam, ExamPass, validate_name_kanji
from learners.services import credential_issue, exam_reference_load
from tests.core.factories import PASSWORD, UserFactory
from tests.courses.factories import ProviderFactory, course_skill
from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory, learning_course

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIRST = "データ活用の基礎：業務データを整理して意思決定に使うための実践講座（入門編）"
SECOND = "クラウドで作るデータ基盤入門"
KANJI, ROMANISED = "山田 花子", "Hanako Yamada"
PRINTED = "山田 花子 (Hanako Yamada)"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def hanako(live_server, standard, settings, tmp_path):
    """A learner with a profile (no certificate names yet), one course completed with its
    certificate, an IPA exam pass, and a second course to complete later."""
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "keys" / "credential-signing-ed25519.pem"
    settings.PLATFORM_BASE_URL = live_server.url
    first = learning_course(slug="data-basics", title_ja=FIRST, title_en="Data basics")
    course_skill(first.course, "data-platform-design", "c")
    second = learning_course(slug="cloud-data-basics", title_ja=SECOND, title_en="Cloud data basics")
    learner = UserFactory(username="hanako", email="hanako@example.jp", last_name="山田", first_name="花子")
    LearnerProfileFactory(user=learner)
    credential_issue(
        enrolment=EnrolmentFactory(learner=learner, course=first.course, completed_at=timezone.now())
    )
    exam_reference_load()
    ExamPass.objects.create(
        learner=learner,
        exam=Exam.objects.get(code="FE"),
        passed_on=dt.date(2024, 11, 20),
        certificate_number="FE-123",
        # Reported by the exam body: the record signs only passes someone else vouched for.
        provider=ProviderFactory(slug="ipa", name_ja="情報処理推進機構", name_en="IPA"),
        record_id="FE-2024-1",
    )
    return learner, second.course


def test_names_saved_on_the_profile_are_printed_on_later_certificates(live_server, hanako, page):
    learner, second = hanako
    earlier = Credential.objects.get(learner=learner)

    # Given the learner signs in and opens the profile
    _sign_in(page, live_server, "/me/profile/")

    # When they type their names for certificates and save
    page.locator("#id_name_kanji").fill(KANJI)
    page.locator("#id_name_romanised").fill(ROMANISED)
    page.locator("#profile-form button[type=submit]").click()

    # Then the page says it was saved and keeps both names
    page.wait_for_url(re.compile(r"/me/profile/$"))
    assert page.locator(".notice--success").count() == 1
    assert page.locator("#id_name_kanji").input_value() == KANJI
    assert page.locator("#id_name_romanised").input_value() == ROMANISED

    # When they type a digit into the kanji name
    page.locator("#id_name_kanji").fill("花子2")
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/me/profile/")
    ) as sent:
        page.locator("#profile-form button[type=submit]").click()

    # Then the form comes back with 400 and the error under that field only, and nothing is saved
    assert sent.value.status == 400
    with translation.override("ja"):
        expected = _validation_message(validate_name_kanji, "花子2")
    field = page.locator(".form-field--error")
    assert field.count() == 1
    assert field.locator("input").get_attribute("id") == "id_name_kanji"
    assert page.locator("#id_name_kanji_error").inner_text() == expected
    assert page.locator("#id_name_kanji").input_value() == "花子2"
    assert page.locator("#id_name_romanised").input_value() == ROMANISED
    learner.learner_profile.refresh_from_db()
    assert (learner.learner_profile.name_kanji, learner.learner_profile.name_romanised) == (KANJI, ROMANISED)

    # When a course is completed after that, and its certificate issued
    later = credential_issue(
        enrolment=EnrolmentFactory(learner=learner, course=second, completed_at=timezone.now())
    )

    # Then its public verification page and its printable page carry both names
    page.goto(f"{live_server.url}/verify/{later.uuid}/")
    assert page.locator("#verdict .verdict__label").inner_text() == "有効 / Valid"
    assert page.locator(".credential-facts__course").inner_text() == SECOND
    assert _learner_shown(page) == PRINTED
    page.goto(f"{live_server.url}/me/certificates/{later.uuid}/print/")
    assert page.locator(".certificate__name").inner_text() == PRINTED

    # And the certificate signed before keeps the name it was signed with (the account's)
    page.goto(f"{live_server.url}/verify/{earlier.uuid}/")
    assert page.locator("#verdict .verdict__label").inner_text() == "有効 / Valid"
    assert _learner_shown(page) == "山田 花子"


def test_the_downloaded_learner_record_verifies_and_a_changed_one_is_tampered(live_server, hanako, page):
    # Given the learner signs in; My learning offers the learner record
    _sign_in(page, live_server, "/me/learning/")
    link = page.locator("#learner-record-download")
    assert link.get_attribute("href") == "/me/learning/record.json"

    # When they download it
    with page.expect_download() as download:
        link.click()

    # Then the file is their signed CLR with the certificate and the exam pass in it
    assert download.value.suggested_filename == "learner-record.json"
    path = Path(download.value.path())
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    inner = record["credentialSubject"]["verifiableCredential"]
    names = [item["credentialSubject"]["achievement"]["name"] for item in inner]
    assert names[0] == FIRST
    assert len(names) == 2

    # When they upload it on the public verify page
    page.goto(f"{live_server.url}/verify/")
    page.locator("#id_file").set_input_files(path)
    page.locator("#verify-form button[type=submit]").click()
    page.wait_for_load_state()

    # Then the record is valid, and each credential in it has its own valid row
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("class") == "verdict verdict--valid"
    assert verdict.locator(".verdict__label").inner_text() == "有効 / Valid"
    rows = page.locator("#record-items tbody tr")
    assert rows.count() == 2
    assert [row.get_attribute("class") for row in rows.all()] == ["record-item record-item--valid"] * 2
    assert rows.locator("td:first-child").all_inner_texts() == names

    # When someone changes the name of the first credential's achievement and pastes the record
    inner[0]["credentialSubject"]["achievement"]["name"] = "データ活用の応用"
    page.locator("#id_text").fill(json.dumps(record, ensure_ascii=False, indent=2))
    page.locator("#verify-form button[type=submit]").click()
    page.wait_for_load_state()

    # Then the record is tampered, and the technical detail names that credential
    verdict = page.locator("#verdict")
    assert verdict.get_attribute("class") == "verdict verdict--tampered"
    detail = verdict.locator(".verdict__detail").inner_text()
    assert f"credential 1 in the record ({inner[0]['id']}): " in detail
    assert detail.endswith("the credential was changed after signing")
    rows = page.locator("#record-items tbody tr")
    assert [row.get_attribute("class") for row in rows.all()] == [
        "record-item record-item--tampered",
        "record-item record-item--valid",
    ]


def test_the_credential_pages_fit_a_desktop_and_a_phone(live_server, hanako, page, browser):
    _sign_in(page, live_server, "/me/learning/")
    record = page.request.get(f"{live_server.url}/me/learning/record.json").body()
    changed = json.loads(record)
    changed["credentialSubject"]["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = "改"

    phone = browser.new_context(viewport=PHONE, locale="ja-JP", device_scale_factor=1)
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    try:
        for view, suffix in ((page, ""), (small, "-phone")):
            width = view.viewport_size["width"]

            # The profile, with a field error and the certificate names filled in
            view.goto(f"{live_server.url}/me/profile/")
            view.locator("#id_name_kanji").fill("山田 花子2")
            view.locator("#id_name_romanised").fill(ROMANISED)
            view.locator("#profile-form button[type=submit]").click()
            view.wait_for_load_state()
            assert view.locator("#id_name_kanji_error").count() == 1
            _fits_and_shoot(view, width, f"credentials-profile{suffix}")

            # My learning, with the learner record section
            view.goto(f"{live_server.url}/me/learning/")
            assert view.locator("#learner-record-download").is_visible()
            _fits_and_shoot(view, width, f"credentials-my-learning{suffix}")

            # The verify page showing the record's result
            view.goto(f"{live_server.url}/verify/")
            view.locator("#id_file").set_input_files(
                {"name": "learner-record.json", "mimeType": "application/json", "buffer": record}
            )
            view.locator("#verify-form button[type=submit]").click()
            view.wait_for_load_state()
            assert view.locator("#record-items tbody tr.record-item--valid").count() == 2
            _fits_and_shoot(view, width, f"credentials-verify-record{suffix}")

            # and a changed record's result, whose status words are the longest
            view.locator("#id_text").fill(json.dumps(changed, ensure_ascii=False))
            view.locator("#verify-form button[type=submit]").click()
            view.wait_for_load_state()
            assert view.locator("#record-items tbody tr.record-item--tampered").count() == 1
            _fits_and_shoot(view, width, f"credentials-verify-tampered{suffix}")
    finally:
        phone.close()


def _sign_in(page, live_server, next_path: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.locator("#id_login").fill("hanako@example.jp")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"{re.escape(next_path)}$"))


def _learner_shown(page) -> str:
    """The name in the "Learner" row of the verify page's facts."""
    with translation.override("ja"):
        label = translation.gettext("Learner")
    return (
        page.locator(".credential-facts > div")
        .filter(has=page.get_by_text(label, exact=True))
        .locator("dd")
        .inner_text()
    )


def _validation_message(validator, value: str) -> str:
    from django.core.exceptions import ValidationError

    try:
        validator(value)
    except ValidationError as error:
        return str(error.messages[0])
    raise AssertionError(f"{value!r} was accepted")


def _fits_and_shoot(view, width: int, name: str) -> None:
    """No sideways scrolling at this width; then a full-page screenshot under test-artifacts/."""
    from tests.e2e.conftest import ARTIFACTS

    assert view.evaluate("window.innerWidth") == width
    assert view.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    ARTIFACTS.mkdir(exist_ok=True)
    view.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
