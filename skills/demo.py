"""Demo data of the skills app: the provisional role × skill matrix."""

import csv
from pathlib import Path
from typing import TextIO

from .models import RoleSkillRequirement, StandardVersion
from .services import role_skill_matrix_load

PROVISIONAL_MATRIX = Path(__file__).resolve().parent / "data" / "provisional_role_skill_matrix.csv"


def seed(stdout: TextIO) -> None:
    """Load the provisional matrix into the current version, unless an official matrix is loaded."""
    version = StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION, is_current=True).first()
    if version is None:
        stdout.write("skills: no current standard; run load_skill_standard first\n")
        return
    if RoleSkillRequirement.objects.filter(role__version=version, is_provisional=False).exists():
        stdout.write("skills: an official matrix is loaded; the provisional one is not applied\n")
        return
    with PROVISIONAL_MATRIX.open(encoding="utf-8", newline="") as handle:
        report = role_skill_matrix_load(
            version=version,
            rows=csv.DictReader(handle),
            is_provisional=True,
            source=f"{PROVISIONAL_MATRIX.name} (provisional)",
        )
    stdout.write(f"skills: provisional matrix → {version.slug}: {report.summary()}\n")


def remove(stdout: TextIO) -> None:
    deleted, _ = RoleSkillRequirement.objects.filter(is_provisional=True).delete()
    stdout.write(f"skills: {deleted} provisional requirements deleted\n")
