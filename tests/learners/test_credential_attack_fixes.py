"""Issue #13, attacked from outside: each test failed before its fix (the failure is in its name)."""

import copy
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from learners import credentials
from learners.models import Credential, Exam, ExamPass, LearnerProfile, StatusList
from learners.selectors import Verdict, credential_check, record_check
from learners.services import (
    credential_revoke,
    credentials_add_status,
    exam_reference_load,
    learner_account_delete,
    status_bit_allocate,
)
from learners.services.records import learner_record_build
from tests.core.factories import StaffFactory
from tests.courses.factories import ProviderFactory

from .factories import LearnerProfileFactory

pytestmark = pytest.mark.django_db


def _pass(learner, *, reported: bool) -> ExamPass:
    exam_reference_load()
    extra = {"provider": ProviderFactory(), "record_id": "R-1"} if reported else {}
    return ExamPass.objects.create(
        learner=learner, exam=Exam.objects.get(code="FE"), passed_on=dt.date(2024, 11, 20), **extra
    )


def _exam_credentials(learner) -> list[dict]:
    inner = learner_record_build(learner=learner)["credentialSubject"]["verifiableCredential"]
    return [c for c in inner if "AchievementCredential" in c["type"]]


def test_a_self_declared_pass_is_not_signed_into_the_record(learner_a, credential):
    _pass(learner_a, reported=False)

    assert _exam_credentials(learner_a) == []


def test_a_learner_with_only_a_self_declared_pass_has_no_record(client, learner_a):
    _pass(learner_a, reported=False)
    client.force_login(learner_a)

    assert client.get("/me/learning/record.json").status_code == 404


def test_an_exam_pass_taken_out_of_a_record_stops_verifying_once_voided(client, learner_a):
    exam_pass = _pass(learner_a, reported=True)
    [extracted] = _exam_credentials(learner_a)
    assert credential_check(document=extracted).verdict == Verdict.VALID

    ExamPass.objects.filter(pk=exam_pass.pk).update(voided_at=timezone.now(), void_reason="Sent in error")
    check = credential_check(document=extracted)
    body = client.post("/verify/", {"text": json.dumps(extracted)}).content.decode()

    assert check.verdict == Verdict.REVOKED
    assert "Sent in error" in check.reason
    assert 'class="verdict verdict--revoked"' in body
    assert "Sent in error" in body


def test_an_exam_pass_credential_of_a_deleted_pass_is_not_valid(learner_a):
    exam_pass = _pass(learner_a, reported=True)
    [extracted] = _exam_credentials(learner_a)
    exam_pass.delete()

    assert credential_check(document=extracted).verdict == Verdict.REVOKED


def test_an_exam_pass_id_says_nothing_of_the_row(learner_a):
    exam_pass = _pass(learner_a, reported=True)
    [extracted] = _exam_credentials(learner_a)

    other = _pass(LearnerProfileFactory().user, reported=True)

    assert extracted["id"] == exam_pass.public_id.urn
    assert other.public_id.int - exam_pass.public_id.int != other.pk - exam_pass.pk  # not a sequence


def test_a_record_shows_a_warning_when_a_credential_in_it_was_revoked(client, learner_a, credential):
    record = learner_record_build(learner=learner_a)
    credential_revoke(credential=credential, reason="Fraud", actor=StaffFactory(is_superuser=True))

    check = record_check(document=record)
    body = client.post("/verify/", {"text": json.dumps(record)}).content.decode()

    assert check.verdict == Verdict.VALID
    assert check.items_not_valid == 1
    assert 'id="record-warning"' in body


def test_a_record_nested_in_a_record_is_refused_at_once(learner_a, credential):
    record = learner_record_build(learner=learner_a)
    inner = copy.deepcopy(record)
    inner["type"] = ["VerifiableCredential", "ClrCredential", "OpenBadgeCredential"]
    outer = copy.deepcopy(record)
    outer["credentialSubject"]["verifiableCredential"] = [inner]

    result = credentials.verify(outer)

    assert not result.is_valid
    assert "may not hold another learner record" in result.reason


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00"])
def test_an_extreme_valid_from_is_answered_not_a_500(client, credential, stamp):
    changed = copy.deepcopy(credential.document)
    changed["validFrom"] = stamp

    response = client.post("/verify/", {"text": json.dumps(changed)})

    assert response.status_code == 200
    assert 'class="verdict verdict--tampered"' in response.content.decode()


def test_a_changed_base_url_does_not_make_our_own_credentials_tampered(settings, credential):
    settings.PLATFORM_BASE_URL = "https://skills.example.go.jp"

    assert credential_check(document=credential.document, credential=credential).verdict == Verdict.VALID


def test_a_freed_index_whose_bit_is_set_is_never_reused(course, credential, monkeypatch):
    credential_revoke(credential=credential, reason="Fraud", actor=StaffFactory(is_superuser=True))
    index = credential.status_index
    Credential.objects.filter(pk=credential.pk).delete()  # the row goes, the bit stays set
    draws = iter([index, index, (index + 1) % 131_072])
    monkeypatch.setattr("learners.services.status_lists.secrets.randbelow", lambda n: next(draws))

    _, drawn = status_bit_allocate()

    assert drawn == (index + 1) % 131_072


def test_deleting_the_account_clears_the_names(learner_a):
    LearnerProfileFactory(user=learner_a, name_kanji="山田 花子", name_romanised="Hanako Yamada")
    learner_a.set_password("pw-123456789")
    learner_a.save()

    learner_account_delete(learner=learner_a, password="pw-123456789")

    profile = LearnerProfile.objects.get(user=learner_a)
    assert (profile.name_kanji, profile.name_romanised) == ("", "")


def test_the_backfill_does_not_re_sign_a_stored_document_changed_since_signing(credential):
    changed = {k: v for k, v in credential.document.items() if k != "credentialStatus"}
    changed["name"] = "応用情報技術者"  # changed after signing: its proof no longer holds
    Credential.objects.filter(pk=credential.pk).update(document=changed, status_list=None, status_index=None)

    assert credentials_add_status() == 0

    credential.refresh_from_db()
    assert credential.status_list_id is None
    assert credential.document == changed


def test_a_foreign_credential_is_not_shown_as_the_platforms(client, credential):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from learners.credentials import did

    other = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in credential.document.items() if k not in ("proof", "credentialStatus")}
    unsigned["issuer"] = {**unsigned["issuer"], "id": did._did_key(other.public_key())}
    unsigned["id"] = "https://elsewhere.example/credentials/1"
    foreign = credentials.sign(unsigned, key=other)

    body = client.post("/verify/", {"text": json.dumps(foreign)}).content.decode()

    assert 'class="verdict verdict--foreign"' in body
    assert 'class="credential-facts__issuer"' not in body


@pytest.mark.parametrize("path", ["/.well-known/did.json"])
def test_head_is_answered_on_the_public_documents(client, path):
    assert client.head(path).status_code == 200


def test_head_is_answered_on_a_status_list(client, credential):
    assert client.head(f"/credentials/status/{StatusList.objects.get().uuid}").status_code == 200


@pytest.mark.parametrize("value", ["\u3164", "山田\u3164花子", "\uffa0", "\u115f\u1160"])
def test_hangul_fillers_are_not_a_name(learner_a, value):
    with pytest.raises(ValidationError) as raised:
        LearnerProfileFactory.build(user=learner_a, name_kanji=value).full_clean()

    assert "name_kanji" in raised.value.message_dict


def test_a_combining_accent_is_accepted_in_a_romanised_name(learner_a):
    LearnerProfileFactory.build(user=learner_a, name_romanised="Jose\u0301 Mu\u0308ller").full_clean()


def test_verify_credential_checks_a_learner_record_and_exits_3_when_a_credential_is_revoked(
    tmp_path, learner_a, credential
):
    record = learner_record_build(learner=learner_a)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    out = io.StringIO()
    call_command("verify_credential", str(path), stdout=out)
    assert "valid: learner record with 1 credential" in out.getvalue()

    credential_revoke(credential=credential, reason="Fraud", actor=StaffFactory(is_superuser=True))
    with pytest.raises(SystemExit) as raised:
        call_command("verify_credential", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert raised.value.code == 3
