"""manage.py load_exams: load or update the IPA exams from learners/data/exams.yaml (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from learners.services import exam_reference_load


class Command(BaseCommand):
    help = "Load or update the IPA exams (reference data) idempotently."

    def handle(self, *args: Any, **options: Any) -> None:
        report = exam_reference_load()
        self.stdout.write(f"exams: {report.created['exam']} created, {report.updated['exam']} updated")
