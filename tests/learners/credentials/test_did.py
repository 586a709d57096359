"""did:key and the W3C test vectors."""

import copy

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learners.credentials import did
from learners.credentials import proof as eddsa
from tests.learners.credentials.vectors import (
    DID_KEY_VECTOR,
    W3C_PROOF,
    W3C_PUBLIC_KEY,
    W3C_SECRET_KEY,
    W3C_UNSIGNED,
)


def test_did_key_round_trips_the_w3c_ed25519_test_vector():
    multibase = DID_KEY_VECTOR.removeprefix("did:key:")
    public_key = did._public_key_from_multibase(multibase)
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert base58.b58decode(multibase[1:]) == b"\xed\x01" + raw
    assert did._did_key(public_key) == DID_KEY_VECTOR
    assert (
        did._public_key_from_did_key(DID_KEY_VECTOR).public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        == raw
    )
    assert did._verification_method(public_key) == f"{DID_KEY_VECTOR}#{multibase}"


@pytest.mark.parametrize(
    "bad",
    [
        "did:web:example.com",
        "did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        "did:key:z0OIl",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW",
    ],
)
def test_did_key_decoding_rejects_non_ed25519_keys(bad):
    with pytest.raises(ValueError, match=r"did:key|multibase|base58btc|Ed25519"):
        did._public_key_from_did_key(bad)


def _w3c_key() -> Ed25519PrivateKey:
    secret = base58.b58decode(W3C_SECRET_KEY[1:])
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(secret[2:])


def test_eddsa_jcs_2022_matches_the_w3c_test_vector():
    key = _w3c_key()
    assert did._multibase_public_key(key.public_key()) == W3C_PUBLIC_KEY
    proof = eddsa._create_proof(
        copy.deepcopy(W3C_UNSIGNED),
        key=key,
        verification_method=W3C_PROOF["verificationMethod"],
        created=W3C_PROOF["created"],
    )
    assert proof == W3C_PROOF
    secured = {**W3C_UNSIGNED, "proof": W3C_PROOF}
    public_key = did._public_key_from_multibase(W3C_PUBLIC_KEY)
    assert eddsa._verify_proof(secured, W3C_PROOF, public_key) is True
    changed = {**secured, "name": "Alumni Credential!"}
    assert eddsa._verify_proof(changed, W3C_PROOF, public_key) is False


def test_verify_proof_without_proof_context_uses_the_document_context():
    key = _w3c_key()
    document = copy.deepcopy(W3C_UNSIGNED)
    proof = eddsa._create_proof(
        document, key=key, verification_method=W3C_PROOF["verificationMethod"], created=W3C_PROOF["created"]
    )
    without_context = {k: v for k, v in proof.items() if k != "@context"}
    assert eddsa._verify_proof({**document, "proof": without_context}, without_context, key.public_key())
