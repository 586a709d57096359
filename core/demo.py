"""Demo users. Passwords are printed by `make run` and written in the README."""

from typing import TextIO

from .models import User

DEMO_PASSWORD = "admin-demo-2026"  # noqa: S105 (a documented demo login, created only on request)


def seed(stdout: TextIO) -> None:
    """Create the demo superuser once; later runs leave it (and any changed password) alone."""
    user, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@example.jp", "is_staff": True, "is_superuser": True, "is_demo": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    stdout.write(f"demo users: admin {'created' if created else 'already present'}\n")


def remove(stdout: TextIO) -> None:
    deleted, _ = User.objects.filter(is_demo=True).delete()
    stdout.write(f"demo users: {deleted} rows deleted\n")
