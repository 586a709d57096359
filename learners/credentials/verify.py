"""Verifying a credential from the credential alone, and reading one from a file strictly."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import base58
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .constants import (
    _DATETIME_STAMP,
    _DID_KEY_PREFIX,
    _DID_WEB_PREFIX,
    _MULTIBASE_BASE58BTC,
    CRYPTOSUITE,
    OB_CREDENTIAL_TYPES,
    PROOF_PURPOSE,
    PROOF_TYPE,
    TAMPERED_REASON,
    VC_V2_CONTEXT,
)
from .did import _public_key_from_did_key
from .document import Verification
from .proof import _verify_proof, issuer_id

# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


def _invalid(reason: str) -> Verification:
    return Verification(is_valid=False, reason=reason)


Resolver = Callable[[str], Ed25519PublicKey | None]
"""Resolves a did:web verification method URL to its public key (None: not listed)."""

CLR_TYPE = "ClrCredential"
MAX_EMBEDDED = 1000  # credentials in one learner record


def _check(
    credential: Any, resolve: Resolver | None, *, embedded: bool = False, accept: frozenset[str] | None = None
) -> Verification:
    if not isinstance(credential, dict):
        return _invalid(f"not a credential: expected a JSON object, got {type(credential).__name__}")
    context = credential.get("@context")
    if not isinstance(context, list) or not context or context[0] != VC_V2_CONTEXT:
        return _invalid(f"@context must be a list starting with {VC_V2_CONTEXT}")
    types = credential.get("type")
    if embedded and isinstance(types, list) and CLR_TYPE in types:
        # One level only: a record inside a record would multiply the work of every check.
        return _invalid("a learner record may not hold another learner record")
    is_clr = isinstance(types, list) and CLR_TYPE in types and accept is None
    if accept is not None:
        if (
            not isinstance(types, list)
            or "VerifiableCredential" not in types
            or not accept.intersection(types)
        ):
            return _invalid(f"type must include VerifiableCredential and {' or '.join(sorted(accept))}")
    elif (
        not isinstance(types, list)
        or "VerifiableCredential" not in types
        or not (OB_CREDENTIAL_TYPES.intersection(types) or (is_clr and not embedded))
    ):
        return _invalid("type must include VerifiableCredential and OpenBadgeCredential (or ClrCredential)")
    if is_clr:
        # Each credential in the record first, so that a changed one is named, not only the record.
        subject = credential.get("credentialSubject")
        inner = subject.get("verifiableCredential") if isinstance(subject, dict) else None
        if not isinstance(inner, list) or not inner:
            return _invalid("a ClrCredential's credentialSubject must hold verifiableCredential")
        if len(inner) > MAX_EMBEDDED:
            return _invalid(f"a learner record holds at most {MAX_EMBEDDED} credentials")
        for number, item in enumerate(inner, start=1):
            result = _check(item, resolve, embedded=True)
            if not result.is_valid:
                name = item.get("id") if isinstance(item, dict) else None
                return _invalid(f"credential {number} in the record ({name}): {result.reason}")

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
    if not isinstance(method, str):
        return _invalid("verificationMethod must be a did:key or did:web URL")
    did, _, fragment = method.partition("#")
    if method.startswith(_DID_KEY_PREFIX):
        try:
            public_key = _public_key_from_did_key(did)
        except ValueError as exc:
            return _invalid(f"verificationMethod key does not decode: {exc}")
        if fragment != did[len(_DID_KEY_PREFIX) :]:
            return _invalid("verificationMethod fragment must repeat the did:key's key (did:key:z…#z…)")
    elif method.startswith(_DID_WEB_PREFIX) and fragment:
        found = resolve(method) if resolve is not None else None
        if found is None:
            return _invalid(f"verificationMethod {method} is not listed in {did}'s DID document")
        public_key = found
    else:
        return _invalid("verificationMethod must be a did:key URL (did:key:z6Mk…#z6Mk…) or a did:web URL")
    issuer = issuer_id(credential)
    if issuer != did:
        return _invalid(f"issuer {issuer!r} is not the DID of the verificationMethod ({did})")

    if not _verify_proof(credential, proof, public_key):
        return _invalid(TAMPERED_REASON)
    return Verification(is_valid=True, reason=f"valid: signed by {did} ({CRYPTOSUITE})")


def verify_status_list(credential: Any, *, resolve: Resolver | None = None) -> Verification:
    """:func:`verify` for a BitstringStatusListCredential (the same proof rules); never raises."""
    try:
        return _check(credential, resolve, accept=frozenset({"BitstringStatusListCredential"}))
    except rfc8785.CanonicalizationError as exc:
        return _invalid(f"the status list cannot be canonicalised (JCS): {type(exc).__name__}")
    except Exception as exc:  # never raises
        return _invalid(f"the status list could not be verified: {type(exc).__name__}")


def _is_datetime_stamp(value: str) -> bool:
    if not _DATETIME_STAMP.fullmatch(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def verify(credential: dict, *, resolve: Resolver | None = None) -> Verification:
    """Verify a signed credential offline; never raises.

    Valid only if: it is a VC 2.0 ``OpenBadgeCredential`` object; it has exactly one proof of
    type ``DataIntegrityProof``, cryptosuite ``eddsa-jcs-2022`` and proofPurpose
    ``assertionMethod``; its ``verificationMethod`` is ``did:key:z…#z…`` of an Ed25519 key; the
    issuer id is that DID; and the Ed25519 signature verifies over the JCS-canonical proof
    configuration and document. Any change to any field after signing, nested fields and the
    proof's own fields (``created``…) included, gives ``is_valid=False`` with the reason
    ``"signature does not match: the credential was changed after signing"``; every other
    failure, malformed input included, gives ``is_valid=False`` with its own reason.

    A ``did:web`` verification method needs `resolve` (the key listed under that id in the DID
    document); without it, or when the document does not list it, the credential is not valid. A
    ``ClrCredential`` is valid only if every credential it holds is, each checked first and named
    when it fails.
    """
    try:
        return _check(credential, resolve)
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


def verify_file(path: str | os.PathLike[str], *, resolve: Resolver | None = None) -> Verification:
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
    return verify(credential, resolve=resolve)
