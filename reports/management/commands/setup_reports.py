"""manage.py setup_reports: the national target, counting rule v1, the Ministry viewer group and the
beat schedules (idempotent; run on every deploy)."""

from typing import Any

from django.core.management.base import BaseCommand

from reports.services import reports_setup


class Command(BaseCommand):
    help = "Create the national target, the first counting rule, the Ministry viewer group and the schedules."

    def handle(self, *args: Any, **options: Any) -> None:
        for line in reports_setup():
            self.stdout.write(f"reports: {line}")
