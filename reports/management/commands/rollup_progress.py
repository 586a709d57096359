"""manage.py rollup_progress [--full]: run the progress rollup now (the nightly task does the same)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import ApplicationError
from reports.rollup import rollup_run


class Command(BaseCommand):
    help = "Update the progress rollup incrementally, or rebuild it from scratch with --full."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="rebuild everything from the raw records")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = rollup_run(full=options["full"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"{result.mode}: {result.people_changed} people recomputed, {result.counted_total} counted in all, "
            f"{result.seconds:.2f} s (generation {result.generation})"
        )
