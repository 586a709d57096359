"""The learner's record as a 1EdTech Comprehensive Learner Record 2.0 ``ClrCredential``: every
course credential the learner holds, as issued and signed, and each IT-exam pass as an
``AchievementCredential`` signed when the record is built, all inside one signed credential."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .constants import CREDENTIAL_CONTEXT, VC_V2_CONTEXT
from .document import _xsd_datetime

CLR_CONTEXT = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
CLR_CONTEXTS: tuple[str, ...] = (VC_V2_CONTEXT, CLR_CONTEXT, CREDENTIAL_CONTEXT[1])


def build_exam_pass_credential(
    *,
    credential_id: str,
    issuer: dict[str, Any],
    achievement_id: str,
    exam_name_ja: str,
    exam_name_en: str,
    exam_code: str,
    passed_on: dt.date,
    certificate_number: str,
    source: str,
    identifier: list[dict[str, Any]],
    learner_name: str,
    issued_at: dt.datetime,
) -> dict[str, Any]:
    """An unsigned OB 3.0 ``AchievementCredential`` stating that the learner passed an exam on
    `passed_on`; `source` says who reported it (the exam body or another provider, or the learner),
    because the platform records passes, it does not hold the exam body's registers."""
    description = f"{exam_name_ja}（{exam_code}）に合格したこと。"
    if exam_name_en:
        description += f" Passed {exam_name_en} ({exam_code})."
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": exam_name_ja,
        "description": description,
        "criteria": {"narrative": description},
        "humanCode": exam_code,
        "inLanguage": "ja",
    }
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "identifier": identifier}
    if learner_name:
        subject["name"] = learner_name
    subject["achievement"] = achievement
    subject["activityEndDate"] = f"{passed_on.isoformat()}T00:00:00+09:00"
    if certificate_number:
        subject["licenseNumber"] = certificate_number
    return {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_id,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": issuer,
        "validFrom": _xsd_datetime(issued_at, name="issued_at"),
        "name": exam_name_ja,
        "description": f"{description} 記録元 / Source: {source}",
        "credentialSubject": subject,
        "evidence": [{"type": ["Evidence"], "narrative": f"記録元 / Source: {source}"}],
    }


def build_clr(
    *,
    clr_id: str,
    issuer: dict[str, Any],
    name: str,
    identifier: list[dict[str, Any]],
    credentials: list[dict[str, Any]],
    issued_at: dt.datetime,
) -> dict[str, Any]:
    """An unsigned ``ClrCredential`` holding `credentials` (signed ones, as they are). ValueError
    if there is none: CLR 2.0 requires at least one."""
    if not credentials:
        raise ValueError("a learner record holds at least one credential")
    return {
        "@context": list(CLR_CONTEXTS),
        "id": clr_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "issuer": issuer,
        "validFrom": _xsd_datetime(issued_at, name="issued_at"),
        "name": name,
        "credentialSubject": {
            "type": ["ClrSubject"],
            "identifier": identifier,
            "verifiableCredential": credentials,
        },
    }
