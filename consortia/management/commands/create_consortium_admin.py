"""manage.py create_consortium_admin USERNAME --consortium SLUG [--consortium SLUG] [--email ...]

Creates (or updates) a staff user in the "Consortium admin" group linked to the named consortia.
Asks for a password when run in a terminal; --no-password leaves it unusable (set it later with
`changepassword`). Idempotent.
"""

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from consortia.models import Consortium
from consortia.services import consortium_admin_create
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
        consortia = list(Consortium.objects.filter(slug__in=slugs))
        unknown = sorted(set(slugs) - {consortium.slug for consortium in consortia})
        if unknown:
            raise CommandError(f"unknown consortium: {', '.join(unknown)}")
        password = None
        if not options["no_password"] and sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the passwords differ")
        try:
            user = consortium_admin_create(
                username=options["username"], consortia=consortia, email=options["email"], password=password
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"consortium admin {user.username}: {', '.join(sorted(slugs))}\n")
