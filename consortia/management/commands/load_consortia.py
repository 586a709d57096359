"""manage.py load_consortia [--file PATH]: load the reference consortia and member organisations.

Idempotent and all-or-nothing (see consortia.services.consortium_reference_load). It also brings
the "Consortium admin" group's permissions up to date (a new model such as head-counts gets its
permissions on the next `make setup` or deploy, without re-creating each admin).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consortia.services import REFERENCE_FILE, consortium_admin_group_ensure, consortium_reference_load_file
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Load the regional consortia and their member organisations from consortia/data/consortia.yaml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=REFERENCE_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = consortium_reference_load_file(path=options["file"])
        except ApplicationError as error:
            raise CommandError("\n".join(error.extra.get("problems", [error.message]))) from error
        self.stdout.write(f"consortia: {report.summary()}\n")
        consortium_admin_group_ensure()
