"""The platform's Ed25519 signing key: a PEM file created once, atomically, never overwritten."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import stat
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .constants import DEFAULT_KEY_RELATIVE_PATH, LEGACY_KEY_RELATIVE_PATH

logger = logging.getLogger(__name__)

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


def retire_key_file(*, now: dt.datetime) -> Path:
    """Rename the current key file to ``<file>.retired-<UTC time>`` (mode kept at 0600), so that
    the next :func:`signing_key` creates a new key. Returns the retired file's path."""
    path = _key_path()
    retired = path.with_name(f"{path.name}.retired-{now.astimezone(dt.UTC):%Y%m%dT%H%M%S.%fZ}")
    if retired.exists():
        raise FileExistsError(f"{retired} exists already")
    os.replace(path, retired)
    logger.info("Credential signing key retired to %s", retired)
    return retired


def retired_signing_key(*, did: str) -> Ed25519PrivateKey | None:
    """The retired key (``<file>.retired-*`` beside the key file) whose did:key is ``did``, or None
    when no such file is left. Only re-signing the status lists of credentials issued under that
    did:key uses it: the list must keep its credentials' issuer (Bitstring Status List, "the
    status list's issuer must be the credential's")."""
    from .did import _did_key  # did imports this module

    path = _key_path()
    for retired in sorted(path.parent.glob(f"{path.name}.retired-*"), reverse=True):
        try:
            key = _load_key(retired)
        except (ImproperlyConfigured, OSError):
            logger.warning("Retired credential key file %s cannot be read; skipped", retired)
            continue
        if _did_key(key.public_key()) == did:
            return key
    return None
