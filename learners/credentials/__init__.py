"""Open Badges 3.0 course-completion credentials, signed with the platform's Ed25519 key.

Completing a course issues an ``OpenBadgeCredential`` (1EdTech Open Badges 3.0 on the W3C
Verifiable Credentials Data Model 2.0, JSON-LD). Its achievement names the course and aligns
to the skills the course builds (CASE ``CFItem`` alignments, as in the OB 3.0
"skill assertion" example).

Signing uses a Data Integrity proof with the ``eddsa-jcs-2022`` cryptosuite (W3C "Data Integrity
EdDSA Cryptosuites v1.0", section 3.3):

* proof options = ``type`` ``DataIntegrityProof``, ``cryptosuite``, ``created``,
  ``verificationMethod``, ``proofPurpose`` ``assertionMethod`` and the document's ``@context``;
* ``hashData = SHA-256(JCS(proofConfig)) || SHA-256(JCS(unsecuredDocument))`` with JCS =
  RFC 8785 JSON Canonicalization Scheme;
* ``proofValue`` = multibase base58btc (``z…``) of the Ed25519 signature of ``hashData``.

The issuer is a ``did:key`` derived from the platform's public key and the proof's
``verificationMethod`` is ``did:key:z6Mk…#z6Mk…``, so anyone can verify a credential offline from
the credential alone: no key server, no network, no JSON-LD document loader.

The ``proof`` is emitted as an array holding one proof, because the OB 3.0 JSON Schema types
``proof`` as an array (VC 2.0 allows either an object or an array).

The private key lives in a PEM file (PKCS#8, unencrypted, mode 0600) named by
``settings.CREDENTIAL_SIGNING_KEY_FILE``. Only :func:`signing_key` returns it (and
:func:`keys.retired_signing_key` a retired one, for status lists of its did:key); nothing in this
module logs it or puts it into any output.

Revocation any verifier can check: each credential carries a ``credentialStatus`` entry of a W3C
Bitstring Status List (`status`); holder binding: a salted SHA-256 ``IdentityObject`` of the
e-mail address (`identity`); the learner's record as a CLR 2.0 ``ClrCredential`` (`clr`); the
issuer as did:key or did:web (`did`).

Modules: `constants`, `document` (the data model and build_credential), `keys` (signing_key),
`did` (issuer_did, verification_method, did_web_document), `proof` (sign), `verify` (verify,
verify_file, verify_status_list, strict_json_loads), `status`, `identity`, `clr`. The names below
are the package's public interface.
"""

from .clr import build_clr, build_exam_pass_credential
from .constants import TAMPERED_REASON
from .did import (
    did_web,
    did_web_document,
    issuer_did,
    public_key_multibase,
    uses_did_web,
    verification_method,
)
from .document import Alignment, CourseAchievement, Verification, build_credential
from .identity import email_identity, identity_matches
from .keys import signing_key
from .proof import sign
from .status import StatusCheck, check_status, status_entry, status_list_credential
from .verify import MAX_EMBEDDED, Resolver, strict_json_loads, verify, verify_file, verify_status_list

__all__ = [
    "MAX_EMBEDDED",
    "TAMPERED_REASON",
    "Alignment",
    "CourseAchievement",
    "Resolver",
    "StatusCheck",
    "Verification",
    "build_clr",
    "build_credential",
    "build_exam_pass_credential",
    "check_status",
    "did_web",
    "did_web_document",
    "email_identity",
    "identity_matches",
    "issuer_did",
    "public_key_multibase",
    "sign",
    "signing_key",
    "status_entry",
    "status_list_credential",
    "strict_json_loads",
    "uses_did_web",
    "verification_method",
    "verify",
    "verify_file",
    "verify_status_list",
]
