"""The signing key: created once with mode 0600, moved from the old default, never replaced."""

import base64
import json
import os
import stat
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learners.credentials import (
    constants,
    did,
    issuer_did,
    keys,
    signing_key,
    verification_method,
    verify,
)


def test_key_file_is_created_once_with_mode_0600_and_reused(key_file):
    assert not key_file.exists()
    did = issuer_did()
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    content = key_file.read_bytes()
    assert content.startswith(b"-----BEGIN PRIVATE KEY-----\n")
    assert issuer_did() == did
    assert verification_method() == f"{did}#{did.removeprefix('did:key:')}"
    assert key_file.read_bytes() == content
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


def test_existing_key_file_is_loaded(key_file):
    key = Ed25519PrivateKey.generate()
    key_file.parent.mkdir(mode=0o700)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    assert issuer_did() == did._did_key(key.public_key())
    raw = signing_key().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    assert raw == key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def test_default_key_path_is_under_base_dir_keys(settings, tmp_path):
    if hasattr(settings, "CREDENTIAL_SIGNING_KEY_FILE"):
        del settings.CREDENTIAL_SIGNING_KEY_FILE
    settings.BASE_DIR = tmp_path
    did = issuer_did()
    path = tmp_path / "keys" / "credential-signing-ed25519.pem"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert issuer_did() == did


def test_make_clean_removes_nothing_the_default_key_lives_in():
    """`make clean` deletes var/ and the virtualenv; the key (issue #10) lives in neither."""
    from django.conf import settings as django_settings

    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()
    recipe = makefile.split("\nclean:", 1)[1].split("\n\n", 1)[0]
    removed = [word for line in recipe.splitlines() if "rm " in line for word in line.split()[2:]]
    assert removed  # the recipe was found
    default = constants.DEFAULT_KEY_RELATIVE_PATH
    for target in removed:
        target = target.replace("$(VENV)", ".venv").rstrip("/")
        assert not str(default).startswith(target + "/"), (target, default)


def test_a_key_made_at_the_old_default_under_var_is_moved_not_replaced(settings, tmp_path):
    if hasattr(settings, "CREDENTIAL_SIGNING_KEY_FILE"):
        del settings.CREDENTIAL_SIGNING_KEY_FILE
    settings.BASE_DIR = tmp_path
    legacy = tmp_path / "var" / "keys" / "credential-signing-ed25519.pem"
    legacy.parent.mkdir(parents=True)
    key = Ed25519PrivateKey.generate()
    legacy.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    legacy.chmod(0o600)

    assert issuer_did() == did._did_key(key.public_key())  # the same issuer as before
    assert (tmp_path / "keys" / "credential-signing-ed25519.pem").is_file()
    assert not legacy.exists()


def test_a_key_written_concurrently_by_another_process_wins(key_file, monkeypatch):
    winner = Ed25519PrivateKey.generate()
    ours = Ed25519PrivateKey.generate()

    def generate_while_another_process_writes_its_key():
        key_file.write_bytes(
            winner.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        os.chmod(key_file, 0o600)
        return ours

    monkeypatch.setattr(keys, "_generate_key", generate_while_another_process_writes_its_key)
    assert issuer_did() == did._did_key(winner.public_key())
    assert sorted(p.name for p in key_file.parent.iterdir()) == [key_file.name]


def test_a_key_file_that_is_not_ed25519_is_refused(key_file):
    from django.core.exceptions import ImproperlyConfigured

    key_file.parent.mkdir(mode=0o700)
    key_file.write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n")
    key_file.chmod(0o600)
    with pytest.raises(ImproperlyConfigured, match="not an unencrypted PKCS#8 PEM private key"):
        signing_key()


def test_signed_credential_contains_no_private_key_material(signed, key_file):
    key = signing_key()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem = key_file.read_text()
    pem_body = "".join(pem.strip().splitlines()[1:-1])
    der = base64.b64decode(pem_body)
    serialised = json.dumps(signed, ensure_ascii=False)
    forms = {
        "pem body": pem_body,
        "hex": raw.hex(),
        "HEX": raw.hex().upper(),
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
        "base58": base58.b58encode(raw).decode(),
        "multibase private key": base58.b58encode(b"\x80\x26" + raw).decode(),
        "der hex": der.hex(),
    }
    for name, form in forms.items():
        assert form not in serialised, name
        assert form not in repr(verify(signed)), name
        assert form[:16] not in serialised, name
    assert "PRIVATE KEY" not in serialised
