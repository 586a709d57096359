"""Revocation that any verifier can check (issue #13): Bitstring Status Lists, their signed
credentials, status entries for credentials issued before them, and the issuer key's rotation.

Each credential gets one entry of a 131,072-entry list, drawn at random among the free ones (the
order of issue says nothing about who holds which index); a list takes credentials until half its
entries are used, so a draw finds a free one in two tries on average. Setting a bit re-signs the
list at once, in the transaction that revokes.
"""

import logging
import secrets
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.models import User

from .. import credentials
from ..credentials import status as bitstring
from ..credentials.did import _did_key
from ..credentials.keys import retired_signing_key
from ..credentials.proof import issuer_id
from ..models import Credential, IssuerKey, StatusList
from .certificates import ISSUER_NAME, absolute_url

logger = logging.getLogger(__name__)

# A list takes new credentials until this share of its entries is used (herd privacy and short draws).
FILL_LIMIT = 0.5
BACKFILL_BATCH = 500


def issuer_profile() -> dict[str, Any]:
    """The issuer as written into every credential the platform signs."""
    return {
        "id": credentials.issuer_did(),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": absolute_url("/"),
    }


def status_list_url(status_list: StatusList) -> str:
    return absolute_url(reverse("learners:credential-status-list", kwargs={"list_id": status_list.uuid}))


def _signing_key_as(did: str) -> Ed25519PrivateKey | None:
    """The private key to sign as `did`: the current key for the current issuer or for the
    platform's did:web (its document lists every key), a retired key for its own did:key, None
    when that key's file is gone."""
    current = credentials.signing_key()  # read once: the key file is read on every call
    if did in (credentials.did_web(), _did_key(current.public_key())):
        return current
    if did.startswith("did:key:"):
        return retired_signing_key(did=did)
    return None


def _status_list_sign(status_list: StatusList) -> None:
    """Sign the list's current bits (a new proof, validFrom now) into `document`; not saved.

    A list keeps the issuer it was first signed as, which is its credentials' issuer: a verifier
    following the specification refuses a list of another issuer. After a rotation under did:key
    the old lists are signed with the retired key (`<key file>.retired-*`, kept for this). If that
    file is gone, the list is signed as the current issuer: an outside verifier then refuses the
    list ("another issuer") instead of reading bits nobody can vouch for; this platform's own
    /verify/ still reads the stored row."""
    now = timezone.now().replace(microsecond=0)
    did = issuer_id(status_list.document or {}) or credentials.issuer_did()
    key = _signing_key_as(did)
    if key is None:
        logger.error(
            "Status list %s was signed as %s, whose key is not available (its retired key file is "
            "gone or PLATFORM_BASE_URL changed): signed as %s instead; outside verifiers will refuse "
            "it for the credentials it serves",
            status_list.uuid,
            did,
            credentials.issuer_did(),
        )
        did, key = credentials.issuer_did(), credentials.signing_key()
    unsigned = bitstring.status_list_credential(
        list_url=status_list_url(status_list),
        issuer={**issuer_profile(), "id": did},
        bits=bytes(status_list.bits),
        valid_from=now,
    )
    status_list.document = credentials.sign(unsigned, key=key, created=now, issuer=did)


def _status_list_new() -> StatusList:
    status_list = StatusList(size=bitstring.STATUS_LIST_SIZE, bits=bitstring.empty_bits(), document={})
    _status_list_sign(status_list)
    status_list.full_clean()
    status_list.save()
    logger.info("Created status list %s", status_list.uuid)
    return status_list


def status_bit_allocate() -> tuple[StatusList, int]:
    """A free entry, drawn at random, of the current issuer's open status list (created when there
    is none or the last is half full). Call inside the transaction that stores the credential: the
    list's row is locked until it commits, so two issues never draw the same entry."""
    status_list = (
        StatusList.objects.select_for_update()
        .filter(purpose=StatusList.Purpose.REVOCATION, document__issuer__id=credentials.issuer_did())
        .order_by("-pk")
        .first()
    )
    if status_list is None or status_list.allocated >= status_list.size * FILL_LIMIT:
        status_list = _status_list_new()
        status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    bits = bytes(status_list.bits)
    while True:
        index = secrets.randbelow(status_list.size)
        # Free: no credential holds it, and its bit is clear (a revoked credential's row may be
        # gone, its bit stays set: reusing it would issue a credential revoked from birth).
        if bitstring.bit_get(bits, index):
            continue
        if not Credential.objects.filter(status_list=status_list, status_index=index).exists():
            break
    status_list.allocated += 1
    status_list.save(update_fields=["allocated", "updated_at"])
    return status_list, index


def status_entry_for(status_list: StatusList, index: int) -> dict[str, str]:
    return bitstring.status_entry(list_url=status_list_url(status_list), index=index)


def status_bit_set(*, credential: Credential) -> None:
    """Set the credential's revocation bit and re-sign its list (inside the caller's transaction).
    Idempotent; a credential without a status entry changes nothing."""
    if credential.status_list_id is None or credential.status_index is None:
        return
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    bits = bytes(status_list.bits)
    if bitstring.bit_get(bits, credential.status_index):
        return
    status_list.bits = bitstring.bit_set(bits, credential.status_index)
    _status_list_sign(status_list)
    status_list.save(update_fields=["bits", "document", "updated_at"])


@transaction.atomic
def status_lists_resign() -> int:
    """Re-sign every status list, each as its own issuer (after a key rotation, a change of
    CREDENTIAL_ISSUER_DID_METHOD or of PLATFORM_BASE_URL): the current key for the current issuer
    and for did:web, the retired key for a list of an earlier did:key. Idempotent; returns how many
    lists were signed."""
    count = 0
    for status_list in StatusList.objects.select_for_update().order_by("pk"):
        _status_list_sign(status_list)
        status_list.save(update_fields=["document", "updated_at"])
        count += 1
    return count


def credentials_add_status(*, batch: int = BACKFILL_BATCH) -> int:
    """Give every credential issued before status lists existed its status entry. Idempotent and
    resumable (one transaction per credential; run it again after an interruption).

    A signature covers every field, so the entry cannot be added to the signed document as it is:
    the first version is kept, unchanged, in `original_document` (copies handed out before still
    verify, with the same key), and `document` becomes the same credential with the entry and a new
    proof of the current key. A revoked credential gets its bit set at once. Returns how many
    credentials were given an entry. A stored document whose proof no longer verifies is left as
    it is (and logged): re-signing it would vouch for a change nobody signed.
    """
    done, after = 0, 0
    while True:
        pending = list(
            Credential.objects.filter(status_list__isnull=True, pk__gt=after)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not pending:
            return done
        for pk in pending:
            done += _credential_add_status(pk)
        after = pending[-1]  # one that fails its check stays without an entry, and is not retried here


@transaction.atomic
def _credential_add_status(pk: int) -> int:
    credential = Credential.objects.select_for_update().get(pk=pk)
    if credential.status_list_id is not None:
        return 0
    from ..selectors import platform_key_resolver

    # Re-signing vouches for the document anew: never for one changed since it was signed.
    checked = credentials.verify(credential.document, resolve=platform_key_resolver)
    if not checked.is_valid:
        logger.error("Credential %s not given a status entry: its stored document %s", pk, checked.reason)
        return 0
    status_list, index = status_bit_allocate()
    unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
    unsigned["issuer"] = {**unsigned.get("issuer", {}), "id": credentials.issuer_did()}
    unsigned["credentialStatus"] = status_entry_for(status_list, index)
    credential.original_document = credential.document
    credential.document = credentials.sign(unsigned)
    credential.status_list, credential.status_index = status_list, index
    credential.full_clean()
    credential.save(
        update_fields=["original_document", "document", "status_list", "status_index", "updated_at"]
    )
    if credential.is_revoked:
        status_bit_set(credential=credential)
    return 1


def issuer_key_rotate(*, actor: User | None = None) -> tuple[str, str]:
    """Replace the signing key: the current public key is recorded (IssuerKey, retired now) so that
    what it signed keeps verifying, the private key file is renamed to `<file>.retired-<time>` (move
    it offline, but keep it while credentials of its did:key are outstanding: their status lists are
    signed with it), a new key is created, and every status list is re-signed as its own issuer.
    Returns (old, new) public keys (multibase). Not idempotent: each call rotates once more."""
    from ..credentials.keys import retire_key_file

    old = credentials.public_key_multibase()
    now = timezone.now()
    # The old key is recorded (committed) before its file goes: whatever fails later, what it
    # signed keeps verifying.
    key, created = IssuerKey.objects.get_or_create(public_key_multibase=old, defaults={"retired_at": now})
    if not created and key.retired_at is None:
        key.retired_at = now
        key.save(update_fields=["retired_at", "updated_at"])
    retire_key_file(now=now)
    new = credentials.public_key_multibase()  # creates the new key file
    IssuerKey.objects.get_or_create(public_key_multibase=new)
    status_lists_resign()
    logger.info(
        "Credential signing key rotated by %s: %s replaced by %s", actor.pk if actor else "command", old, new
    )
    return old, new


def issuer_key_add_previous(*, did: str) -> IssuerKey:
    """Record an earlier key by its did:key (as listed in the old CREDENTIAL_PREVIOUS_ISSUER_DIDS),
    so that credentials it signed keep verifying here. Idempotent. ValueError for anything else."""
    from ..credentials.did import _DID_KEY_PREFIX, _public_key_from_did_key

    _public_key_from_did_key(did)  # ValueError if it is not an Ed25519 did:key
    key, _ = IssuerKey.objects.get_or_create(
        public_key_multibase=did[len(_DID_KEY_PREFIX) :], defaults={"retired_at": timezone.now()}
    )
    return key
