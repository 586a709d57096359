"""Authentication backends: Django's and allauth's, refusing the demo accounts where demos are off.

`seed_demo` creates accounts with documented passwords (README). Under production settings
PLATFORM_DEMO_ENABLED is off: `seed_demo` refuses to run, and should such an account exist anyway
(a copied database), it cannot sign in, and an open session of it ends (get_user checks the same).

Both load a session's user in one statement with the facts other apps ask of it on most requests
(register_user_annotation; reports registers who may read the figures): a cached figure request
cost three statements about who asks, and PostgreSQL planned their subqueries every time.
"""

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psycopg
from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import DatabaseError, connections
from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]
from django.db.models import F, OuterRef
from psycopg.types.numeric import Int8


def demo_logins_allowed() -> bool:
    return bool(getattr(settings, "PLATFORM_DEMO_ENABLED", False))


class _RefuseDemoAccounts:
    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not demo_logins_allowed():
            return False
        return super().user_can_authenticate(user)  # type: ignore[misc]


# --- The signed-in user and the facts other apps ask of it on most requests, in one statement ---

# attribute name -> build(OuterRef("pk")): an expression about the user, loaded with it as that
# attribute. Apps register theirs in AppConfig.ready() (reports: may the user read the figures).
_USER_ANNOTATIONS: dict[str, Callable[[OuterRef], Any]] = {}

# The placeholders for the user's id and a token's key: no user or token has them, no constant equals them.
_ANY_USER = -8_106_274_593
_ANY_KEY = "no token has this key"
# What the statement finds the user by: its id (a session) or its API token's key.
_BY = {"pk": _ANY_USER, "auth_token__key": _ANY_KEY}


def register_user_annotation(name: str, build: Callable[[OuterRef], Any]) -> None:
    """Load `build(OuterRef("pk"))` as the attribute `name` of every user a session signs in."""
    if _user_statement.cache_info().currsize:
        raise RuntimeError("register user annotations in AppConfig.ready(), before the first request")
    _USER_ANNOTATIONS[name] = build


@dataclass(frozen=True)
class _Statement:
    sql: str
    params: tuple
    placeholder: object  # the parameter that stands for the id or the key
    fields: tuple[str, ...]  # the user's concrete fields (attnames): the statement's first columns
    annotations: tuple[str, ...]  # then the registered annotations (and the token's), in this order
    plain: bool  # no column needs the ORM's converters: a row can go straight into the model


def _user_query(by: str, value: Any) -> Any:
    """The user whose `by` is `value`, annotated with the registered facts (and a token's date)."""
    token = {"token_created": F("auth_token__created")} if by == "auth_token__key" else {}
    return (
        get_user_model()
        ._default_manager.filter(**{by: value})
        .annotate(**{name: build(OuterRef("pk")) for name, build in _USER_ANNOTATIONS.items()}, **token)
    )


@functools.cache
def _user_statement(by: str) -> _Statement:
    """The user's row and the registered annotations, compiled by the ORM once per process (building
    the ORM query for the user alone cost more CPU than running it), with a placeholder for `by`."""
    placeholder = _BY[by]
    queryset = _user_query(by, placeholder)
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    fields = tuple(f.attname for f in get_user_model()._meta.concrete_fields)
    annotations = tuple(queryset.query.annotation_select)
    columns = tuple(alias or column.target.attname for column, _, alias in compiler.select)
    if columns != fields + annotations or sum(p == placeholder for p in params) != 1:
        raise RuntimeError(f"the user statement must read the user's fields, then the annotations, by {by}")
    plain = not compiler.get_converters([column for column, _, _ in compiler.select])
    return _Statement(sql, tuple(params), placeholder, fields, annotations, plain)


class _PreparedCursor(ServerBindingCursor):
    """psycopg's server-side binding cursor, preparing what it runs (once per connection)."""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True)


def load_user(*, by: str, value: Any) -> Any:
    """The user whose `by` ("pk" or "auth_token__key") is `value`, with the registered annotations
    as attributes (and, found by a token, `token_created`), or None."""
    statement = _user_statement(by)
    user_model = get_user_model()
    db = user_model._default_manager.db
    connection = connections[db]
    if connection.vendor != "postgresql" or not statement.plain:
        # The ORM builds and reads it, with its converters (SQLite's booleans and dates).
        return next(iter(_user_query(by, value)), None)
    # On PostgreSQL a prepared statement: planning the annotations' subqueries cost 0.9 ms of its
    # CPU on every request (running them 0.08 ms); prepared, they are planned once per connection.
    try:
        row = _prepared_row(connection, statement, by, value)
    except DatabaseError as error:
        # psycopg keeps using a prepared statement after it failed: one that a migration made stale
        # ("cached plan must not change result type") or a pooler dropped would fail on this
        # connection until it closed. Close it and read this once through the ORM.
        if not isinstance(error.__cause__, _STALE_PREPARED) or connection.in_atomic_block:
            raise
        connection.close()
        return next(iter(_user_query(by, value)), None)
    if row is None:
        return None
    count = len(statement.fields)
    user = user_model.from_db(db, statement.fields, row[:count])
    for name, fact in zip(statement.annotations, row[count:], strict=True):
        setattr(user, name, fact)
    return user


# A prepared statement that no longer fits its tables, or that the server no longer holds.
_STALE_PREPARED = (psycopg.errors.FeatureNotSupported, psycopg.errors.InvalidSqlStatementName)
_log = logging.getLogger("django.db.backends")


def _prepared_row(connection: Any, statement: _Statement, by: str, value: Any) -> Any:
    """The steps of connection.cursor(), health check included, with a preparing psycopg cursor."""
    # Bound as the column's type: an int would be sent as int2, int4 or int8 by its size, and each
    # type would prepare a statement of its own.
    bound = Int8(value) if by == "pk" else value
    args = [bound if p == statement.placeholder else p for p in statement.params]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        raw = _PreparedCursor(connection.connection)
    started = time.monotonic()
    try:
        with connection.make_cursor(raw) as cursor:  # the connection's execute wrappers apply
            cursor.execute(statement.sql, args)
            return cursor.fetchone()
    finally:
        # What Django's debug cursor does, which cannot read back a prepared statement's SQL.
        if connection.queries_logged or _log.isEnabledFor(logging.DEBUG):
            duration = time.monotonic() - started
            sql = connection.ops.compose_sql(statement.sql, [value if a is bound else a for a in args])
            if connection.queries_logged:
                connection.queries_log.append({"sql": sql, "time": f"{duration:.3f}"})
            _log.debug("(%.3f) %s; alias=%s", duration, sql, connection.alias)


class _UserWithFacts:
    def get_user(self, user_id: Any) -> Any:
        """Django's get_user (by primary key, if it may authenticate), in one statement that also
        loads the registered annotations: one round trip a request instead of one per fact."""
        user = load_user(by="pk", value=user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class PlatformModelBackend(_UserWithFacts, _RefuseDemoAccounts, ModelBackend):
    """Django's username and password backend (admin)."""


class PlatformAllauthBackend(_UserWithFacts, _RefuseDemoAccounts, AuthenticationBackend):
    """allauth's e-mail and password backend (the portal)."""
