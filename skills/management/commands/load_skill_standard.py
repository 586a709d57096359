"""manage.py load_skill_standard [--file PATH] [--matrix CSV [--standard-version SLUG] [--provisional]]"""

import csv
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.exceptions import ApplicationError
from skills.models import StandardVersion
from skills.services import role_skill_matrix_load, standard_load

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "dss.yaml"
MATRIX_COLUMNS = ("role", "skill", "level")


class Command(BaseCommand):
    help = (
        "Load or update the Digital Skill Standard from a YAML file (default: the project's copy), "
        "and optionally a role × skill level matrix CSV with columns role,skill,level. "
        "Idempotent; a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=None, help=f"standard YAML (default {DEFAULT_FILE})")
        parser.add_argument("--matrix", type=Path, help="CSV of role slug, skill slug, level code")
        parser.add_argument(
            "--standard-version", dest="version_slug", default=None, help="version the matrix belongs to"
        )
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="flag the matrix as provisional (not IPA's official one)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["file"] is not None or options["matrix"] is None:
                self._load_standard(options["file"] or DEFAULT_FILE)
            if options["matrix"] is not None:
                self._load_matrix(options["matrix"], options["version_slug"], options["provisional"])
        except ApplicationError as error:
            raise CommandError(error.message) from error

    def _load_standard(self, path: Path) -> None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from error
        except yaml.YAMLError as error:
            raise CommandError(f"{path}: not valid YAML ({error})") from error
        report = standard_load(data=data)
        self.stdout.write(f"{path.name}: {report.summary()}")

    def _load_matrix(self, path: Path, version_slug: str | None, provisional: bool) -> None:
        version = (
            StandardVersion.objects.filter(slug=version_slug).first()
            if version_slug
            else StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION, is_current=True).first()
        )
        if version is None:
            raise CommandError(
                f"--standard-version: no standard version '{version_slug or 'current'}'; load the standard first"
            )
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                missing = [c for c in MATRIX_COLUMNS if c not in (reader.fieldnames or [])]
                if missing:
                    raise CommandError(
                        f"{path}: missing column(s) {', '.join(missing)} (expected role,skill,level)"
                    )
                rows = list(reader)
        except OSError as error:
            raise CommandError(f"{path}: cannot read ({error.strerror})") from error
        report = role_skill_matrix_load(
            version=version,
            rows=rows,
            is_provisional=provisional,
            source=f"{path.name}{' (provisional)' if provisional else ''}",
        )
        self.stdout.write(f"{path.name} → {version.slug}: {report.summary()}")
