"""manage.py seed_demo [--national [--people N]] [--remove]: load (or remove) the demo data of every app.

Each app that has demo data provides a `demo` module with `seed(stdout)` and `remove(stdout)`;
this command calls them in INSTALLED_APPS order (lower layers first), so no app imports another
upward. With --national, a module that also has `seed_national(stdout, people=N)` (the reports
app: the synthetic national population) is called through that instead. Idempotent: running it
again with the same options changes nothing.
"""

import time
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

NATIONAL_PEOPLE = 100_000
MAX_PEOPLE = 3_000_000


def demo_modules() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            found.append(import_module(name))
    return found


def people_count(value: str) -> int:
    try:
        people = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise CommandError(f"--people: a whole number, not {value!r}") from None
    if not 0 <= people <= MAX_PEOPLE:
        raise CommandError(f"--people: between 0 and {MAX_PEOPLE:,}, not {people:,}")
    return people


class Command(BaseCommand):
    help = (
        "Load the demo data (users, provisional matrix, courses, a small population to count) "
        "idempotently; --national loads a synthetic national population instead of the small one; "
        "--remove deletes every demo record."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--remove", action="store_true", help="delete every demo record instead")
        parser.add_argument(
            "--national",
            action="store_true",
            help=f"a synthetic population across the 47 prefectures since FY2022 ({NATIONAL_PEOPLE:,} people)",
        )
        parser.add_argument(
            "--people",
            type=people_count,
            default=None,
            help=f"with --national: the population's size (default {NATIONAL_PEOPLE:,}); "
            "a smaller size than the one loaded removes people",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PLATFORM_DEMO_ENABLED and not options["remove"]:
            raise CommandError(
                "seed_demo creates logins with published passwords; they are off here "
                "(PLATFORM_DEMO_ENABLED is false, as it always is under production settings)."
            )
        if options["people"] is not None and not options["national"]:
            raise CommandError("--people: only with --national")
        if options["remove"] and options["national"]:
            raise CommandError("--national: not with --remove (which removes every demo record)")
        people = NATIONAL_PEOPLE if options["people"] is None else options["people"]
        modules = demo_modules()
        started = time.monotonic()
        with transaction.atomic():
            if options["remove"]:
                for module in reversed(modules):
                    module.remove(self.stdout)
            else:
                for module in modules:
                    if options["national"] and hasattr(module, "seed_national"):
                        module.seed_national(self.stdout, people=people)
                    else:
                        module.seed(self.stdout)
        self.stdout.write(f"seed_demo: done in {time.monotonic() - started:.1f} s\n")
