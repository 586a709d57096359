"""Signing with eddsa-jcs-2022 and verifying: any change after signing is detected."""

import copy
import datetime as dt

import base58
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from learners.credentials import (
    Verification,
    did,
    issuer_did,
    sign,
    verification_method,
    verify,
)
from learners.credentials import proof as eddsa
from tests.learners.credentials.vectors import (
    CREATED,
)


def test_sign_then_verify_is_valid(signed, key_file):
    result = verify(signed)
    assert result == Verification(is_valid=True, reason=f"valid: signed by {issuer_did()} (eddsa-jcs-2022)")


def test_signed_proof_shape(signed, unsigned, key_file):
    assert {k: v for k, v in signed.items() if k != "proof"} == unsigned
    assert len(signed["proof"]) == 1
    proof = signed["proof"][0]
    assert list(proof) == [
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "@context",
        "proofValue",
    ]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-jcs-2022"
    assert proof["created"] == "2025-04-01T00:31:00Z"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["@context"] == signed["@context"]
    assert proof["verificationMethod"] == verification_method()
    did = issuer_did()
    assert did.startswith("did:key:z6Mk")
    assert verification_method() == f"{did}#{did.removeprefix('did:key:')}"
    assert proof["proofValue"].startswith("z")
    assert len(base58.b58decode(proof["proofValue"][1:])) == 64


def test_sign_does_not_mutate_its_input(unsigned):
    before = copy.deepcopy(unsigned)
    result = sign(unsigned, created=CREATED)
    assert unsigned == before
    assert "proof" not in unsigned
    result["credentialSubject"]["achievement"]["alignment"][0]["targetName"] = "changed"
    assert unsigned == before


def test_signing_is_deterministic_for_a_fixed_key_and_created(unsigned):
    first = sign(unsigned, created=CREATED)
    second = sign(unsigned, created=CREATED)
    assert first == second
    later = sign(unsigned, created=CREATED + dt.timedelta(seconds=1))
    assert later["proof"][0]["proofValue"] != first["proof"][0]["proofValue"]
    assert verify(later).is_valid is True


def test_sign_defaults_created_to_now_in_utc(unsigned):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    proof = sign(unsigned)["proof"][0]
    after = dt.datetime.now(dt.UTC)
    created = dt.datetime.fromisoformat(proof["created"].replace("Z", "+00:00"))
    assert proof["created"].endswith("Z")
    assert before <= created <= after


def test_sign_refuses_an_issuer_that_is_not_the_key_and_an_already_signed_credential(unsigned, signed):
    with pytest.raises(ValueError, match="issuer id is not the signing key's DID"):
        sign(unsigned, key=Ed25519PrivateKey.generate(), created=CREATED)
    with pytest.raises(ValueError, match="already has a proof"):
        sign(signed, created=CREATED)


def _set_achievement_name(c):
    c["credentialSubject"]["achievement"]["name"] = "データ活用基盤設計応用"


def _set_alignment_level(c):
    c["credentialSubject"]["achievement"]["alignment"][0]["targetDescription"] = (
        "到達レベル: c (proficiency level c)"
    )


def _set_valid_from(c):
    c["validFrom"] = "2025-04-01T00:30:16Z"


def _set_issuer_name(c):
    c["issuer"]["name"] = "Another Platform"


def _set_proof_created(c):
    c["proof"][0]["created"] = "2025-04-01T00:31:01Z"


def _add_top_level_field(c):
    c["validUntil"] = "2030-01-01T00:00:00Z"


def _add_nested_field(c):
    c["credentialSubject"]["achievement"]["creditsAvailable"] = 3


def _remove_alignment(c):
    c["credentialSubject"]["achievement"]["alignment"].pop()


def _set_subject_id(c):
    c["credentialSubject"]["id"] = "urn:uuid:00000000-0000-4000-8000-000000000000"


def _append_context(c):
    c["@context"].append("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")


def _add_proof_field(c):
    c["proof"][0]["expires"] = "2099-01-01T00:00:00Z"


def _set_learner_name_unicode_lookalike(c):
    c["credentialSubject"]["name"] = "山田\u3000花子"  # ideographic space


TAMPERINGS = [
    _set_achievement_name,
    _set_alignment_level,
    _set_valid_from,
    _set_issuer_name,
    _set_proof_created,
    _add_top_level_field,
    _add_nested_field,
    _remove_alignment,
    _set_subject_id,
    _append_context,
    _add_proof_field,
    _set_learner_name_unicode_lookalike,
]


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda f: f.__name__.lstrip("_"))
def test_any_change_after_signing_is_detected(signed, tamper):
    tampered = copy.deepcopy(signed)
    tamper(tampered)
    assert tampered != signed
    assert verify(tampered) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )
    assert verify(signed).is_valid is True


def test_proof_as_a_single_object_is_accepted(signed):
    single = {**signed, "proof": signed["proof"][0]}
    assert verify(single).is_valid is True


def test_signature_by_another_key_with_the_platform_verification_method_is_invalid(signed):
    forged = copy.deepcopy(signed)
    forged["credentialSubject"]["achievement"]["name"] = "偽造コース"
    del forged["proof"]
    proof = eddsa._create_proof(
        forged,
        key=Ed25519PrivateKey.generate(),
        verification_method=signed["proof"][0]["verificationMethod"],
        created=signed["proof"][0]["created"],
    )
    forged["proof"] = [proof]
    assert verify(forged) == Verification(
        is_valid=False, reason="signature does not match: the credential was changed after signing"
    )


def test_credential_resigned_by_another_key_is_rejected_for_the_issuer(signed):
    other = Ed25519PrivateKey.generate()
    forged = {k: copy.deepcopy(v) for k, v in signed.items() if k != "proof"}
    forged["proof"] = [
        eddsa._create_proof(
            forged,
            key=other,
            verification_method=did._verification_method(other.public_key()),
            created="2025-04-01T00:31:00Z",
        )
    ]
    result = verify(forged)
    assert result.is_valid is False
    assert result.reason.startswith(
        f"issuer {signed['issuer']['id']!r} is not the DID of the verificationMethod"
    )


def test_credential_without_proof_is_invalid(unsigned):
    assert verify(unsigned) == Verification(is_valid=False, reason="no proof: the credential is not signed")


def _vm(c):
    return c["proof"][0]["verificationMethod"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda c: c["proof"][0].update(type="Ed25519Signature2020"),
            "proof type must be DataIntegrityProof",
        ),
        (
            lambda c: c["proof"][0].update(cryptosuite="eddsa-rdfc-2022"),
            "proof cryptosuite must be eddsa-jcs-2022",
        ),
        (
            lambda c: c["proof"][0].update(proofPurpose="authentication"),
            "proofPurpose must be assertionMethod",
        ),
        (lambda c: c["proof"][0].update(created="yesterday"), "proof created is not a date-time"),
        (lambda c: c["proof"][0].update(created="2025-04-01T00:31:00"), "proof created is not a date-time"),
        (lambda c: c["proof"][0].pop("proofValue"), "proofValue must be a multibase base58btc string"),
        (
            lambda c: c["proof"][0].update(proofValue="uAAAA"),
            "proofValue must be a multibase base58btc string",
        ),
        (lambda c: c["proof"][0].update(proofValue="z0OIl"), "proofValue is not valid base58btc"),
        (lambda c: c["proof"][0].update(proofValue="z" + "1" * 10), "proofValue is not a 64-byte"),
        (
            lambda c: c["proof"][0].update(verificationMethod="https://example.com/keys/1"),
            "verificationMethod must be a did:key URL",
        ),
        (
            lambda c: c["proof"][0].update(
                verificationMethod="did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme#x"
            ),
            "verificationMethod key does not decode",
        ),
        (
            lambda c: c["proof"][0].update(verificationMethod=_vm(c).split("#")[0] + "#key-1"),
            "verificationMethod fragment must repeat",
        ),
        (
            lambda c: c.update(issuer="https://skills.example.go.jp"),
            "issuer 'https://skills.example.go.jp' is not",
        ),
        (lambda c: c.update(proof=[]), "proof must be exactly one proof object"),
        (lambda c: c.update(proof=c["proof"] * 2), "proof must be exactly one proof object"),
        (lambda c: c.update(proof="zabc"), "proof must be exactly one proof object"),
        (lambda c: c.update(type=["VerifiableCredential"]), "type must include"),
        (
            lambda c: c.update({"@context": ["https://www.w3.org/2018/credentials/v1"]}),
            "@context must be a list",
        ),
        (lambda c: c.pop("@context"), "@context must be a list"),
    ],
)
def test_malformed_proofs_are_invalid_with_a_reason(signed, change, reason):
    broken = copy.deepcopy(signed)
    change(broken)
    result = verify(broken)
    assert result.is_valid is False
    assert result.reason.startswith(reason), result.reason


@pytest.mark.parametrize(
    "value",
    [None, "", "not json", 42, [], ["proof"], {"proof": None}, {"@context": [None], "type": None}],
)
def test_verify_never_raises_on_garbage(value):
    result = verify(value)
    assert isinstance(result, Verification)
    assert result.is_valid is False
    assert result.reason


def test_verify_reports_uncanonicalisable_values_without_raising(signed):
    broken = copy.deepcopy(signed)
    broken["credentialSubject"]["score"] = float("nan")
    assert verify(broken) == Verification(
        is_valid=False, reason="the credential cannot be canonicalised (JCS): FloatDomainError"
    )
    broken["credentialSubject"]["score"] = 2**60
    assert verify(broken) == Verification(
        is_valid=False, reason="the credential cannot be canonicalised (JCS): IntegerDomainError"
    )
    broken["credentialSubject"]["score"] = object()
    assert verify(broken).is_valid is False
