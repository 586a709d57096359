"""manage.py verify_credential FILE: check a certificate's (or a learner record's) signature and
whether we revoked it.

Exit codes: 0 valid; 2 tampered, malformed or not issued by this platform (with the reason);
3 revoked (the credential's id is a credential of ours that was revoked, or an exam pass no longer
on record; for a learner record, any credential in it).
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from learners.credentials import verify_file
from learners.selectors import (
    Verdict,
    credential_check,
    is_learner_record,
    platform_key_resolver,
    record_check,
)


class Command(BaseCommand):
    help = "Verify an Open Badges 3.0 credential file: exit 0 valid, 2 tampered or malformed, 3 revoked."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the credential JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = verify_file(path, resolve=platform_key_resolver)
        if not result.is_valid:
            self._fail(2, f"tampered or malformed: {result.reason}")
        # verify_file has read and parsed the file strictly; read it again for the revocation check.
        document = json.loads(path.read_text(encoding="utf-8"))
        if is_learner_record(document):
            self._record(record_check(document=document))
            return
        check = credential_check(document=document)
        if check.verdict == Verdict.REVOKED:
            revoked_at = check.credential.revoked_at if check.credential else None
            revoked_on = revoked_at.date().isoformat() if revoked_at else "?"
            self._fail(3, f"revoked on {revoked_on}: {check.reason}")
        if check.verdict != Verdict.VALID:
            self._fail(2, f"{check.verdict}: {check.reason}")
        self.stdout.write(f"valid: {check.course} ({result.reason})")

    def _record(self, record: Any) -> None:
        if record.verdict != Verdict.VALID:
            self._fail(2, f"{record.verdict}: {record.reason}")
        for item in record.items:
            self.stdout.write(f"  {item.verdict}: {item.course} ({item.reason})")
        revoked = [item for item in record.items if item.verdict == Verdict.REVOKED]
        broken = [item for item in record.items if item.verdict not in (Verdict.VALID, Verdict.REVOKED)]
        if broken:
            self._fail(2, f"learner record: {len(broken)} credential(s) in it do not verify")
        if revoked:
            self._fail(
                3, f"learner record: {len(revoked)} credential(s) in it revoked or no longer on record"
            )
        self.stdout.write(f"valid: learner record with {len(record.items)} credential(s) ({record.reason})")

    def _fail(self, code: int, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(code)
