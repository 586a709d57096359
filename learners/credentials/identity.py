"""Holder binding: the learner's e-mail address as an Open Badges 3.0 ``IdentityObject``, hashed
with a salt (OB 3.0 "IdentityHash": ``sha256$`` + hex SHA-256 of the UTF-8 identity followed by the
salt), so that someone who already knows the address can check it and nobody else can read it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any


def normalise_email(email: str) -> str:
    """The form that is hashed: trimmed and lower-case (addresses are compared case-insensitively)."""
    return email.strip().lower()


def email_identity(email: str, *, salt: str | None = None) -> dict[str, Any]:
    """An ``IdentityObject`` of type emailAddress for `email`, with a fresh random salt unless given."""
    if "@" not in email:
        raise ValueError("email_identity needs an e-mail address")
    salt = salt if salt is not None else secrets.token_hex(16)
    digest = hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def identity_matches(identity: Any, email: str) -> bool:
    """Whether the ``IdentityObject`` `identity` names `email` (the check an employer makes)."""
    if not isinstance(identity, dict) or identity.get("identityType") != "emailAddress":
        return False
    value, salt = identity.get("identityHash"), identity.get("salt") or ""
    if not isinstance(value, str) or not isinstance(salt, str):
        return False
    if identity.get("hashed") is not True:
        return hmac.compare_digest(value.strip().lower(), normalise_email(email))
    algorithm, _, digest = value.partition("$")
    if algorithm != "sha256":
        return False
    expected = hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()
    return hmac.compare_digest(digest.lower(), expected)
