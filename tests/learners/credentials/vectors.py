"""Test vectors, conformance files and constants shared by the credential tests."""

import datetime as dt
import json
from pathlib import Path

from jsonschema import Draft201909Validator


def _conformance_dir() -> Path:
    beside_repo = Path(__file__).resolve().parents[3].parent / "shared" / "conformance"
    return beside_repo if beside_repo.is_dir() else Path("/work/shared/conformance")


CONFORMANCE = _conformance_dir()
OB3 = CONFORMANCE / "obv3"
EXAMPLES = sorted((OB3 / "examples").glob("*.json"))

ISSUED_AT = dt.datetime(2025, 4, 1, 9, 30, 15, 123456, tzinfo=dt.timezone(dt.timedelta(hours=9)))
CREATED = dt.datetime(2025, 4, 1, 0, 31, tzinfo=dt.UTC)
LEARNER_ID = "urn:uuid:0f8c3f0e-5a43-4f35-9d2e-6d1b7a3c9e21"

# W3C did:key spec, Ed25519 test vector.
DID_KEY_VECTOR = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"

# W3C Data Integrity EdDSA Cryptosuites v1.0, eddsa-jcs-2022 test vector (w3c/vc-di-eddsa TestVectors:
# keyPair.json and eddsa-jcs-2022/signedJCS.json).
W3C_PUBLIC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_SECRET_KEY = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_UNSIGNED = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}
W3C_PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-jcs-2022",
    "created": "2023-02-24T23:36:38Z",
    "verificationMethod": "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "proofPurpose": "assertionMethod",
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
    "proofValue": "z63t83Y53KfzJ5ZosfKTnqfMcKB2dmTrfjSaQjeNNjAD5srBowQfmWqeRb8rRjmeEuCBEsddF9LsVogtuTsijJKh4",
}


def _schema_validator() -> Draft201909Validator:
    schema = json.loads((OB3 / "achievementcredential.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2019-09/schema#"
    Draft201909Validator.check_schema(schema)
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)
