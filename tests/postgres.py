"""URLs of the suite's PostgreSQL server, for tests that start processes of their own (workers,
gunicorn, a nested pytest, `make bench`): they must reach the same server the suite uses."""

from django.db import connection


def server_url() -> str:
    """postgres://user:password@host:port of the suite's database server, without a database."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


def database_url(name: str | None = None) -> str:
    """The URL of database `name` on that server; by default the suite's test database itself."""
    return f"{server_url()}/{name or connection.settings_dict['NAME']}"
