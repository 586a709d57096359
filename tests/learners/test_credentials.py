"""Open Badges 3.0 credentials: building, eddsa-jcs-2022 signing, offline verification, key file."""

import base64
import copy
import datetime as dt
import json
import os
import stat
from decimal import Decimal
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft201909Validator

from learners import credentials
from learners.credentials import (
    Alignment,
    CourseAchievement,
    Verification,
    build_credential,
    issuer_did,
    sign,
    signing_key,
    verification_method,
    verify,
    verify_file,
)


def _conformance_dir() -> Path:
    beside_repo = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
    return beside_repo if beside_repo.is_dir() else Path("/work/shared/conformance")


CONFORMANCE = _conformance_dir()
OB3 = CONFORMANCE / "obv3"
EXAMPLES = sorted((OB3 / "examples").glob("*.json"))

ISSUED_AT = dt.datetime(2025, 4, 1, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=9)))
CREATED = dt.datetime(2025, 4, 1, 0, 31, tzinfo=dt.UTC)
LEARNER_ID = "urn:uuid:0f8c3f0e-5a43-4f35-9d2e-6d1b7a3c9e21"

# W3C did:key spec, Ed25519 test vector.
DID_KEY_VECTOR = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"

# W3C Data Integrity EdDSA Cryptosuites v1.0, eddsa-jcs-2022 test vector (w3c/vc-di-eddsa TestVectors:
# keyPair.json and eddsa-jcs-2022/signedJCS.json).
W3C_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_UNSIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
}


@pytest.fixture
def key_file(settings, tmp_path) -> Path:
    path = tmp_path / "keys" / "credential-signing-ed25519.pem"
    settings.CREDENTIAL_SIGNING_KEY_FILE = path
    return path


@pytest.fixture
def achievement() -> CourseAchievement:
    return CourseAchievement(
        course_url="https://skills.example.go.jp/courses/data-platform-design",
        title_ja="データ活用基盤設計入門",
        title_en="Introduction to Data Platform Design",
        summary_ja="データ活用基盤の設計手法を学ぶ。",
        summary_en="Learn how to design a data platform.",
        hours=Decimal("12.50"),
        alignments=[
            Alignment(
                target_name="データ活用基盤設計",
                target_url="https://skills.example.go.jp/case/items/data-platform-design",
                target_code="data-platform-design",
                target_framework="DX推進スキル標準 1.2",
                level="b",
            ),
            Alignment(
                target_name="データ理解・活用",
                target_url="https://skills.example.go.jp/case/items/data-understanding",
                target_code="data-understanding",
                target_framework="DX推進スキル標準 1.2",
            ),
        ],
    )


@pytest.fixture
def unsigned(key_file, achievement) -> dict:
    return build_credential(
        credential_url="https://skills.example.go.jp/credentials/7d1c2f5e",
        issuer_name="デジタルスキルプラットフォーム",
        issuer_url="https://skills.example.go.jp",
        learner_id=LEARNER_ID,
        learner_name="山田 花子",
        achievement=achievement,
        issued_at=ISSUED_AT,
    )


@pytest.fixture
def signed(unsigned) -> dict:
    return sign(unsigned, created=CREATED)


def _schema_validator() -> Draft201909Validator:
    schema = json.loads((OB3 / "achievementcredential.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2019-09/schema#"
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


# ---------------------------------------------------------------------------- building + schema


def test_signed_credential_validates_against_ob3_schema(signed):
    errors = sorted(_schema_validator().iter_errors(signed), key=lambda e: list(e.absolute_path))
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_unsigned_credential_validates_against_ob3_schema(unsigned):
    assert list(_schema_validator().iter_errors(unsigned)) == []


def test_conformance_examples_still_validate():
    validator = _schema_validator()
    assert [path.name for path in EXAMPLES] == [
        "basic-openbadgecredential.json",
        "complete-openbadgecredential.json",
        "skill-assertion-case.json",
    ]
    for path in EXAMPLES:
        assert list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))) == [], path.name


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_context_and_types_match_the_ob3_examples(signed, example):
    ours = signed
    theirs = json.loads(example.read_text(encoding="utf-8"))
    assert ours["@context"] == theirs["@context"][:2]
    assert ours["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert ours["type"] == theirs["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert ours["issuer"]["type"] == theirs["issuer"]["type"] == ["Profile"]
    assert ours["credentialSubject"]["type"] == theirs["credentialSubject"]["type"] == ["AchievementSubject"]
    assert ours["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert theirs["credentialSubject"]["achievement"]["type"] == ["Achievement"]
    assert set(theirs) >= {"@context", "id", "type", "issuer", "validFrom", "credentialSubject"}
    assert set(ours) >= set(theirs) & {
        "@context",
        "id",
        "type",
        "issuer",
        "validFrom",
        "name",
        "credentialSubject",
    }


def test_alignment_is_expressed_like_the_case_skill_example(signed):
    example = json.loads((OB3 / "examples" / "skill-assertion-case.json").read_text(encoding="utf-8"))
    theirs = example["credentialSubject"]["achievement"]["alignment"][0]
    ours = signed["credentialSubject"]["achievement"]["alignment"]
    assert set(theirs) <= set(ours[0])
    assert theirs["targetType"] == "CFItem"
    assert ours == [
        {
            "type": ["Alignment"],
            "targetName": "データ活用基盤設計",
            "targetUrl": "https://skills.example.go.jp/case/items/data-platform-design",
            "targetDescription": "到達レベル: b (proficiency level b)",
            "targetCode": "data-platform-design",
            "targetFramework": "DX推進スキル標準 1.2",
            "targetType": "CFItem",
        },
        {
            "type": ["Alignment"],
            "targetName": "データ理解・活用",
            "targetUrl": "https://skills.example.go.jp/case/items/data-understanding",
            "targetCode": "data-understanding",
            "targetFramework": "DX推進スキル標準 1.2",
            "targetType": "CFItem",
        },
    ]


def test_build_credential_content(unsigned, key_file):
    assert unsigned["id"] == "https://skills.example.go.jp/credentials/7d1c2f5e"
    assert unsigned["validFrom"] == "2025-04-01T00:30:15Z"
    assert unsigned["name"] == "データ活用基盤設計入門"
    assert unsigned["issuer"] == {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": "デジタルスキルプラットフォーム",
        "url": "https://skills.example.go.jp",
    }
    subject = unsigned["credentialSubject"]
    assert subject["id"] == LEARNER_ID
    assert subject["name"] == "山田 花子"
    achievement = subject["achievement"]
    assert {k: v for k, v in achievement.items() if k != "alignment"} == {
        "id": "https://skills.example.go.jp/courses/data-platform-design",
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": "データ活用基盤設計入門",
        "description": (
            "データ活用基盤の設計手法を学ぶ。\n\n"
            "Introduction to Data Platform Design — Learn how to design a data platform."
        ),
        "criteria": {
            "narrative": (
                "コース「データ活用基盤設計入門」（12.5時間）のすべての必修単元を修了したこと。\n\n"
                "Completed every required unit of the course “Introduction to Data Platform Design” (12.5 hours)."
            )
        },
        "inLanguage": "ja",
    }
    assert "proof" not in unsigned


def test_build_credential_turns_a_bare_uuid_into_a_urn_and_omits_empty_name(key_file, achievement):
    credential = build_credential(
        credential_url="https://skills.example.go.jp/credentials/1",
        issuer_name="DSP",
        issuer_url="https://skills.example.go.jp",
        learner_id="0F8C3F0E-5A43-4F35-9D2E-6D1B7A3C9E21",
        learner_name="",
        achievement=achievement,
        issued_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    assert credential["credentialSubject"]["id"] == "urn:uuid:0f8c3f0e-5a43-4f35-9d2e-6d1b7a3c9e21"
    assert "name" not in credential["credentialSubject"]
    assert credential["validFrom"] == "2025-01-01T00:00:00Z"


@pytest.mark.parametrize("learner_id", ["hanako@example.jp", "mailto:hanako@example.jp", "hanako", ""])
def test_build_credential_refuses_e_mail_and_non_uri_learner_ids(key_file, achievement, learner_id):
    with pytest.raises(ValueError, match="learner_id"):
        build_credential(
            credential_url="https://skills.example.go.jp/credentials/1",
            issuer_name="DSP",
            issuer_url="https://skills.example.go.jp",
            learner_id=learner_id,
            learner_name="",
            achievement=achievement,
            issued_at=ISSUED_AT,
        )


def test_build_credential_refuses_a_naive_datetime(key_file, achievement):
    with pytest.raises(ValueError, match="timezone-aware"):
        build_credential(
            credential_url="https://skills.example.go.jp/credentials/1",
            issuer_name="DSP",
            issuer_url="https://skills.example.go.jp",
            learner_id=LEARNER_ID,
            learner_name="",
            achievement=achievement,
            issued_at=dt.datetime(2025, 1, 1),  # noqa: DTZ001 - the point of the test
        )


def test_hours_are_rendered_without_trailing_zeros_or_exponent():
    def make(hours):
        return CourseAchievement("https://x.example/c", "講座", "Course", "", "", hours, [])

    assert make(Decimal("12.50")).hours_text == "12.5"
    assert make(Decimal("1E+1")).hours_text == "10"
    assert make(3.0).hours_text == "3"
    assert make(0.5).hours_text == "0.5"
    with pytest.raises(ValueError, match="hours"):
        make(float("nan"))
    with pytest.raises(ValueError, match="hours"):
        make(Decimal(-1))


def test_alignment_rejects_unknown_target_type():
    with pytest.raises(ValueError, match="AlignmentTargetType"):
        Alignment("x", "https://x.example/i", "x", "F", target_type="Skill")
    assert Alignment("x", "https://x.example/i", "x", "F", target_type="ext:DSS").target_type == "ext:DSS"


# ---------------------------------------------------------------------------- sign + verify


def test_sign_then_verify_is_valid(signed, key_file):
    result = verify(signed)
    assert result == Verification(is_valid=True, reason=f"valid: signed by {issuer_did()} (eddsa-jcs-2022)")


def test_signed_proof_shape(signed, unsigned, key_file):
    assert {k: v for k, v in signed.items() if k != "proof"} == unsigned
    assert len(signed["proof"]) == 1
    proof = signed["proof"][0]
    assert list(proof) == [
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "@context",
        "proofValue",
    ]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["created"] == "2025-04-01T00:31:00Z"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["@context"] == signed["@context"]
    assert proof["verificationMethod"] == verification_method()
    did = issuer_did()
    assert did.startswith("did:key:z6Mk")
    assert verification_method() == f"{did}#{did.removeprefix('did:key:')}"
    assert proof["proofValue"].startswith("z")
    assert len(base58.b58decode(proof["proofValue"][1:])) == 64


def test_sign_does_not_mutate_its_input(unsigned):
    before = copy.deepcopy(unsigned)
    result = sign(unsigned, created=CREATED)
    assert unsigned == before
    assert "proof" not in unsigned
    result["credentialSubject"]["achievement"]["alignment"][0]["targetName"] = "changed"
    assert unsigned == before


def test_signing_is_deterministic_for_a_fixed_key_and_created(unsigned):
    first = sign(unsigned, created=CREATED)
    second = sign(unsigned, created=CREATED)
    assert first == second
    later = sign(unsigned, created=CREATED + dt.timedelta(seconds=1))
    assert later["proof"][0]["proofValue"] != first["proof"][0]["proofValue"]
    assert verify(later).is_valid is True


def test_sign_defaults_created_to_now_in_utc(unsigned):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    proof = sign(unsigned)["proof"][0]
    after = dt.datetime.now(dt.UTC)
    created = dt.datetime.fromisoformat(proof["created"].replace("Z", "+00:00"))
    assert proof["created"].endswith("Z")
    assert before <= created <= after


def test_sign_refuses_an_issuer_that_is_not_the_key_and_an_already_signed_credential(unsigned, signed):
    with pytest.raises(ValueError, match="issuer id is not the signing key's DID"):
        sign(unsigned, key=Ed25519PrivateKey.generate(), created=CREATED)
    with pytest.raises(ValueError, match="already has a proof"):
        sign(signed, created=CREATED)


def _set_achievement_name(c):
    c["credentialSubject"]["achievement"]["name"] = "データ活用基盤設計応用"


def _set_alignment_level(c):
    c["credentialSubject"]["achievement"]["alignment"][0]["targetDescription"] = (
        "到達レベル: c (proficiency level c)"
    )


def _set_valid_from(c):
    c["validFrom"] = "2025-04-01T00:30:16Z"


def _set_issuer_name(c):
    c["issuer"]["name"] = "Another Platform"


def _set_proof_created(c):
    c["proof"][0]["created"] = "2025-04-01T00:31:01Z"


def _add_top_level_field(c):
    c["validUntil"] = "2030-01-01T00:00:00Z"


def _add_nested_field(c):
    c["credentialSubject"]["achievement"]["creditsAvailable"] = 3


def _remove_alignment(c):
    c["credentialSubject"]["achievement"]["alignment"].pop()


def _set_subject_id(c):
    c["credentialSubject"]["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"


def _append_context(c):
    c["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")


def _add_proof_field(c):
    c["proof"][0]["expires"] = "2099-01-01T00:00:00Z"


def _set_learner_name_unicode_lookalike(c):
    c["credentialSubject"]["name"] = "山田\u3000花子"  # ideographic space


TAMPERINGS = [
    _set_achievement_name,
    _set_alignment_level,
    _set_valid_from,
    _set_issuer_name,
    _set_proof_created,
    _add_top_level_field,
    _add_nested_field,
    _remove_alignment,
    _set_subject_id,
    _append_context,
    _add_proof_field,
    _set_learner_name_unicode_lookalike,
]


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda f: f.__name__.lstrip("_"))
def test_any_change_after_signing_is_detected(signed, tamper):
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    assert tampered != signed
    assert verify(tampered) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )
    assert verify(signed).is_valid is True


def test_proof_as_a_single_object_is_accepted(signed):
    single = {**signed, "proof": signed["proof"][0]}
    assert verify(single).is_valid is True


def test_signature_by_another_key_with_the_platform_verification_method_is_invalid(signed):
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["achievement"]["name"] = "偽造コース"
    del forged["proof"]
    proof = credentials._create_proof(
        forged,
        key=Ed25519PrivateKey.generate(),
        verification_method=signed["proof"][0]["verificationMethod"],
        created=signed["proof"][0]["created"],
    )
    forged["proof"] = [proof]
    assert verify(forged) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )


def test_credential_resigned_by_another_key_is_rejected_for_the_issuer(signed):
    other = Ed25519PrivateKey.generate()
    forged = {k: copy.deepcopy(v) for k, v in signed.items() if k != "proof"}
    forged["proof"] = [
        credentials._create_proof(
            forged,
            key=other,
            verification_method=credentials._verification_method(other.public_key()),
            created="2025-04-01T00:31:00Z",
        )
    ]
    result = verify(forged)
    assert result.is_valid is False
    assert result.reason.startswith(
        f"issuer {signed['issuer']['id']!r} is not the DID of the verificationMethod"
    )


def test_credential_without_proof_is_invalid(unsigned):
    assert verify(unsigned) == Verification(is_valid=False, reason="no proof: the credential is not signed")


def _vm(c):
    return c["proof"][0]["verificationMethod"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda c: c["proof"][0].update(type="Ed25519Signature2020"),
            "proof type must be DataIntegrityProof",
        ),
        (
            lambda c: c["proof"][0].update(cryptosuite="eddsa-rdfc-2022"),
            "proof cryptosuite must be eddsa-jcs-2022",
        ),
        (
            lambda c: c["proof"][0].update(proofPurpose="authentication"),
            "proofPurpose must be assertionMethod",
        ),
        (lambda c: c["proof"][0].update(created="yesterday"), "proof created is not a date-time"),
        (lambda c: c["proof"][0].update(created="2025-04-01T00:31:00"), "proof created is not a date-time"),
        (lambda c: c["proof"][0].pop("proofValue"), "proofValue must be a multibase base58btc string"),
        (
            lambda c: c["proof"][0].update(proofValue="uAAAA"),
            "proofValue must be a multibase base58btc string",
        ),
        (lambda c: c["proof"][0].update(proofValue="z0OIl"), "proofValue is not valid base58btc"),
        (lambda c: c["proof"][0].update(proofValue="z" + "1" * 10), "proofValue is not a 64-byte"),
        (
            lambda c: c["proof"][0].update(verificationMethod="https://example.com/keys/1"),
            "verificationMethod must be a did:key URL",
        ),
        (
            lambda c: c["proof"][0].update(
                verificationMethod="did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#x"
            ),
            "verificationMethod key does not decode",
        ),
        (
            lambda c: c["proof"][0].update(verificationMethod=_vm(c).split("#")[0] + "#key-1"),
            "verificationMethod fragment must repeat",
        ),
        (
            lambda c: c.update(issuer="https://skills.example.go.jp"),
            "issuer 'https://skills.example.go.jp' is not",
        ),
        (lambda c: c.update(proof=[]), "proof must be exactly one proof object"),
        (lambda c: c.update(proof=c["proof"] * 2), "proof must be exactly one proof object"),
        (lambda c: c.update(proof="zabc"), "proof must be exactly one proof object"),
        (lambda c: c.update(type=["VerifiableCredential"]), "type must include"),
        (
            lambda c: c.update({"@context": ["https://www.w3.org/2018/credentials/v1"]}),
            "@context must be a list",
        ),
        (lambda c: c.pop("@context"), "@context must be a list"),
    ],
)
def test_malformed_proofs_are_invalid_with_a_reason(signed, change, reason):
    broken = copy.deepcopy(signed)
    change(broken)
    result = verify(broken)
    assert result.is_valid is False
    assert result.reason.startswith(reason), result.reason


@pytest.mark.parametrize(
    "value",
    [None, "", "not json", 42, [], ["proof"], {"proof": None}, {"@context": [None], "type": None}],
)
def test_verify_never_raises_on_garbage(value):
    result = verify(value)
    assert isinstance(result, Verification)
    assert result.is_valid is False
    assert result.reason


def test_verify_reports_uncanonicalisable_values_without_raising(signed):
    broken = copy.deepcopy(signed)
    broken["credentialSubject"]["score"] = float("nan")
    assert verify(broken) == Verification(
        is_valid=False, reason="the credential cannot be canonicalised (JCS): FloatDomainError"
    )
    broken["credentialSubject"]["score"] = 2**60
    assert verify(broken) == Verification(
        is_valid=False, reason="the credential cannot be canonicalised (JCS): IntegerDomainError"
    )
    broken["credentialSubject"]["score"] = object()
    assert verify(broken).is_valid is False


# ---------------------------------------------------------------------------- verify_file


def test_verify_file_valid(signed, tmp_path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed, ensure_ascii=False, indent=2), encoding="utf-8")
    assert verify_file(path).is_valid is True
    assert verify_file(str(path)).is_valid is True


def test_verify_file_tampered(signed, tmp_path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed, ensure_ascii=False).replace("12.5時間", "125時間"), encoding="utf-8")
    assert verify_file(path) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"@context": [', "invalid JSON: Expecting value: line 1 column 15 (char 14)"),
        (b"", "invalid JSON: Expecting value: line 1 column 1 (char 0)"),
        (b'{"a": 1, "a": 2}', "invalid JSON: duplicate key 'a'"),
        (b'{"a": NaN}', "invalid JSON: NaN is not valid JSON"),
        (b"\xff\xfe{}", None),
        (b"[" * 100_000, "invalid JSON: nested too deeply"),
    ],
)
def test_verify_file_malformed_json_is_invalid_without_raising(tmp_path, content, reason):
    path = tmp_path / "credential.json"
    path.write_bytes(content)
    result = verify_file(path)
    assert result.is_valid is False
    if reason is None:
        assert result.reason == f"{path} is not UTF-8 text"
    else:
        assert result.reason == reason


def test_verify_file_missing_file(tmp_path):
    path = tmp_path / "missing.json"
    assert verify_file(path) == Verification(
        is_valid=False, reason=f"cannot read {path}: No such file or directory"
    )


# ---------------------------------------------------------------------------- key management


def test_key_file_is_created_once_with_mode_0600_and_reused(key_file):
    assert not key_file.exists()
    did = issuer_did()
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    content = key_file.read_bytes()
    assert content.startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert issuer_did() == did
    assert verification_method() == f"{did}#{did.removeprefix('did:key:')}"
    assert key_file.read_bytes() == content
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


def test_existing_key_file_is_loaded(key_file):
    key = Ed25519PrivateKey.generate()
    key_file.parent.mkdir(mode=0o700)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    assert issuer_did() == credentials._did_key(key.public_key())
    raw = signing_key().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert raw == key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def test_default_key_path_is_under_base_dir_keys(settings, tmp_path):
    if hasattr(settings, "CREDENTIAL_SIGNING_KEY_FILE"):
        del settings.CREDENTIAL_SIGNING_KEY_FILE
    settings.BASE_DIR = tmp_path
    did = issuer_did()
    path = tmp_path / "keys" / "credential-signing-ed25519.pem"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert issuer_did() == did


def test_make_clean_removes_nothing_the_default_key_lives_in():
    """`make clean` deletes var/ and the virtualenv; the key (issue #10) lives in neither."""
    from django.conf import settings as django_settings

    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nclean:", 1)[1].split("\n\n", 1)[0]
    removed = [word for line in recipe.splitlines() if "rm " in line for word in line.split()[2:]]
    assert removed  # the recipe was found
    default = credentials.DEFAULT_KEY_RELATIVE_PATH
    for target in removed:
        target = target.replace("$(VENV)", ".venv").rstrip("/")
        assert not str(default).startswith(target + "/"), (target, default)


def test_a_key_made_at_the_old_default_under_var_is_moved_not_replaced(settings, tmp_path):
    if hasattr(settings, "CREDENTIAL_SIGNING_KEY_FILE"):
        del settings.CREDENTIAL_SIGNING_KEY_FILE
    settings.BASE_DIR = tmp_path
    legacy = tmp_path / "var" / "keys" / "credential-signing-ed25519.pem"
    legacy.parent.mkdir(parents=True)
    key = Ed25519PrivateKey.generate()
    legacy.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    legacy.chmod(0o600)

    assert issuer_did() == credentials._did_key(key.public_key())  # the same issuer as before
    assert (tmp_path / "keys" / "credential-signing-ed25519.pem").is_file()
    assert not legacy.exists()


def test_a_key_written_concurrently_by_another_process_wins(key_file, monkeypatch):
    winner = Ed25519PrivateKey.generate()
    ours = Ed25519PrivateKey.generate()

    def generate_while_another_process_writes_its_key():
        key_file.write_bytes(
            winner.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        os.chmod(key_file, 0o600)
        return ours

    monkeypatch.setattr(credentials, "_generate_key", generate_while_another_process_writes_its_key)
    assert issuer_did() == credentials._did_key(winner.public_key())
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


def test_a_key_file_that_is_not_ed25519_is_refused(key_file):
    from django.core.exceptions import ImproperlyConfigured

    key_file.parent.mkdir(mode=0o700)
    key_file.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    key_file.chmod(0o600)
    with pytest.raises(ImproperlyConfigured, match="not an unencrypted PKCS#8 PEM private key"):
        signing_key()


def test_signed_credential_contains_no_private_key_material(signed, key_file):
    key = signing_key()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem = key_file.read_text()
    pem_body = "".join(pem.strip().splitlines()[1:-1])
    der = base64.b64decode(pem_body)
    serialised = json.dumps(signed, ensure_ascii=False)
    forms = {
        "pem body": pem_body,
        "hex": raw.hex(),
        "HEX": raw.hex().upper(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "base58": base58.b58encode(raw).decode(),
        "multibase private key": base58.b58encode(b"\x80\x26" + raw).decode(),
        "der hex": der.hex(),
    }
    for name, form in forms.items():
        assert form not in serialised, name
        assert form not in repr(verify(signed)), name
        assert form[:16] not in serialised, name
    assert "PRIVATE KEY" not in serialised


# ---------------------------------------------------------------------------- did:key and test vectors


def test_did_key_round_trips_the_w3c_ed25519_test_vector():
    multibase = DID_KEY_VECTOR.removeprefix("did:key:")
    public_key = credentials._public_key_from_multibase(multibase)
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert base58.b58decode(multibase[1:]) == b"\xed\x01" + raw
    assert credentials._did_key(public_key) == DID_KEY_VECTOR
    assert (
        credentials._public_key_from_did_key(DID_KEY_VECTOR).public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        == raw
    )
    assert credentials._verification_method(public_key) == f"{DID_KEY_VECTOR}#{multibase}"


@pytest.mark.parametrize(
    "bad",
    [
        "did:web:example.com",
        "did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        "did:key:z0OIl",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW",
    ],
)
def test_did_key_decoding_rejects_non_ed25519_keys(bad):
    with pytest.raises(ValueError, match=r"did:key|multibase|base58btc|Ed25519"):
        credentials._public_key_from_did_key(bad)


def _w3c_key() -> Ed25519PrivateKey:
    secret = base58.b58decode(W3C_SECRET_KEY[1:])
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(secret[2:])


def test_eddsa_jcs_2022_matches_the_w3c_test_vector():
    key = _w3c_key()
    assert credentials._multibase_public_key(key.public_key()) == W3C_PUBLIC_KEY
    proof = credentials._create_proof(
        copy.deepcopy(W3C_UNSIGNED),
        key=key,
        verification_method=W3C_PROOF["verificationMethod"],
        created=W3C_PROOF["created"],
    )
    assert proof == W3C_PROOF
    secured = {**W3C_UNSIGNED, "proof": W3C_PROOF}
    public_key = credentials._public_key_from_multibase(W3C_PUBLIC_KEY)
    assert credentials._verify_proof(secured, W3C_PROOF, public_key) is True
    changed = {**secured, "name": "Alumni Credential!"}
    assert credentials._verify_proof(changed, W3C_PROOF, public_key) is False


def test_verify_proof_without_proof_context_uses_the_document_context():
    key = _w3c_key()
    document = copy.deepcopy(W3C_UNSIGNED)
    proof = credentials._create_proof(
        document, key=key, verification_method=W3C_PROOF["verificationMethod"], created=W3C_PROOF["created"]
    )
    without_context = {k: v for k, v in proof.items() if k != "@context"}
    assert credentials._verify_proof(
        {**document, "proof": without_context}, without_context, key.public_key()
    )
