"""manage.py add_credential_status: give credentials issued before status lists their entry.

Idempotent and resumable (run by `make setup` and on deploy). Each such credential keeps its first
signed version (`original_document`, still valid for copies handed out) and gets a new version
with a Bitstring Status List entry and a fresh proof; revoked ones get their bit set.
"""

from typing import Any

from django.core.management.base import BaseCommand

from learners.services import credentials_add_status


class Command(BaseCommand):
    help = "Add a Bitstring Status List entry to every credential that has none (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = credentials_add_status()
        self.stdout.write(f"{count} credentials given a status entry")
