"""The platform's issuer identity: did:key of its public key (multicodec Ed25519, multibase
base58btc), both ways, and did:web of PLATFORM_BASE_URL with the DID document listing every key the
platform has signed with (https://w3c-ccg.github.io/did-method-web/)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings

from .constants import _DID_KEY_PREFIX, _ED25519_PUB_MULTICODEC, _MULTIBASE_BASE58BTC
from .keys import signing_key


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


def did_web() -> str:
    """``did:web:<host>`` of settings.PLATFORM_BASE_URL (a port is written ``%3A<port>``); its
    DID document is served at ``/.well-known/did.json``."""
    parts = urlsplit(settings.PLATFORM_BASE_URL)
    host = (parts.hostname or "localhost").lower()
    if parts.port:
        host = f"{host}%3A{parts.port}"
    return f"did:web:{host}"


def uses_did_web() -> bool:
    """Whether credentials name the platform by did:web (CREDENTIAL_ISSUER_DID_METHOD=web)."""
    return getattr(settings, "CREDENTIAL_ISSUER_DID_METHOD", "key") == "web"


def public_key_multibase() -> str:
    """``z6Mk…`` of the current signing key's public half."""
    return _multibase_public_key(signing_key().public_key())


def issuer_did() -> str:
    """The platform's issuer DID: ``did:key:z6Mk…`` of the public half of :func:`signing_key`, or
    :func:`did_web` when CREDENTIAL_ISSUER_DID_METHOD is ``web``."""
    if uses_did_web():
        return did_web()
    return _did_key(signing_key().public_key())


def verification_method() -> str:
    """The current key's verification method: ``did:key:z6Mk…#z6Mk…`` or ``did:web:…#z6Mk…``."""
    if uses_did_web():
        return f"{did_web()}#{public_key_multibase()}"
    return _verification_method(signing_key().public_key())


def did_web_document(*, public_keys: list[str]) -> dict[str, Any]:
    """The DID document of :func:`did_web`: every key in `public_keys` (multibase, the current one
    first) as a Multikey verification method usable for assertions, so that credentials signed
    before a key rotation keep verifying; each key's did:key is listed in ``alsoKnownAs``."""
    did = did_web()
    methods = [
        {"id": f"{did}#{key}", "type": "Multikey", "controller": did, "publicKeyMultibase": key}
        for key in public_keys
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "alsoKnownAs": [f"{_DID_KEY_PREFIX}{key}" for key in public_keys],
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }
