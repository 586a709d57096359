"""manage.py seed_demo [--remove]: load (or remove) the demo data of every app.

Each app that has demo data provides a `demo` module with `seed(stdout)` and `remove(stdout)`;
this command calls them in INSTALLED_APPS order (lower layers first), so no app imports another
upward. Idempotent: running it again changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


def demo_modules() -> list[Any]:
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            found.append(import_module(name))
    return found


class Command(BaseCommand):
    help = "Load the demo data (users, provisional matrix, ...) idempotently, or remove it with --remove."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--remove", action="store_true", help="delete every demo record instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.PLATFORM_DEMO_ENABLED and not options["remove"]:
            raise CommandError(
                "seed_demo creates logins with published passwords; they are off here "
                "(PLATFORM_DEMO_ENABLED is false, as it always is under production settings)."
            )
        modules = demo_modules()
        with transaction.atomic():
            if options["remove"]:
                for module in reversed(modules):
                    module.remove(self.stdout)
            else:
                for module in modules:
                    module.seed(self.stdout)
