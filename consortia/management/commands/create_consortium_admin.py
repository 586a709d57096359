"""manage.py create_consortium_admin USERNAME --consortium SLUG [--consortium SLUG] [--email ...]

Creates (or updates) a staff user in the "Consortium admin" group linked to the named consortia.
Asks for a password when run in a terminal; --no-password leaves it unusable (set it later with
`changepassword`). Idempotent.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consortia.models import Consortium
from consortia.services import consortium_admin_create
from core.commands import objects_by_slug, password_asked
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create a consortium admin: a staff user who manages only the named consortia in admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--consortium", action="append", required=True, dest="consortia", help="slug; repeat for several"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--no-password", action="store_true", help="do not ask for a password")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = options["consortia"]
        consortia = objects_by_slug(Consortium, slugs, "consortium")
        password = password_asked(options)
        try:
            user = consortium_admin_create(
                username=options["username"], consortia=consortia, email=options["email"], password=password
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"consortium admin {user.username}: {', '.join(sorted(slugs))}\n")
