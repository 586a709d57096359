"""Fixtures of the credential tests: a key file of their own, an achievement, a credential."""

from decimal import Decimal
from pathlib import Path

import pytest

from learners.credentials import (
    Alignment,
    CourseAchievement,
    build_credential,
    sign,
)
from tests.learners.credentials.vectors import (
    CREATED,
    ISSUED_AT,
    LEARNER_ID,
)


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
