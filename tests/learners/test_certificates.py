"""Certificates: issuing on completion, the verification pages, the command, revocation, key hygiene."""

import base64
import copy
import datetime as dt
import io
import json
import logging
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from jsonschema import Draft201909Validator

from core.exceptions import ApplicationError
from learners import credentials
from learners.credentials import did
from learners.models import Credential
from learners.services import (
    credential_issue,
    credential_revoke,
    enrolment_complete,
    issuer_key_add_previous,
    lesson_complete,
    quiz_attempt_submit,
)
from learners.tasks import credential_issue_task
from skills.case import case_package_build
from tests.core.factories import StaffFactory, UserFactory

from .factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

BASE = "https://skills.example.go.jp"  # settings.PLATFORM_BASE_URL in conftest


def _conformance_dir() -> Path:
    beside_repo = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
    return beside_repo if beside_repo.is_dir() else Path("/work/shared/conformance")


SCHEMA = _conformance_dir() / "obv3" / "achievementcredential.schema.json"


def complete(enrolment, setup) -> None:
    """Finish every required lesson of `learning_course()` through the services."""
    lesson_complete(enrolment=enrolment, lesson=setup.text)
    lesson_complete(enrolment=enrolment, lesson=setup.video)
    quiz_attempt_submit(
        enrolment=enrolment,
        lesson=setup.quiz_lesson,
        answers={setup.questions[0].pk: setup.right[0], setup.questions[1].pk: setup.right[1]},
    )


def key_material(path: Path) -> dict[str, str]:
    """Every usual text form of the private key."""
    pem = path.read_text()
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    body = "".join(pem.strip().splitlines()[1:-1])
    return {
        "pem header": "PRIVATE KEY",
        "pem body": body,
        "pem body start": body[:24],
        "hex": raw.hex(),
        "HEX": raw.hex().upper(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "base58": base58.b58encode(raw).decode(),
        "multibase private key": "z" + base58.b58encode(b"\x80\x26" + raw).decode(),
    }


def assert_no_key_material(text: str, key_path: Path) -> None:
    for name, form in key_material(key_path).items():
        assert form not in text, name


# --- Issuing -----------------------------------------------------------------------------------


def test_completing_the_course_issues_one_credential_through_the_task(
    course, learner_a, django_capture_on_commit_callbacks
):
    # Given an enrolled learner
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course)

    # When they finish every required lesson (on-commit hooks run; Celery is eager in tests)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        complete(enrolment, course)
    # and completing is repeated
    with django_capture_on_commit_callbacks(execute=True) as again:
        enrolment_complete(enrolment=enrolment)

    # Then exactly one credential is issued, once
    assert len(callbacks) == 1
    assert again == []
    issued = Credential.objects.get()
    assert issued.enrolment == enrolment
    assert issued.learner == learner_a
    assert issued.is_demo is False
    assert credentials.verify(issued.document).is_valid is True


def test_the_task_is_safe_to_run_twice(completed):
    credential_issue_task.delay(completed.pk)
    credential_issue_task.delay(completed.pk)

    assert Credential.objects.filter(enrolment=completed).count() == 1


def test_the_task_retries_only_database_hiccups_five_times():
    from django.db import OperationalError

    assert credential_issue_task.acks_late is True
    assert credential_issue_task.max_retries == 5
    assert credential_issue_task.autoretry_for == (OperationalError,)


def test_credential_issue_is_idempotent(completed):
    first = credential_issue(enrolment=completed)
    second = credential_issue(enrolment=completed)

    assert first.pk == second.pk
    assert second.document == first.document
    assert Credential.objects.count() == 1


def test_credential_issue_refuses_an_enrolment_in_progress(course, learner_a):
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course)

    with pytest.raises(ApplicationError, match="only for a completed course"):
        credential_issue(enrolment=enrolment)

    assert not Credential.objects.exists()


def test_a_demo_learners_credential_is_a_demo_record(course):
    enrolment = EnrolmentFactory.create(
        learner=UserFactory.create(is_demo=True), course=course.course, completed_at=timezone.now()
    )

    assert credential_issue(enrolment=enrolment).is_demo is True


def test_the_document_names_the_course_aligns_its_skills_and_hides_the_email(credential, standard):
    document = credential.document
    subject = document["credentialSubject"]
    achievement = subject["achievement"]
    case_items = {
        item["uri"]: item for item in case_package_build(version=standard, base_uri=BASE)["CFItems"]
    }

    assert document["id"] == f"{BASE}/verify/{credential.uuid}/credential.json"
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == credentials.issuer_did()
    assert document["issuer"]["url"] == f"{BASE}/"
    assert document["validFrom"] == credential.issued_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert subject["id"] == f"urn:uuid:{credential.uuid}"
    assert subject["name"] == "山田 花子"
    assert credential.learner.email not in json.dumps(document, ensure_ascii=False)
    assert "example.jp" not in json.dumps(document, ensure_ascii=False)
    assert achievement["id"] == f"{BASE}/courses/data-basics/"
    assert achievement["name"] == "データ活用の基礎"
    assert [
        (a["targetName"], a["targetCode"], a["targetFramework"], a["targetDescription"])
        for a in achievement["alignment"]
    ] == [
        (
            "データ理解・活用",
            "data-understanding",
            "DX推進スキル標準 1.2",
            "到達レベル: b (proficiency level b)",
        ),
        (
            "データ活用基盤設計",
            "data-platform-design",
            "DX推進スキル標準 1.2",
            "到達レベル: c (proficiency level c)",
        ),
    ]
    for alignment in achievement["alignment"]:  # the skill's own CFItem URI in the CASE package
        assert case_items[alignment["targetUrl"]]["fullStatement"] == alignment["targetName"]


def test_a_learner_without_a_name_gets_no_name_in_the_credential(course):
    enrolment = EnrolmentFactory.create(course=course.course, completed_at=timezone.now())

    document = credential_issue(enrolment=enrolment).document

    assert "name" not in document["credentialSubject"]


def test_the_issued_credential_validates_against_the_ob3_schema(credential):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(credential.document)]

    assert errors == []


# --- Verification page and JSON ----------------------------------------------------------------


def test_verify_page_says_valid_without_login(client, credential):
    response = client.get(f"/verify/{credential.uuid}/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "有効" in body
    assert "Valid" in body
    assert "データ活用の基礎" in body
    assert "山田 花子" in body
    assert credential.learner.email not in body
    assert credentials.issuer_did() in body
    assert "データ活用基盤設計" in body
    assert f'href="/verify/{credential.uuid}/credential.json"' in body
    assert f'href="/me/certificates/{credential.uuid}/print/"' in body
    assert 'class="verdict verdict--valid"' in body


def test_verify_page_shows_learner_without_a_name_as_learner(client, course):
    enrolment = EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    credential = credential_issue(enrolment=enrolment)

    body = client.get(f"/verify/{credential.uuid}/").content.decode()

    assert "<dd>Learner</dd>" in body
    assert enrolment.learner.email not in body


def test_verify_page_says_revoked_with_date_and_reason(client, credential, staff):
    revoked = credential_revoke(credential=credential, reason="不正受講が判明したため", actor=staff)

    body = client.get(f"/verify/{credential.uuid}/").content.decode()

    assert 'class="verdict verdict--revoked"' in body
    assert "取り消し済み" in body
    assert "不正受講が判明したため" in body
    assert f"Revoked on {timezone.localtime(revoked.revoked_at):%Y-%m-%d}." in body
    assert "有効" not in body


def test_verify_page_says_tampered_when_the_stored_document_was_changed(client, credential):
    document = copy.deepcopy(credential.document)
    document["credentialSubject"]["achievement"]["name"] = "上級データサイエンス"
    Credential.objects.filter(pk=credential.pk).update(document=document)

    body = client.get(f"/verify/{credential.uuid}/").content.decode()

    assert 'class="verdict verdict--tampered"' in body
    assert "改ざんされています" in body
    assert credentials.TAMPERED_REASON in body
    assert "有効" not in body


def test_verify_page_says_tampered_when_resigned_with_another_key(client, credential):
    other = Ed25519PrivateKey.generate()
    other_did = did._did_key(other.public_key())
    document = {k: copy.deepcopy(v) for k, v in credential.document.items() if k != "proof"}
    document["issuer"]["id"] = other_did
    Credential.objects.filter(pk=credential.pk).update(document=credentials.sign(document, key=other))

    body = client.get(f"/verify/{credential.uuid}/").content.decode()

    assert 'class="verdict verdict--tampered"' in body
    assert "is not one of this platform&#x27;s signing keys" in body


def test_an_earlier_key_kept_after_rotation_still_verifies(client, credential, settings, tmp_path):
    old_did = credentials.issuer_did()
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "new-key.pem"  # a rotated key
    assert credentials.issuer_did() != old_did

    assert 'verdict--tampered"' in client.get(f"/verify/{credential.uuid}/").content.decode()
    issuer_key_add_previous(did=old_did)  # what `rotate_credential_key --add-previous` records
    assert 'verdict--valid"' in client.get(f"/verify/{credential.uuid}/").content.decode()


def test_credential_json_serves_the_stored_document_as_json_ld(client, credential):
    response = client.get(f"/verify/{credential.uuid}/credential.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert json.loads(response.content) == credential.document
    assert credentials.verify(json.loads(response.content)).is_valid is True


@pytest.mark.parametrize(
    "path",
    [
        "/verify/00000000-0000-4000-8000-000000000000/",
        "/verify/00000000-0000-4000-8000-000000000000/credential.json",
        "/verify/not-a-uuid/",
    ],
)
def test_an_unknown_credential_is_404(client, credential, path):
    assert client.get(path).status_code == 404


# --- Upload or paste on /verify/ ---------------------------------------------------------------


def post_text(client, document) -> str:
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return client.post("/verify/", {"text": text})


def test_verify_form_is_public(client):
    response = client.get("/verify/")

    assert response.status_code == 200
    assert 'id="verify-form"' in response.content.decode()


def test_an_uploaded_valid_credential_is_valid(client, credential):
    upload = SimpleUploadedFile(
        "credential.json", json.dumps(credential.document).encode(), content_type="application/json"
    )

    response = client.post("/verify/", {"file": upload})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'verdict--valid"' in body
    assert f'href="/verify/{credential.uuid}/"' in body


def test_a_pasted_tampered_credential_is_tampered(client, credential):
    document = copy.deepcopy(credential.document)
    document["credentialSubject"]["achievement"]["alignment"][0]["targetDescription"] = "到達レベル: a"

    body = post_text(client, document).content.decode()

    assert 'verdict--tampered"' in body
    assert "改ざんされています" in body


def test_an_uploaded_credential_we_revoked_is_revoked(client, credential, staff):
    credential_revoke(credential=credential, reason="誤発行", actor=staff)

    body = post_text(client, credential.document).content.decode()

    assert 'verdict--revoked"' in body
    assert "誤発行" in body


def test_a_credential_signed_by_another_issuer_is_not_ours(client, credential):
    other = Ed25519PrivateKey.generate()
    document = {k: copy.deepcopy(v) for k, v in credential.document.items() if k != "proof"}
    document["id"] = "https://badges.example.com/credentials/1"
    document["issuer"]["id"] = did._did_key(other.public_key())

    body = post_text(client, credentials.sign(document, key=other)).content.decode()

    assert 'verdict--foreign"' in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "{not json"}, "text", "This is not valid JSON"),
        ({"text": '{"a": 1, "a": 2}'}, "text", "duplicate key"),
        ({"text": "[1, 2]"}, "text", "A credential is a JSON object"),
        ({"text": "x" * (1024 * 1024 + 1)}, "text", "larger than 1024 KB"),
        ({}, None, "Choose a credential file or paste its JSON."),
    ],
)
def test_bad_input_to_the_verify_form_is_a_400_naming_the_field(client, data, field, message):
    response = client.post("/verify/", data)

    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field) if field else form.non_field_errors()
    assert any(message in error for error in errors), form.errors


def test_a_too_large_file_is_refused(client):
    upload = SimpleUploadedFile("big.json", b" " * (1024 * 1024 + 1), content_type="application/json")

    response = client.post("/verify/", {"file": upload})

    assert response.status_code == 400
    assert "larger than 1024 KB" in response.context["form"].errors["file"][0]


# --- verify_credential command -----------------------------------------------------------------


def run_command(path: Path) -> tuple[str | int | None, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_credential", str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(tmp_path: Path, document) -> Path:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_command_valid_exits_0(credential, tmp_path):
    code, out, _ = run_command(write(tmp_path, credential.document))

    assert code == 0
    assert out.startswith("valid")


def test_command_tampered_exits_2_with_the_reason(credential, tmp_path):
    document = copy.deepcopy(credential.document)
    document["validFrom"] = "2020-01-01T00:00:00Z"

    code, out, err = run_command(write(tmp_path, document))

    assert code == 2
    assert out == ""
    assert credentials.TAMPERED_REASON in err


def test_command_malformed_exits_2(tmp_path):
    path = tmp_path / "credential.json"
    path.write_text("{oops", encoding="utf-8")

    code, _, err = run_command(path)

    assert code == 2
    assert "invalid JSON" in err


def test_command_revoked_exits_3(credential, staff, tmp_path):
    credential_revoke(credential=credential, reason="誤発行", actor=staff)

    code, _, err = run_command(write(tmp_path, credential.document))

    assert code == 3
    assert err.startswith("revoked")
    assert "誤発行" in err


# --- Revocation --------------------------------------------------------------------------------


def test_credential_revoke_records_who_when_and_why(credential, staff):
    revoked = credential_revoke(credential=credential, reason="  誤発行  ", actor=staff)

    credential.refresh_from_db()
    assert credential.revoked_at == revoked.revoked_at
    assert credential.revocation_reason == "誤発行"
    assert credential.revoked_by == staff
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.action_flag) == (staff, str(credential.pk), CHANGE)
    assert entry.change_message == "Revoked: 誤発行"


def test_credential_revoke_is_idempotent(credential, staff):
    first = credential_revoke(credential=credential, reason="誤発行", actor=staff)
    second = credential_revoke(credential=credential, reason="別の理由", actor=staff)

    assert second.revoked_at == first.revoked_at
    assert second.revocation_reason == "誤発行"
    assert LogEntry.objects.count() == 1


@pytest.mark.parametrize("kind", ["learner", "staff_without_permission", "inactive_superuser"])
def test_credential_revoke_refuses_anyone_else_and_changes_nothing(credential, kind):
    actor = {
        "learner": lambda: UserFactory.create(),
        "staff_without_permission": lambda: UserFactory.create(is_staff=True),
        "inactive_superuser": lambda: StaffFactory.create(is_active=False),
    }[kind]()

    with pytest.raises(PermissionDenied):
        credential_revoke(credential=credential, reason="誤発行", actor=actor)

    credential.refresh_from_db()
    assert credential.revoked_at is None
    assert not LogEntry.objects.exists()


def test_staff_with_the_change_permission_may_revoke(credential):
    actor = UserFactory.create(is_staff=True)
    actor.user_permissions.add(Permission.objects.get(codename="change_credential"))

    assert credential_revoke(credential=credential, reason="誤発行", actor=actor).is_revoked


def test_credential_revoke_needs_a_reason(credential, staff):
    with pytest.raises(ValidationError) as error:
        credential_revoke(credential=credential, reason="   ", actor=staff)

    assert list(error.value.message_dict) == ["revocation_reason"]
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_admin_action_revokes_the_selected_credentials(client, credential, staff, course):
    other = credential_issue(
        enrolment=EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
    )
    client.force_login(staff)

    response = client.post(
        "/admin/learners/credential/",
        {"action": "revoke_selected", "_selected_action": [credential.pk, other.pk], "reason": "誤発行"},
    )

    assert response.status_code == 302
    assert Credential.objects.filter(revoked_at__isnull=False, revocation_reason="誤発行").count() == 2
    assert LogEntry.objects.filter(user=staff, action_flag=CHANGE).count() == 2


def test_admin_action_without_a_reason_revokes_nothing(client, credential, staff):
    client.force_login(staff)

    response = client.post(
        "/admin/learners/credential/",
        {"action": "revoke_selected", "_selected_action": [credential.pk], "reason": ""},
        follow=True,
    )

    assert "Give a reason for revoking the credentials." in response.content.decode()
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_admin_change_view_revokes_with_the_reason_field(client, credential, staff):
    client.force_login(staff)
    url = f"/admin/learners/credential/{credential.pk}/change/"
    assert 'name="revoke_reason"' in client.get(url).content.decode()

    response = client.post(url, {"revoke_reason": "不正受講"})

    assert response.status_code == 302
    credential.refresh_from_db()
    assert (credential.revocation_reason, credential.revoked_by) == ("不正受講", staff)
    assert LogEntry.objects.filter(user=staff).count() == 1
    assert 'name="revoke_reason"' not in client.get(url).content.decode()  # once revoked


@pytest.mark.parametrize("actor", ["anonymous", "learner_a", "learner_b"])
def test_non_staff_cannot_use_the_admin_to_revoke(client, credential, as_actor, actor):
    user = as_actor(actor)
    if user is not None:
        client.force_login(user)

    response = client.post(
        "/admin/learners/credential/",
        {"action": "revoke_selected", "_selected_action": [credential.pk], "reason": "誤発行"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_staff_without_permission_cannot_see_or_revoke_credentials(client, credential):
    client.force_login(UserFactory.create(is_staff=True))

    assert client.get("/admin/learners/credential/").status_code == 403
    response = client.post(f"/admin/learners/credential/{credential.pk}/change/", {"revoke_reason": "x"})

    assert response.status_code == 403
    credential.refresh_from_db()
    assert credential.revoked_at is None


# --- Printable certificate and My learning -----------------------------------------------------


def test_the_owner_prints_the_certificate_with_the_verify_url_and_a_qr_code(client, credential):
    client.force_login(credential.learner)

    response = client.get(f"/me/certificates/{credential.uuid}/print/")

    assert response.status_code == 200
    body = response.content.decode()
    assert f"{BASE}/verify/{credential.uuid}/" in body
    assert "<svg" in body
    assert "データ活用の基礎" in body
    assert "修了証" in body


@pytest.mark.parametrize("actor", ["learner_b", "staff"])
def test_another_users_certificate_is_404(client, credential, as_actor, actor):
    client.force_login(as_actor(actor))

    assert client.get(f"/me/certificates/{credential.uuid}/print/").status_code == 404


def test_printing_needs_a_login(client, credential):
    response = client.get(f"/me/certificates/{credential.uuid}/print/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_learning_links_the_certificate(client, credential):
    client.force_login(credential.learner)

    body = client.get("/me/learning/").content.decode()

    assert f'href="/verify/{credential.uuid}/"' in body
    assert f'href="/me/certificates/{credential.uuid}/print/"' in body
    assert f'href="/verify/{credential.uuid}/credential.json"' in body


def test_my_learning_says_when_the_certificate_is_on_its_way(client, completed):
    client.force_login(completed.learner)

    assert "Your certificate is being issued" in client.get("/me/learning/").content.decode()


# --- Key material ------------------------------------------------------------------------------


def test_no_page_or_log_line_exposes_the_signing_key(client, api, course, staff, credential_key, caplog):
    # Given a credential issued while logging everything
    with caplog.at_level(logging.DEBUG):
        enrolment = EnrolmentFactory.create(course=course.course, completed_at=timezone.now())
        credential = credential_issue(enrolment=enrolment)
        credential_revoke(credential=credential, reason="鍵の確認", actor=staff)
    assert credential_key.exists()

    # When every page that shows the credential is fetched
    pages = [
        client.get(f"/verify/{credential.uuid}/"),
        client.get(f"/verify/{credential.uuid}/credential.json"),
        client.post("/verify/", {"text": json.dumps(credential.document)}),
    ]
    client.force_login(enrolment.learner)
    pages += [client.get(f"/me/certificates/{credential.uuid}/print/"), client.get("/me/learning/")]
    api.force_authenticate(enrolment.learner)
    pages += [api.get("/api/v1/me/credentials/"), api.get(f"/api/v1/me/credentials/{credential.uuid}/")]
    client.force_login(staff)
    pages += [
        client.get("/admin/learners/credential/"),
        client.get(f"/admin/learners/credential/{credential.pk}/change/"),
        client.get(f"/admin/learners/credential/{credential.pk}/history/"),
    ]

    # Then none holds the key in any form, and neither do the logs
    for response in pages:
        assert response.status_code == 200, response.request
        assert_no_key_material(response.content.decode(), credential_key)
    assert_no_key_material(caplog.text, credential_key)
    assert f"Issued credential {credential.uuid}" in caplog.text
