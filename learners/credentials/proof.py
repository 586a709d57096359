"""The eddsa-jcs-2022 Data Integrity proof: hashData, creating and checking the signature, sign()."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from typing import Any

import base58
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .constants import _MULTIBASE_BASE58BTC, CRYPTOSUITE, PROOF_PURPOSE, PROOF_TYPE
from .did import (
    _did_key,
    _multibase_public_key,
    _verification_method,
    did_web,
    issuer_did,
    verification_method,
)
from .document import _xsd_datetime
from .keys import signing_key

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


def issuer_id(credential: dict) -> str | None:
    """The id of a credential's issuer (a string, or the `id` of an issuer object), or None."""
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
    issuer: str | None = None,
) -> dict:
    """A deep copy of ``credential`` with an ``eddsa-jcs-2022`` Data Integrity proof added.

    ``key`` defaults to :func:`signing_key` (the issuer then is :func:`issuer_did`, did:key or
    did:web; with an explicit key, its did:key); ``created`` (timezone-aware) defaults to now, in
    UTC with seconds precision. The input is not mutated. The result's ``proof`` is a one-item
    array; its ``verificationMethod`` is the key's ``did:key:z6Mk…#z6Mk…``. ``issuer`` names the DID
    to sign as explicitly: the platform's :func:`did_web` (with the key's fragment) or the key's own
    did:key, whatever CREDENTIAL_ISSUER_DID_METHOD says now (a status list keeps the issuer of the
    credentials it serves). Signing is
    deterministic for a given key, document and ``created`` (Ed25519 is deterministic).

    Raises ``ValueError`` if the credential already has a proof, its issuer id is not the
    key's did:key (a credential that :func:`verify` would reject), or it holds values that JCS
    cannot canonicalise (non-JSON types, non-finite floats, integers beyond 2**53).
    """
    if not isinstance(credential, dict):
        raise TypeError("credential must be a dict")
    if "proof" in credential:
        raise ValueError("the credential already has a proof")
    if issuer is not None:
        key = key or signing_key()
        did = issuer
        if issuer == did_web():
            method = f"{issuer}#{_multibase_public_key(key.public_key())}"
        elif issuer == _did_key(key.public_key()):
            method = _verification_method(key.public_key())
        else:
            raise ValueError(f"{issuer} is neither the platform's did:web nor the signing key's did:key")
    elif key is None:
        key = signing_key()
        did, method = issuer_did(), verification_method()
    else:
        did, method = _did_key(key.public_key()), _verification_method(key.public_key())
    if issuer_id(credential) != did:
        raise ValueError(f"the credential's issuer id is not the signing key's DID {did}")
    created_at = created if created is not None else dt.datetime.now(dt.UTC)
    document = copy.deepcopy(credential)
    proof = _create_proof(
        document,
        key=key,
        verification_method=method,
        created=_xsd_datetime(created_at, name="created"),
    )
    document["proof"] = [proof]
    return document
