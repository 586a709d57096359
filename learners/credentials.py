"""Open Badges 3.0 course-completion credentials, signed with the platform's Ed25519 key.

Completing a course issues an ``OpenBadgeCredential`` (1EdTech Open Badges 3.0 on the W3C
Verifiable Credentials Data Model 2.0, JSON-LD). Its achievement names the course and aligns
to the skills the course builds (CASE ``CFItem`` alignments, as in the OB 3.0
"skill assertion" example).

Signing uses a Data Integrity proof with the ``eddsa-jcs-2022`` cryptosuite (W3C "Data Integrity
EdDSA Cryptosuites v1.0", section 3.3):

* proof options = ``type`` ``DataIntegrityProof``, ``cryptosuite``, ``created``,
  ``verificationMethod``, ``proofPurpose`` ``assertionMethod`` and the document's ``@context``;
* ``hashData = SHA-256(JCS(proofConfig)) || SHA-256(JCS(unsecuredDocument))`` with JCS =
  RFC 8785 JSON Canonicalization Scheme;
* ``proofValue`` = multibase base58btc (``z…``) of the Ed25519 signature of ``hashData``.

The issuer is a ``did:key`` derived from the platform's public key and the proof's
``verificationMethod`` is ``did:key:z6Mk…#z6Mk…``, so anyone can verify a credential offline from
the credential alone: no key server, no network, no JSON-LD document loader.

The ``proof`` is emitted as an array holding one proof, because the OB 3.0 JSON Schema types
``proof`` as an array (VC 2.0 allows either an object or an array).

The private key lives in a PEM file (PKCS#8, unencrypted, mode 0600) named by
``settings.CREDENTIAL_SIGNING_KEY_FILE``. Only :func:`signing_key` returns it; nothing in this
module logs it or puts it into any output.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import logging
import os
import re
import stat
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "Alignment",
    "CourseAchievement",
    "Verification",
    "build_credential",
    "issuer_did",
    "sign",
    "signing_key",
    "verification_method",
    "verify",
    "verify_file",
]

logger = logging.getLogger(__name__)

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXT: tuple[str, ...] = (VC_V2_CONTEXT, OB_V3_CONTEXT)
CREDENTIAL_TYPE: tuple[str, ...] = ("VerifiableCredential", "OpenBadgeCredential")
OB_CREDENTIAL_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"

# keys/ at the top of the checkout: not under var/, which `make clean` deletes, and ignored by git.
DEFAULT_KEY_RELATIVE_PATH = Path("keys") / "credential-signing-ed25519.pem"
# Where the key was created before 2026-12 (issue #10); found there, it is moved, never replaced.
LEGACY_KEY_RELATIVE_PATH = Path("var") / "keys" / "credential-signing-ed25519.pem"

TAMPERED_REASON = "signature does not match: the credential was changed after signing"

# Multicodec prefix of an Ed25519 public key: unsigned varint of 0xed.
_ED25519_PUB_MULTICODEC = b"\xed\x01"
_DID_KEY_PREFIX = "did:key:"
_MULTIBASE_BASE58BTC = "z"

# OB 3.0 AlignmentTargetType: the enumerated values, or an extension "ext:…".
_ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    }
)
_EXT_TARGET_TYPE = re.compile(r"ext:[A-Za-z0-9.\-_|]+")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_DATETIME_STAMP = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
)


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
# Key management and did:key
# --------------------------------------------------------------------------------------------


def _key_path() -> Path:
    configured = getattr(settings, "CREDENTIAL_SIGNING_KEY_FILE", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / DEFAULT_KEY_RELATIVE_PATH


def _generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _load_key(path: Path) -> Ed25519PrivateKey:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning("Credential signing key file %s is accessible by group/others (mode %o)", path, mode)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        # The message of these exceptions never contains key material.
        raise ImproperlyConfigured(
            f"{path} is not an unencrypted PKCS#8 PEM private key ({type(exc).__name__})"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} holds a {type(key).__name__}, not an Ed25519 private key")
    return key


def _create_key_file(path: Path) -> None:
    """Write a fresh key to ``path`` without ever overwriting an existing one.

    The PEM is written to a 0600 temp file in the same folder and then hard-linked into place,
    which fails if another process created the key first: then its key wins and ours is
    dropped. On a file system without hard links, ``os.replace`` is the (still atomic) fallback.
    """
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            folder.chmod(0o700)
    pem = _generate_key().private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    fd, tmp_name = tempfile.mkstemp(prefix=".credential-key-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            logger.info("Credential signing key %s was created concurrently; using that one", path)
        except OSError:
            if not path.exists():
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    logger.info("Credential signing key ready at %s", path)


def signing_key() -> Ed25519PrivateKey:
    """The platform's Ed25519 signing key; the only function that returns the private key.

    Reads the PEM (PKCS#8, unencrypted) at ``settings.CREDENTIAL_SIGNING_KEY_FILE`` (default
    ``BASE_DIR / "keys" / "credential-signing-ed25519.pem"``), settings being read on
    every call. If the file does not exist, a key is generated and written with mode 0600 (its
    folder created with mode 0700) atomically and without clobbering a key that another process
    wrote meanwhile, so every process ends up with the same key. Raises ``ImproperlyConfigured``
    if the file is not an unencrypted Ed25519 PKCS#8 PEM key.
    """
    path = _key_path()
    if not path.exists():
        _adopt_legacy_key(path)
    if not path.exists():
        _create_key_file(path)
    return _load_key(path)


def _adopt_legacy_key(path: Path) -> None:
    """Move a key made where the default used to be (var/keys/, which `make clean` deletes) to the
    default path, so that a checkout keeps its issuer DID and its credentials keep verifying."""
    base = Path(settings.BASE_DIR)
    legacy = base / LEGACY_KEY_RELATIVE_PATH
    if path != base / DEFAULT_KEY_RELATIVE_PATH or not legacy.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.link(legacy, path)
    except FileExistsError:
        return  # another process moved it first
    legacy.unlink()
    logger.warning(
        "Credential signing key moved from %s to %s (make clean no longer deletes it)", legacy, path
    )


def _public_key_bytes(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _multibase_public_key(public_key: Ed25519PublicKey) -> str:
    """``z6Mk…``: multibase base58btc of the multicodec ``0xed01`` + 32-byte Ed25519 key."""
    raw = _ED25519_PUB_MULTICODEC + _public_key_bytes(public_key)
    return _MULTIBASE_BASE58BTC + base58.b58encode(raw).decode("ascii")


def _public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Decode ``z6Mk…`` into an Ed25519 public key; ``ValueError`` if it is not one."""
    if not isinstance(value, str) or not value.startswith(_MULTIBASE_BASE58BTC):
        raise ValueError("the key is not multibase base58btc (it must start with 'z')")
    try:
        raw = base58.b58decode(value[1:])
    except ValueError as exc:
        raise ValueError("the key is not valid base58btc") from exc
    if not raw.startswith(_ED25519_PUB_MULTICODEC) or len(raw) != 34:
        raise ValueError("the key is not an Ed25519 public key (multicodec 0xed01, 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _did_key(public_key: Ed25519PublicKey) -> str:
    return _DID_KEY_PREFIX + _multibase_public_key(public_key)


def _public_key_from_did_key(did: str) -> Ed25519PublicKey:
    if not isinstance(did, str) or not did.startswith(_DID_KEY_PREFIX):
        raise ValueError("not a did:key")
    return _public_key_from_multibase(did[len(_DID_KEY_PREFIX) :])


def _verification_method(public_key: Ed25519PublicKey) -> str:
    multibase = _multibase_public_key(public_key)
    return f"{_DID_KEY_PREFIX}{multibase}#{multibase}"


def issuer_did() -> str:
    """The platform's issuer DID: ``did:key:z6Mk…`` of the public half of :func:`signing_key`."""
    return _did_key(signing_key().public_key())


def verification_method() -> str:
    """The platform key's verification method: ``did:key:z6Mk…#z6Mk…``."""
    return _verification_method(signing_key().public_key())


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
    subject["achievement"] = achievement.to_json()
    issuer: dict[str, Any] = {"id": issuer_did(), "type": ["Profile"], "name": issuer_name}
    if issuer_url:
        issuer["url"] = issuer_url
    description = f"「{achievement.title_ja}」の修了を証明します。"
    if achievement.title_en:
        description += f" Certifies completion of the course “{achievement.title_en}”."
    return {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": credential_url,
        "type": list(CREDENTIAL_TYPE),
        "issuer": issuer,
        "validFrom": _xsd_datetime(issued_at, name="issued_at"),
        "name": achievement.title_ja,
        "description": description,
        "credentialSubject": subject,
    }


# --------------------------------------------------------------------------------------------
# eddsa-jcs-2022
# --------------------------------------------------------------------------------------------


def _hash_data(unsecured_document: dict, proof_config: dict) -> bytes:
    """Transformation + hashing: SHA-256(JCS(proofConfig)) || SHA-256(JCS(document))."""
    proof_config_hash = hashlib.sha256(rfc8785.dumps(proof_config)).digest()
    document_hash = hashlib.sha256(rfc8785.dumps(unsecured_document)).digest()
    return proof_config_hash + document_hash


def _create_proof(
    unsecured_document: dict,
    *,
    key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
) -> dict:
    """eddsa-jcs-2022 "Create Proof": the proof object, ``proofValue`` last."""
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": PROOF_PURPOSE,
    }
    if "@context" in unsecured_document:
        proof["@context"] = copy.deepcopy(unsecured_document["@context"])
    signature = key.sign(_hash_data(unsecured_document, proof))
    proof["proofValue"] = _MULTIBASE_BASE58BTC + base58.b58encode(signature).decode("ascii")
    return proof


def _verify_proof(secured_document: dict, proof: dict, public_key: Ed25519PublicKey) -> bool:
    """eddsa-jcs-2022 "Verify Proof" of one proof with a known public key.

    Stricter than the cryptosuite in one point: a proof ``@context`` must equal the document's
    ``@context`` (the cryptosuite only requires it to be a prefix), so that appending a context
    to a signed credential counts as tampering. Without a proof ``@context`` the document's is
    used in the proof configuration. ``False`` for any undecodable ``proofValue``.
    """
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith(_MULTIBASE_BASE58BTC):
        return False
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return False
    unsecured_document = {k: v for k, v in secured_document.items() if k != "proof"}
    proof_options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in proof_options:
        if proof_options["@context"] != unsecured_document.get("@context"):
            return False
    elif "@context" in unsecured_document:
        proof_options["@context"] = unsecured_document["@context"]
    try:
        public_key.verify(signature, _hash_data(unsecured_document, proof_options))
    except InvalidSignature:
        return False
    return True


def _issuer_id(credential: dict) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return issuer["id"]
    return None


def sign(
    credential: dict,
    *,
    key: Ed25519PrivateKey | None = None,
    created: dt.datetime | None = None,
) -> dict:
    """A deep copy of ``credential`` with an ``eddsa-jcs-2022`` Data Integrity proof added.

    ``key`` defaults to :func:`signing_key`; ``created`` (timezone-aware) defaults to now, in
    UTC with seconds precision. The input is not mutated. The result's ``proof`` is a one-item
    array; its ``verificationMethod`` is the key's ``did:key:z6Mk…#z6Mk…``. Signing is
    deterministic for a given key, document and ``created`` (Ed25519 is deterministic).

    Raises ``ValueError`` if the credential already has a proof, its issuer id is not the
    key's did:key (a credential that :func:`verify` would reject), or it holds values that JCS
    cannot canonicalise (non-JSON types, non-finite floats, integers beyond 2**53).
    """
    if not isinstance(credential, dict):
        raise TypeError("credential must be a dict")
    if "proof" in credential:
        raise ValueError("the credential already has a proof")
    key = key if key is not None else signing_key()
    public_key = key.public_key()
    did = _did_key(public_key)
    if _issuer_id(credential) != did:
        raise ValueError(f"the credential's issuer id is not the signing key's DID {did}")
    created_at = created if created is not None else dt.datetime.now(dt.UTC)
    document = copy.deepcopy(credential)
    proof = _create_proof(
        document,
        key=key,
        verification_method=_verification_method(public_key),
        created=_xsd_datetime(created_at, name="created"),
    )
    document["proof"] = [proof]
    return document


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


def _invalid(reason: str) -> Verification:
    return Verification(is_valid=False, reason=reason)


def _check(credential: Any) -> Verification:
    if not isinstance(credential, dict):
        return _invalid(f"not a credential: expected a JSON object, got {type(credential).__name__}")
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_V2_CONTEXT:
        return _invalid(f"@context must be a list starting with {VC_V2_CONTEXT}")
    types = credential.get("type")
    if (
        not isinstance(types, list)
        or "VerifiableCredential" not in types
        or not OB_CREDENTIAL_TYPES.intersection(types)
    ):
        return _invalid("type must include VerifiableCredential and OpenBadgeCredential")

    proofs = credential.get("proof")
    if proofs is None:
        return _invalid("no proof: the credential is not signed")
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or len(proofs) != 1 or not isinstance(proofs[0], dict):
        return _invalid("proof must be exactly one proof object")
    proof = proofs[0]
    if proof.get("type") != PROOF_TYPE:
        return _invalid(f"proof type must be {PROOF_TYPE}, got {proof.get('type')!r}")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        return _invalid(f"proof cryptosuite must be {CRYPTOSUITE}, got {proof.get('cryptosuite')!r}")
    if proof.get("proofPurpose") != PROOF_PURPOSE:
        return _invalid(f"proofPurpose must be {PROOF_PURPOSE}, got {proof.get('proofPurpose')!r}")
    created = proof.get("created")
    if created is not None and not (isinstance(created, str) and _is_datetime_stamp(created)):
        return _invalid("proof created is not a date-time with a time zone")
    proof_value = proof.get("proofValue")
    if not isinstance(proof_value, str) or not proof_value.startswith(_MULTIBASE_BASE58BTC):
        return _invalid("proofValue must be a multibase base58btc string (starting with 'z')")
    try:
        signature = base58.b58decode(proof_value[1:])
    except ValueError:
        return _invalid("proofValue is not valid base58btc")
    if len(signature) != 64:
        return _invalid("proofValue is not a 64-byte Ed25519 signature")

    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method.startswith(_DID_KEY_PREFIX):
        return _invalid("verificationMethod must be a did:key URL (did:key:z6Mk…#z6Mk…)")
    did, _, fragment = method.partition("#")
    try:
        public_key = _public_key_from_did_key(did)
    except ValueError as exc:
        return _invalid(f"verificationMethod key does not decode: {exc}")
    if fragment != did[len(_DID_KEY_PREFIX) :]:
        return _invalid("verificationMethod fragment must repeat the did:key's key (did:key:z…#z…)")
    issuer = _issuer_id(credential)
    if issuer != did:
        return _invalid(f"issuer {issuer!r} is not the DID of the verificationMethod ({did})")

    if not _verify_proof(credential, proof, public_key):
        return _invalid(TAMPERED_REASON)
    return Verification(is_valid=True, reason=f"valid: signed by {did} ({CRYPTOSUITE})")


def _is_datetime_stamp(value: str) -> bool:
    if not _DATETIME_STAMP.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def verify(credential: dict) -> Verification:
    """Verify a signed credential offline; never raises.

    Valid only if: it is a VC 2.0 ``OpenBadgeCredential`` object; it has exactly one proof of
    type ``DataIntegrityProof``, cryptosuite ``eddsa-jcs-2022`` and proofPurpose
    ``assertionMethod``; its ``verificationMethod`` is ``did:key:z…#z…`` of an Ed25519 key; the
    issuer id is that DID; and the Ed25519 signature verifies over the JCS-canonical proof
    configuration and document. Any change to any field after signing, nested fields and the
    proof's own fields (``created``…) included, gives ``is_valid=False`` with the reason
    ``"signature does not match: the credential was changed after signing"``; every other
    failure, malformed input included, gives ``is_valid=False`` with its own reason.
    """
    try:
        return _check(credential)
    except rfc8785.CanonicalizationError as exc:
        return _invalid(f"the credential cannot be canonicalised (JCS): {type(exc).__name__}")
    except RecursionError:
        return _invalid("the credential is nested too deeply")
    except Exception as exc:  # verify() promises never to raise
        return _invalid(f"the credential could not be verified: {type(exc).__name__}")


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in pairs:
        if name in result:
            raise ValueError(f"duplicate key {name!r}")
        result[name] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def strict_json_loads(text: str) -> Any:
    """Parse JSON strictly: duplicate object keys and NaN/Infinity raise ValueError.

    A credential with a duplicate key could mean one thing to us and another to a consumer.
    """
    return json.JSONDecoder(object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant).decode(
        text
    )


def verify_file(path: str | os.PathLike[str]) -> Verification:
    """:func:`verify` for a UTF-8 JSON file; never raises.

    An unreadable file, invalid UTF-8, invalid JSON, duplicate object keys or ``NaN``/
    ``Infinity`` give ``is_valid=False`` with the reason.
    """
    loads: Callable[[str], Any] = strict_json_loads
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        return _invalid(f"cannot read {os.fspath(path)}: {exc.strerror or type(exc).__name__}")
    except UnicodeDecodeError:
        return _invalid(f"{os.fspath(path)} is not UTF-8 text")
    except Exception as exc:  # never raise
        return _invalid(f"cannot read {path!r}: {type(exc).__name__}")
    try:
        credential = loads(text)
    except RecursionError:
        return _invalid("invalid JSON: nested too deeply")
    except ValueError as exc:
        return _invalid(f"invalid JSON: {exc}")
    return verify(credential)
