"""What management commands that create staff accounts share: the scopes named by slug, the
password asked twice in a terminal (never taken from the command line)."""

import getpass
import sys
from typing import Any, TypeVar

from django.core.management.base import CommandError
from django.db.models import Model

M = TypeVar("M", bound=Model)


def objects_by_slug(model: type[M], slugs: list[str], noun: str) -> list[M]:
    """The rows of `model` named by `slugs`; an unknown slug is a CommandError naming it."""
    found = list(model._default_manager.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {getattr(row, "slug", "") for row in found})
    if unknown:
        raise CommandError(f"unknown {noun}: {', '.join(unknown)}")
    return found


def password_asked(options: dict[str, Any]) -> str | None:
    """A password typed twice in a terminal; None with --no-password or without a terminal (the
    account then has an unusable password until `changepassword`)."""
    if options.get("no_password") or not sys.stdin.isatty():
        return None
    password = getpass.getpass("Password: ")
    if password != getpass.getpass("Password (again): "):
        raise CommandError("the passwords differ")
    return password
