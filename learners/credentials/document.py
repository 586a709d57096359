"""The credential as data: the achievement, its alignments, the verdict of a check, and the
unsigned document built from them (Open Badges 3.0 on the W3C VC Data Model 2.0)."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .constants import (
    _ALIGNMENT_TARGET_TYPES,
    _EXT_TARGET_TYPE,
    _URI_SCHEME,
    CREDENTIAL_CONTEXT,
    CREDENTIAL_TYPE,
)
from .did import issuer_did

# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alignment:
    """A skill the course builds, as an OB 3.0 ``Alignment`` to a framework item.

    ``target_url`` is the CASE item's URL, ``target_code`` the skill's slug within the
    framework, ``level`` the proficiency level the course reaches (e.g. ``"b"``). The level is
    published in ``targetDescription`` because ``targetCode`` must identify the framework item
    itself, which is the same for every level.

    Raises ``ValueError`` on an empty name or URL or a ``target_type`` outside OB 3.0's
    ``AlignmentTargetType`` (its enumerated values or ``ext:…``).
    """

    target_name: str
    target_url: str
    target_code: str
    target_framework: str
    target_type: str = "CFItem"
    level: str = ""

    def __post_init__(self) -> None:
        if not self.target_name.strip():
            raise ValueError("Alignment.target_name must not be empty")
        if not self.target_url.strip():
            raise ValueError("Alignment.target_url must not be empty")
        if self.target_type not in _ALIGNMENT_TARGET_TYPES and not _EXT_TARGET_TYPE.fullmatch(
            self.target_type
        ):
            raise ValueError(
                f"Alignment.target_type {self.target_type!r} is not an OB 3.0 AlignmentTargetType"
            )

    def to_json(self) -> dict[str, Any]:
        """The OB 3.0 ``Alignment`` object (JSON-compatible, no floats)."""
        data: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        if self.level:
            data["targetDescription"] = f"到達レベル: {self.level} (proficiency level {self.level})"
        if self.target_code:
            data["targetCode"] = self.target_code
        if self.target_framework:
            data["targetFramework"] = self.target_framework
        data["targetType"] = self.target_type
        return data


@dataclass(frozen=True)
class CourseAchievement:
    """A course as an OB 3.0 ``Achievement`` of ``achievementType`` ``Course``.

    ``course_url`` becomes the achievement's ``id``. The achievement's ``name`` is the Japanese
    title (``inLanguage`` ``ja``); the English title and summary follow the Japanese summary in
    ``description`` because the OB 3.0 schema types ``name``/``description`` as plain strings
    (no language maps). ``hours`` (finite, >= 0) appears in the criteria narrative.
    """

    course_url: str
    title_ja: str
    title_en: str
    summary_ja: str
    summary_en: str
    hours: Decimal | float
    alignments: list[Alignment] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.course_url.strip():
            raise ValueError("CourseAchievement.course_url must not be empty")
        if not self.title_ja.strip():
            raise ValueError("CourseAchievement.title_ja must not be empty")
        hours = _decimal_hours(self.hours)
        if not hours.is_finite() or hours < 0:
            raise ValueError(f"CourseAchievement.hours must be a finite number >= 0, not {self.hours!r}")

    @property
    def hours_text(self) -> str:
        """The hours without trailing zeros or exponent: ``Decimal("12.50")`` → ``"12.5"``."""
        return format(_decimal_hours(self.hours).normalize(), "f")

    def to_json(self) -> dict[str, Any]:
        """The OB 3.0 ``Achievement`` object (JSON-compatible, no floats)."""
        hours = self.hours_text
        description = self.summary_ja
        english = " — ".join(part for part in (self.title_en, self.summary_en) if part)
        if english:
            description = f"{description}\n\n{english}" if description else english
        narrative = f"コース「{self.title_ja}」（{hours}時間）のすべての必修単元を修了したこと。"
        if self.title_en:
            narrative += f"\n\nCompleted every required unit of the course “{self.title_en}” ({hours} hours)."
        data: dict[str, Any] = {
            "id": self.course_url,
            "type": ["Achievement"],
            "achievementType": "Course",
            "name": self.title_ja,
            "description": description or self.title_ja,
            "criteria": {"narrative": narrative},
            "inLanguage": "ja",
        }
        if self.alignments:
            data["alignment"] = [alignment.to_json() for alignment in self.alignments]
        return data


@dataclass(frozen=True)
class Verification:
    """Outcome of :func:`verify`: ``is_valid`` and a human-readable ``reason`` (never secret)."""

    is_valid: bool
    reason: str


def _decimal_hours(hours: Decimal | float) -> Decimal:
    try:
        return hours if isinstance(hours, Decimal) else Decimal(str(hours))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"CourseAchievement.hours is not a number: {hours!r}") from exc


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def _xsd_datetime(value: dt.datetime, *, name: str) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _subject_id(learner_id: str) -> str:
    learner_id = learner_id.strip()
    if "@" in learner_id or learner_id.lower().startswith("mailto:"):
        raise ValueError("learner_id must be a pseudonymous identifier, never an e-mail address")
    with contextlib.suppress(ValueError):
        return uuid.UUID(learner_id).urn
    if not _URI_SCHEME.fullmatch(learner_id):
        raise ValueError("learner_id must be a UUID or an absolute URI such as urn:uuid:…")
    return learner_id


def build_credential(
    *,
    credential_url: str,
    issuer_name: str,
    issuer_url: str,
    learner_id: str,
    learner_name: str,
    achievement: CourseAchievement,
    issued_at: dt.datetime,
    identifier: list[dict[str, Any]] | None = None,
    credential_status: dict[str, Any] | None = None,
) -> dict:
    """An unsigned OB 3.0 ``OpenBadgeCredential`` (VC 2.0) for completing ``achievement``.

    Guarantees: ``@context`` is the VC 2.0 base context then the OB 3.0.3 context; ``issuer.id``
    is :func:`issuer_did` (so :func:`sign` with the platform key accepts it); ``validFrom`` is
    ``issued_at`` in UTC with a ``Z`` (seconds precision); the subject ``id`` is ``learner_id``
    as a URI (a bare UUID becomes ``urn:uuid:…``) and an e-mail address is refused with
    ``ValueError``; ``learner_name`` is included only when non-empty; the result contains only
    JSON types (no floats) and validates against the OB 3.0 achievement credential schema.
    """
    subject: dict[str, Any] = {
        "id": _subject_id(learner_id),
        "type": ["AchievementSubject"],
    }
    if learner_name:
        subject["name"] = learner_name
    if identifier:
        subject["identifier"] = identifier
    subject["achievement"] = achievement.to_json()
    issuer: dict[str, Any] = {"id": issuer_did(), "type": ["Profile"], "name": issuer_name}
    if issuer_url:
        issuer["url"] = issuer_url
    description = f"「{achievement.title_ja}」の修了を証明します。"
    if achievement.title_en:
        description += f" Certifies completion of the course “{achievement.title_en}”."
    document: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_url,
        "type": list(CREDENTIAL_TYPE),
        "issuer": issuer,
        "validFrom": _xsd_datetime(issued_at, name="issued_at"),
        "name": achievement.title_ja,
        "description": description,
        "credentialSubject": subject,
    }
    if credential_status:
        document["credentialStatus"] = credential_status
    return document
