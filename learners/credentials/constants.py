"""The package's constants: contexts, types, the cryptosuite, key paths, identifier formats."""

from __future__ import annotations

import re
from pathlib import Path

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_CONTEXT: tuple[str, ...] = (VC_V2_CONTEXT, OB_V3_CONTEXT)
CREDENTIAL_TYPE: tuple[str, ...] = ("VerifiableCredential", "OpenBadgeCredential")
OB_CREDENTIAL_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-jcs-2022"
PROOF_PURPOSE = "assertionMethod"

# keys/ at the top of the checkout: not under var/, which `make clean` deletes, and ignored by git.
DEFAULT_KEY_RELATIVE_PATH = Path("keys") / "credential-signing-ed25519.pem"
# Where the key was created before 2026-12 (issue #10); found there, it is moved, never replaced.
LEGACY_KEY_RELATIVE_PATH = Path("var") / "keys" / "credential-signing-ed25519.pem"

TAMPERED_REASON = "signature does not match: the credential was changed after signing"

# Multicodec prefix of an Ed25519 public key: unsigned varint of 0xed.
_ED25519_PUB_MULTICODEC = b"\xed\x01"
_DID_KEY_PREFIX = "did:key:"
_DID_WEB_PREFIX = "did:web:"
_MULTIBASE_BASE58BTC = "z"

# OB 3.0 AlignmentTargetType: the enumerated values, or an extension "ext:…".
_ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    }
)
_EXT_TARGET_TYPE = re.compile(r"ext:[A-Za-z0-9.\-_|]+")
_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_DATETIME_STAMP = re.compile(
    r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})",
)
