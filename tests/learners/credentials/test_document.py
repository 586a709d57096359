"""Building a credential: its content and the Open Badges 3.0 schema."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from learners.credentials import (
    Alignment,
    CourseAchievement,
    build_credential,
    issuer_did,
)
from tests.learners.credentials.vectors import (
    EXAMPLES,
    ISSUED_AT,
    LEARNER_ID,
    OB3,
    _schema_validator,
)


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
