"""Issue #13 item 5: the learner's Comprehensive Learner Record (CLR 2.0), from My learning and the
API, and the verify page accepting it."""

import copy
import datetime as dt
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone
from jsonschema import Draft201909Validator

from learners import credentials
from learners.credentials import did
from learners.models import Exam, ExamPass
from learners.selectors import Verdict, record_check
from learners.services import credential_revoke, exam_reference_load
from tests.core.factories import StaffFactory
from tests.courses.factories import ProviderFactory

from .test_certificates import SCHEMA

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam_pass(learner_a):
    """A pass the exam body reported (only reported passes are signed into the record)."""
    exam_reference_load()
    return ExamPass.objects.create(
        learner=learner_a,
        exam=Exam.objects.get(code="FE"),
        passed_on=dt.date(2024, 11, 20),
        certificate_number="FE-123",
        provider=ProviderFactory(name_ja="情報処理推進機構", name_en="IPA"),
        record_id="FE-2024-1",
    )


@pytest.fixture
def signed_in(client, learner_a):
    client.force_login(learner_a)
    return client


def _record(client) -> dict:
    response = client.get("/me/learning/record.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="learner-record.json"'
    return json.loads(response.content)


def test_the_record_bundles_certificates_and_exam_passes_signed_by_the_platform(
    signed_in, credential, exam_pass
):
    record = _record(signed_in)
    subject = record["credentialSubject"]

    assert record["type"] == ["VerifiableCredential", "ClrCredential"]
    assert record["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    ]
    assert record["issuer"]["id"] == credentials.issuer_did()
    assert subject["type"] == ["ClrSubject"]
    assert [c["type"][1] for c in subject["verifiableCredential"]] == [
        "OpenBadgeCredential",
        "AchievementCredential",
    ]
    assert subject["verifiableCredential"][0] == credential.document  # as issued, with its own proof
    exam = subject["verifiableCredential"][1]
    assert exam["credentialSubject"]["achievement"]["humanCode"] == "FE"
    assert exam["credentialSubject"]["licenseNumber"] == "FE-123"
    assert "reported by IPA" in exam["evidence"][0]["narrative"]
    assert exam["id"] == exam_pass.public_id.urn  # random, not derived from the row
    assert credentials.identity_matches(subject["identifier"][0], exam_pass.learner.email)
    assert credentials.verify(record).is_valid
    assert credentials.verify(exam).is_valid
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(exam)] == []


def test_the_api_serves_the_same_kind_of_record(api, learner_a, credential):
    api.force_authenticate(learner_a)

    response = api.get("/api/v1/me/learner-record/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert credentials.verify(response.json()).is_valid
    assert len(response.json()["credentialSubject"]["verifiableCredential"]) == 1


def test_an_empty_record_is_a_404_and_my_learning_offers_no_link(signed_in, api, learner_a):
    api.force_authenticate(learner_a)

    assert signed_in.get("/me/learning/record.json").status_code == 404
    assert api.get("/api/v1/me/learner-record/").status_code == 404
    assert "learner-record-download" not in signed_in.get("/me/learning/").content.decode()


def test_my_learning_links_the_record(signed_in, credential):
    assert 'id="learner-record-download"' in signed_in.get("/me/learning/").content.decode()


def test_anonymous_visitors_get_no_record(client, api, credential):
    assert client.get("/me/learning/record.json").status_code == 302
    assert api.get("/api/v1/me/learner-record/").status_code in (401, 403)


def test_a_revoked_certificate_is_left_out(signed_in, credential, exam_pass):
    credential_revoke(credential=credential, reason="Issued in error", actor=StaffFactory(is_superuser=True))

    inner = _record(signed_in)["credentialSubject"]["verifiableCredential"]

    assert [c["type"][1] for c in inner] == ["AchievementCredential"]


def test_the_verify_page_accepts_a_record(client, signed_in, credential, exam_pass):
    record = _record(signed_in)

    response = client.post("/verify/", {"text": json.dumps(record)})
    body = response.content.decode()

    assert response.status_code == 200
    assert 'class="verdict verdict--valid"' in body
    assert body.count('class="record-item record-item--valid"') == 2


def test_a_record_with_one_altered_achievement_is_tampered_and_names_it(
    client, signed_in, credential, exam_pass
):
    record = _record(signed_in)
    altered = copy.deepcopy(record)
    altered["credentialSubject"]["verifiableCredential"][1]["credentialSubject"]["achievement"]["name"] = (
        "応用情報技術者試験"
    )

    check = record_check(document=altered)
    body = client.post("/verify/", {"text": json.dumps(altered)}).content.decode()

    assert check.verdict == Verdict.TAMPERED
    assert check.reason.startswith("credential 2 in the record (urn:uuid:")
    assert check.reason.endswith("the credential was changed after signing")
    assert 'class="verdict verdict--tampered"' in body
    assert credentials.verify(record).is_valid


def test_a_certificate_revoked_after_the_record_was_made_shows_as_revoked(client, signed_in, credential):
    record = _record(signed_in)
    credential_revoke(credential=credential, reason="Fraud", actor=StaffFactory(is_superuser=True))

    check = record_check(document=record)

    assert check.verdict == Verdict.VALID  # the record itself is intact...
    assert [item.verdict for item in check.items] == [Verdict.REVOKED]  # ...and says what changed


def test_a_record_signed_by_someone_else_is_foreign(credential):
    other = Ed25519PrivateKey.generate()
    record = credentials.build_clr(
        clr_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        issuer={"id": did._did_key(other.public_key()), "type": ["Profile"], "name": "Elsewhere"},
        name="Someone's record",
        identifier=[],
        credentials=[credential.document],
        issued_at=timezone.now(),
    )

    check = record_check(document=credentials.sign(record, key=other))

    assert check.verdict == Verdict.FOREIGN


@pytest.mark.parametrize(
    "subject",
    [
        {"type": ["ClrSubject"]},
        {"type": ["ClrSubject"], "verifiableCredential": []},
        {"verifiableCredential": "x"},
    ],
)
def test_a_malformed_record_is_refused_not_a_500(client, subject):
    record = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": {"id": "did:key:z6Mk"},
        "credentialSubject": subject,
    }

    response = client.post("/verify/", {"text": json.dumps(record)})

    assert response.status_code == 200
    assert 'class="verdict verdict--tampered"' in response.content.decode()
