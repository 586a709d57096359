"""Certificates: the learner's own, and the public ones anyone may verify."""

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import QuerySet

from core.models import User

from .. import credentials
from ..models import (
    Credential,
)
from .scope import _is_learner


def _parse_uuid(value: UUID | str) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None


def credential_list(*, actor: User) -> QuerySet[Credential]:
    """The actor's own certificates, newest first, with their course."""
    if not _is_learner(actor):
        return Credential.objects.none()
    return (
        Credential.objects.filter(learner=actor)
        .select_related("enrolment__course")
        .order_by("-issued_at", "-pk")
    )


def credential_get(*, actor: User, uuid: UUID | str) -> Credential | None:
    """One of the actor's certificates by its public id; None for anyone else's (so a 404)."""
    public_id = _parse_uuid(uuid)
    if public_id is None:
        return None
    return credential_list(actor=actor).filter(uuid=public_id).first()


def credential_get_public(*, uuid: UUID | str) -> Credential | None:
    """A certificate by its public id, for the public verification page and verify_credential.

    Anyone holding the (random, unguessable) id may see the certificate: that is what it is for.
    """
    public_id = _parse_uuid(uuid)
    if public_id is None:
        return None
    return Credential.objects.select_related("enrolment__course").filter(uuid=public_id).first()


_CREDENTIAL_ID = re.compile(r"/verify/([0-9a-fA-F-]{36})/credential\.json$")
_LEVEL = re.compile(r"proficiency level ([^)\s]+)\)")


def credential_for_document(*, document: Any) -> Credential | None:
    """Our stored certificate whose credential id is the document's `id`, or None."""
    credential_id = document.get("id") if isinstance(document, dict) else None
    match = _CREDENTIAL_ID.search(credential_id) if isinstance(credential_id, str) else None
    credential = credential_get_public(uuid=match.group(1)) if match else None
    if credential is None or credential.document.get("id") != credential_id:
        return None
    return credential


class Verdict(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    FOREIGN = "foreign"


# Shown in both languages whatever the interface language: a verifier (an employer, a school
# abroad) may not read the learner's language.
VERDICT_LABELS = {
    Verdict.VALID: ("有効", "Valid"),
    Verdict.REVOKED: ("取り消し済み", "Revoked"),
    Verdict.TAMPERED: ("改ざんされています", "Tampered"),
    Verdict.FOREIGN: ("このプラットフォームの発行ではありません", "Not issued by this platform"),
}


@dataclass(frozen=True)
class AlignedSkill:
    name: str
    code: str
    level: str
    url: str


@dataclass(frozen=True)
class CredentialCheck:
    """The verdict on a credential document, with what the document states (for display)."""

    verdict: Verdict
    reason: str
    credential: Credential | None
    course: str
    learner_name: str
    issued_at: dt.datetime | None
    issuer_id: str
    skills: list[AlignedSkill]

    @property
    def is_valid(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def label_ja(self) -> str:
        return VERDICT_LABELS[self.verdict][0]

    @property
    def label_en(self) -> str:
        return VERDICT_LABELS[self.verdict][1]


def trusted_issuer_dids() -> frozenset[str]:
    """The platform's issuer DID, and those of earlier keys kept after a key rotation."""
    return frozenset({credentials.issuer_did(), *settings.CREDENTIAL_PREVIOUS_ISSUER_DIDS})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _issued_at(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _skills(achievement: dict) -> list[AlignedSkill]:
    alignments = achievement.get("alignment")
    skills = []
    for item in alignments if isinstance(alignments, list) else []:
        item = _mapping(item)
        level = _LEVEL.search(_text(item.get("targetDescription")))
        skills.append(
            AlignedSkill(
                name=_text(item.get("targetName")),
                code=_text(item.get("targetCode")),
                level=level.group(1) if level else "",
                url=_text(item.get("targetUrl")),
            )
        )
    return skills


def credential_check(*, document: Any, credential: Credential | None = None) -> CredentialCheck:
    """Verdict on a credential document: ours, stored (`credential`), or uploaded (found by its id).

    Tampered: the signature does not verify, or (for a stored credential) it was not signed by
    one of this platform's keys. Foreign: a validly signed credential of another issuer. Revoked:
    a genuine credential that we revoked. Valid otherwise. Never raises on malformed input.
    """
    if credential is None:
        credential = credential_for_document(document=document)
    result = credentials.verify(document)
    issuer = _text(document.get("issuer")) if isinstance(document, dict) else ""
    if isinstance(document, dict) and not issuer:
        issuer = _text(_mapping(document.get("issuer")).get("id"))
    if not result.is_valid:
        verdict, reason = Verdict.TAMPERED, result.reason
    elif issuer not in trusted_issuer_dids():
        reason = f"issuer {issuer} is not one of this platform's signing keys"
        verdict = Verdict.TAMPERED if credential is not None else Verdict.FOREIGN
    elif credential is not None and credential.is_revoked:
        verdict, reason = Verdict.REVOKED, credential.revocation_reason
    else:
        verdict, reason = Verdict.VALID, result.reason
    subject = _mapping(document.get("credentialSubject")) if isinstance(document, dict) else {}
    achievement = _mapping(subject.get("achievement"))
    return CredentialCheck(
        verdict=verdict,
        reason=reason,
        credential=credential,
        course=_text(achievement.get("name")),
        learner_name=_text(subject.get("name")),
        issued_at=_issued_at(document.get("validFrom")) if isinstance(document, dict) else None,
        issuer_id=issuer,
        skills=_skills(achievement),
    )
