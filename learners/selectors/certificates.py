"""Certificates: the learner's own, and the public ones anyone may verify."""

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db.models import QuerySet

from core.models import User

from .. import credentials
from ..credentials.did import _public_key_from_multibase
from ..models import (
    Credential,
    ExamPass,
    IssuerKey,
    StatusList,
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
_STATUS_LIST_ID = re.compile(r"/credentials/status/([0-9a-fA-F-]{36})$")
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


def issuer_public_keys() -> list[str]:
    """Every public key (multibase) the platform signs or has signed with: the current one first,
    then those recorded at each rotation (IssuerKey), oldest first."""
    current = credentials.public_key_multibase()
    earlier = IssuerKey.objects.exclude(public_key_multibase=current).values_list(
        "public_key_multibase", flat=True
    )
    return [current, *earlier]


def trusted_issuer_dids() -> frozenset[str]:
    """The platform's issuer DIDs: its did:web, and the did:key of every key it has signed with."""
    return frozenset({credentials.did_web(), *(f"did:key:{key}" for key in issuer_public_keys())})


def did_document() -> dict[str, Any]:
    """The platform's did:web DID document (public): every key it has signed with."""
    return credentials.did_web_document(public_keys=issuer_public_keys())


def platform_key_resolver(method: str) -> Ed25519PublicKey | None:
    """The key of a verification method of the platform's did:web, as its DID document lists it
    (None for another DID or a key it does not list): what an outside verifier reads from
    /.well-known/did.json, without the network."""
    did, _, fragment = method.partition("#")
    if did != credentials.did_web() or fragment not in issuer_public_keys():
        return None
    return _public_key_from_multibase(fragment)


def status_list_get_public(*, list_id: UUID | str) -> StatusList | None:
    """A status list by its public id (anyone may read it: that is what it is for)."""
    public_id = _parse_uuid(list_id)
    return StatusList.objects.filter(uuid=public_id).first() if public_id else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


_EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
_LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)


def _issued_at(value: Any) -> dt.datetime | None:
    """The date-time stated, or None when there is none or it cannot be shown (no time zone, or
    outside 1900–9000: 0001-01-01T00:00+14:00 has no local date, 9999-12-31 none in UTC+9)."""
    try:
        parsed = dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
        if parsed.tzinfo is None or not _EARLIEST <= parsed <= _LATEST:
            return None
    except (ValueError, OverflowError):
        return None
    return parsed


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


def _foreign_status_entry(document: dict, credential: Credential | None) -> str | None:
    """Why the document's status entry is not this platform's list for it (None when it is, or
    when it has none: credentials issued before status lists)."""
    entry = document.get("credentialStatus")
    if entry is None:
        return None
    url = entry.get("statusListCredential") if isinstance(entry, dict) else None
    match = _STATUS_LIST_ID.search(url) if isinstance(url, str) else None
    status_list = status_list_get_public(list_id=match.group(1)) if match else None
    # By the list's id in the path, not the whole URL: PLATFORM_BASE_URL may have changed since
    # (the signature still vouches for the URL the credential was issued with).
    if status_list is None:
        return "its status entry points at a status list that is not this platform's"
    if credential is not None and (
        credential.status_list_id != status_list.pk
        or entry.get("statusListIndex") != str(credential.status_index)
    ):
        return "its status entry is not the one this platform allocated to it"
    return None


_URN_UUID = re.compile(r"urn:uuid:([0-9a-fA-F-]{36})")


def _off_record(document: dict) -> str | None:
    """For a credential the platform signed but does not store (an exam pass taken out of a learner
    record): why it no longer stands (None while its pass is on record, reported, not voided).
    The signature only says the platform once signed it; the record says whether it still holds."""
    match = _URN_UUID.fullmatch(_text(document.get("id")))
    exam_pass = (
        ExamPass.objects.select_related("provider").filter(public_id=match.group(1)).first()
        if match
        else None
    )
    if exam_pass is None:
        return "this platform has no record of this credential any more"
    if exam_pass.voided_at is not None:
        return f"the exam pass was voided by its reporter: {exam_pass.void_reason}"
    if exam_pass.provider is None:
        return "the exam pass was declared by the learner; the platform does not vouch for it"
    return None


def credential_check(*, document: Any, credential: Credential | None = None) -> CredentialCheck:
    """Verdict on a credential document: ours, stored (`credential`), or uploaded (found by its id).

    Tampered: the signature does not verify, or (for a stored credential) it was not signed by
    one of this platform's keys. Foreign: a validly signed credential of another issuer. Revoked:
    a genuine credential that we revoked. Valid otherwise. Never raises on malformed input.
    """
    if credential is None:
        credential = credential_for_document(document=document)
    result = credentials.verify(document, resolve=platform_key_resolver)
    issuer = _text(document.get("issuer")) if isinstance(document, dict) else ""
    if isinstance(document, dict) and not issuer:
        issuer = _text(_mapping(document.get("issuer")).get("id"))
    if not result.is_valid:
        verdict, reason = Verdict.TAMPERED, result.reason
    elif issuer not in trusted_issuer_dids():
        reason = f"issuer {issuer} is not one of this platform's signing keys"
        verdict = Verdict.TAMPERED if credential is not None else Verdict.FOREIGN
    elif (foreign_status := _foreign_status_entry(document, credential)) is not None:
        verdict, reason = Verdict.TAMPERED, foreign_status
    elif credential is not None and credential.is_revoked:
        verdict, reason = Verdict.REVOKED, credential.revocation_reason
    elif credential is None and (off_record := _off_record(document)) is not None:
        verdict, reason = Verdict.REVOKED, off_record
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


def is_learner_record(document: Any) -> bool:
    types = document.get("type") if isinstance(document, dict) else None
    return isinstance(types, list) and "ClrCredential" in types


@dataclass(frozen=True)
class RecordCheck:
    """The verdict on a learner record (CLR) as a whole, and on each credential it holds."""

    verdict: Verdict
    reason: str
    name: str
    issued_at: dt.datetime | None
    issuer_id: str
    items: list[CredentialCheck]

    @property
    def is_valid(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def items_not_valid(self) -> int:
        """How many credentials in the record do not stand (revoked, voided, tampered): a record
        whose own proof holds may still carry one revoked since it was downloaded."""
        return sum(1 for item in self.items if not item.is_valid)

    @property
    def label_ja(self) -> str:
        return VERDICT_LABELS[self.verdict][0]

    @property
    def label_en(self) -> str:
        return VERDICT_LABELS[self.verdict][1]


def record_check(*, document: Any) -> RecordCheck:
    """Verdict on a CLR: tampered when its proof or any credential's proof fails (the reason names
    which), foreign when another issuer signed it, valid otherwise; each course credential in it
    then gets its own verdict (a revoked one shows as revoked). Never raises."""
    result = credentials.verify(document, resolve=platform_key_resolver)
    issuer = _text(_mapping(document.get("issuer")).get("id")) if isinstance(document, dict) else ""
    if not result.is_valid:
        verdict, reason = Verdict.TAMPERED, result.reason
    elif issuer not in trusted_issuer_dids():
        verdict, reason = Verdict.FOREIGN, f"issuer {issuer} is not one of this platform's signing keys"
    else:
        verdict, reason = Verdict.VALID, result.reason
    subject = _mapping(document.get("credentialSubject")) if isinstance(document, dict) else {}
    inner = subject.get("verifiableCredential")
    held = inner[: credentials.MAX_EMBEDDED] if isinstance(inner, list) else []
    items = [credential_check(document=item) for item in held]
    return RecordCheck(
        verdict=verdict,
        reason=reason,
        name=_text(document.get("name")) if isinstance(document, dict) else "",
        issued_at=_issued_at(document.get("validFrom")) if isinstance(document, dict) else None,
        issuer_id=issuer,
        items=items,
    )


def learner_record_available(*, actor: User) -> bool:
    """Whether the actor's learner record (CLR) has anything in it: a certificate not revoked, or
    an exam pass not voided that a provider reported. Two indexed queries at most."""
    from .profiles import exam_pass_list

    return (
        credential_list(actor=actor).filter(revoked_at__isnull=True).exists()
        or exam_pass_list(actor=actor).filter(provider__isnull=False).exists()
    )
