"""W3C Bitstring Status List v1.0: the bitstring, the status-list credential, its entries, and the
validation algorithm any verifier follows (https://www.w3.org/TR/vc-bitstring-status-list/).

* The bitstring has at least 131,072 entries (16 KB) so that one credential's bit hides in a herd;
  index 0 is the most significant bit of the first byte (the specification's "left-most bit").
* ``encodedList`` is multibase base64url without padding (prefix ``u``) of the GZIP-compressed
  bitstring; GZIP is written with mtime 0, so the same bits always give the same text.
* Nothing here touches the database: the functions take documents and return documents, so the
  same code serves the platform and a test playing an outside verifier.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import gzip
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .constants import VC_V2_CONTEXT
from .document import Verification, _xsd_datetime
from .proof import issuer_id

STATUS_LIST_SIZE = 131_072  # entries: the specification's minimum, 16 KB of bits
STATUS_PURPOSE = "revocation"
ENTRY_TYPE = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"
# A decoded list larger than this is refused (a GZIP bomb would otherwise fill the memory).
MAX_DECODED_BYTES = 16 * 1024 * 1024


def empty_bits(size: int = STATUS_LIST_SIZE) -> bytes:
    if size < STATUS_LIST_SIZE or size % 8:
        raise ValueError(f"a status list has at least {STATUS_LIST_SIZE} entries, a multiple of 8")
    return bytes(size // 8)


def bit_get(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] >> (7 - index % 8) & 1)


def bit_set(bits: bytes, index: int) -> bytes:
    """A copy of `bits` with the entry at `index` set (1 = revoked)."""
    changed = bytearray(bits)
    changed[index // 8] |= 1 << (7 - index % 8)
    return bytes(changed)


def encode_bits(bits: bytes) -> str:
    compressed = gzip.compress(bits, compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bits(encoded: Any) -> bytes:
    """The bitstring of an ``encodedList``; ValueError naming what is wrong with it."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (it must start with 'u')")
    text = encoded[1:]
    try:
        compressed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("encodedList is not base64url") from None
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # GZIP framing
    try:
        bits = inflater.decompress(compressed, MAX_DECODED_BYTES + 1)
    except zlib.error:
        raise ValueError("encodedList is not GZIP-compressed") from None
    if len(bits) > MAX_DECODED_BYTES:
        raise ValueError("encodedList decodes to more than 16 MB")
    if not inflater.eof:
        raise ValueError("encodedList is not GZIP-compressed (the stream is cut short)")
    return bits


def status_entry(*, list_url: str, index: int) -> dict[str, str]:
    """The ``credentialStatus`` entry of the credential holding entry `index` of the list."""
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def status_list_credential(
    *, list_url: str, issuer: dict[str, Any], bits: bytes, valid_from: dt.datetime
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential for `bits` (sign it with credentials.sign)."""
    return {
        "@context": [VC_V2_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": _xsd_datetime(valid_from, name="valid_from"),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": LIST_TYPE,
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bits(bits),
        },
    }


@dataclass(frozen=True)
class StatusCheck:
    """Outcome of :func:`check_status`: ``ok`` when the status could be read at all; ``revoked``
    only then; ``reason`` says what was found or what went wrong (the specification's error)."""

    ok: bool
    revoked: bool
    reason: str


def check_status(
    credential: dict,
    *,
    fetch: Callable[[str], Any],
    verify_list: Callable[[dict], Verification],
    now: dt.datetime | None = None,
    same_issuer: Callable[[str | None, str | None], bool] | None = None,
) -> StatusCheck:
    """The specification's validation algorithm for the credential's revocation entry.

    `fetch(url)` returns the parsed status-list credential (or None: not found); `verify_list`
    checks its proof. The list must be valid now, signed, of the same issuer as the credential
    (`same_issuer`, equality by default), of purpose revocation, at least 131,072 entries long,
    and the index inside it. Never raises.
    """
    try:
        return _check_status(credential, fetch, verify_list, now or dt.datetime.now(dt.UTC), same_issuer)
    except Exception as exc:  # a verifier reports, it does not crash
        return StatusCheck(False, False, f"the status could not be checked: {type(exc).__name__}")


def _entries(credential: dict) -> list[Any]:
    status = credential.get("credentialStatus")
    return status if isinstance(status, list) else [status] if status is not None else []


def _check_status(
    credential: dict,
    fetch: Callable[[str], Any],
    verify_list: Callable[[dict], Verification],
    now: dt.datetime,
    same_issuer: Callable[[str | None, str | None], bool] | None,
) -> StatusCheck:
    entries = [
        e for e in _entries(credential) if isinstance(e, dict) and e.get("statusPurpose") == STATUS_PURPOSE
    ]
    if not entries:
        return StatusCheck(False, False, "the credential has no revocation status entry")
    entry = entries[0]
    if entry.get("type") != ENTRY_TYPE:
        return StatusCheck(False, False, f"the status entry is not a {ENTRY_TYPE}")
    url = entry.get("statusListCredential")
    index_text = entry.get("statusListIndex")
    if not isinstance(url, str) or not url:
        return StatusCheck(False, False, "the status entry has no statusListCredential")
    if not isinstance(index_text, str) or not index_text.isascii() or not index_text.isdigit():
        return StatusCheck(False, False, "statusListIndex must be a string of digits")
    index = int(index_text)
    listed = fetch(url)
    if not isinstance(listed, dict):
        return StatusCheck(False, False, f"the status list {url} could not be retrieved")
    verdict = verify_list(listed)
    if not verdict.is_valid:
        return StatusCheck(False, False, f"the status list's proof does not verify: {verdict.reason}")
    if listed.get("id") != url:
        return StatusCheck(False, False, "the status list's id is not the URL it was fetched from")
    types = listed.get("type")
    if not isinstance(types, list) or LIST_CREDENTIAL_TYPE not in types:
        return StatusCheck(False, False, f"the status list is not a {LIST_CREDENTIAL_TYPE}")
    matches = same_issuer or (lambda a, b: a is not None and a == b)
    if not matches(issuer_id(listed), issuer_id(credential)):
        return StatusCheck(False, False, "the status list belongs to another issuer than the credential")
    for name, late in (("validFrom", False), ("validUntil", True)):
        stamp = listed.get(name)
        if stamp is None:
            continue
        moment = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
        if (moment < now) if late else (moment > now):
            return StatusCheck(False, False, f"the status list is not valid now ({name} {stamp})")
    subject = listed.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != LIST_TYPE:
        return StatusCheck(False, False, f"the status list's subject is not a {LIST_TYPE}")
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        return StatusCheck(False, False, "the status list's purpose is not the entry's")
    try:
        bits = decode_bits(subject.get("encodedList"))
    except ValueError as exc:
        return StatusCheck(False, False, str(exc))
    if len(bits) * 8 < STATUS_LIST_SIZE:
        return StatusCheck(False, False, f"the status list is shorter than {STATUS_LIST_SIZE} entries")
    if index >= len(bits) * 8:
        return StatusCheck(False, False, "statusListIndex is outside the status list")
    if bit_get(bits, index):
        return StatusCheck(True, True, f"revoked (entry {index} of {url} is set)")
    return StatusCheck(True, False, f"not revoked (entry {index} of {url} is clear)")
