"""manage.py rotate_credential_key: replace the credential signing key, keeping the old one listed.

Without options it rotates: the current public key is recorded (learners.IssuerKey), the key file
is renamed to `<file>.retired-<UTC time>` (under did:key, keep it: the status lists of what it signed
are still signed with it; under did:web nothing needs it again), a new key is created and every
status list is re-signed as its own issuer. Credentials signed before keep
verifying here, offline through their did:key, and through /.well-known/did.json for did:web.

`--add-previous DID` records an earlier key by its did:key instead (what the removed setting
CREDENTIAL_PREVIOUS_ISSUER_DIDS listed); `--list` shows the keys.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learners.selectors import issuer_public_keys
from learners.services import issuer_key_add_previous, issuer_key_rotate


class Command(BaseCommand):
    help = "Rotate the credential signing key (old public keys stay listed), or record an earlier did:key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--add-previous", dest="previous", action="append", default=[], metavar="DID")
        parser.add_argument("--list", action="store_true", help="list the keys and change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for number, key in enumerate(issuer_public_keys()):
                self.stdout.write(f"{'current ' if number == 0 else 'previous'} did:key:{key}")
            return
        if options["previous"]:
            for did in options["previous"]:
                try:
                    issuer_key_add_previous(did=did)
                except ValueError as error:
                    raise CommandError(f"{did}: not an Ed25519 did:key ({error})") from None
                self.stdout.write(f"recorded {did}")
            return
        old, new = issuer_key_rotate()
        self.stdout.write(
            f"rotated: did:key:{old} -> did:key:{new}; status lists re-signed, each as its own issuer"
        )
