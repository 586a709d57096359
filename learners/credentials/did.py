"""did:key for the platform's public key (multicodec Ed25519, multibase base58btc), both ways."""

from __future__ import annotations

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

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


def issuer_did() -> str:
    """The platform's issuer DID: ``did:key:z6Mk…`` of the public half of :func:`signing_key`."""
    return _did_key(signing_key().public_key())


def verification_method() -> str:
    """The platform key's verification method: ``did:key:z6Mk…#z6Mk…``."""
    return _verification_method(signing_key().public_key())
