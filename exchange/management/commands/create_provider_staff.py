"""manage.py create_provider_staff USERNAME --provider SLUG [--provider SLUG] [--email ...] [--no-password]

Creates (or updates) a staff user in the "Provider staff" group who manages only the named providers'
API credentials, statements, review queue and disputes in admin. Idempotent.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.commands import objects_by_slug, password_asked
from courses.models import Provider
from exchange.services import provider_staff_create


class Command(BaseCommand):
    help = "Create provider staff: a staff user who manages only the named providers' data exchange in admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--provider", action="append", required=True, dest="providers", help="slug; repeat"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--no-password", action="store_true", help="do not ask for a password")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["providers"]
        providers = objects_by_slug(Provider, slugs, "provider")
        password = password_asked(options)
        try:
            user = provider_staff_create(
                username=options["username"], providers=providers, email=options["email"], password=password
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"provider staff {user.username}: {', '.join(sorted(slugs))}\n")
