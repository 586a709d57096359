"""The session's user is loaded with the facts other apps register (core/backends.py): one statement,
prepared on PostgreSQL, giving the same user as Django's own backend."""

import psycopg
import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import timezone

from consortia.selectors import MINISTRY_VIEWER_GROUP
from core import backends
from core.backends import PlatformAllauthBackend, PlatformModelBackend
from core.models import User

from .factories import UserFactory

pytestmark = pytest.mark.django_db

BACKENDS = [PlatformModelBackend, PlatformAllauthBackend]


@pytest.fixture
def viewer() -> User:
    user = UserFactory.create(username="ministry", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_user_and_the_registered_facts_come_in_one_statement(viewer, backend, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        user = backend().get_user(viewer.pk)

    assert (user.reports_viewer, user.reports_exact) == (True, False)
    assert "core_user" in captured.captured_queries[0]["sql"]  # logged as readable SQL, prepared or not
    plain = User.objects.get(pk=viewer.pk)
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(user, f) for f in fields] == [getattr(plain, f) for f in fields]
    assert timezone.is_aware(user.last_login)
    assert isinstance(user.is_active, bool)
    assert (user._state.adding, user._state.db) == (False, "default")
    user.first_name = "花子"
    user.save(update_fields=["first_name"])  # a model like any other
    assert User.objects.get(pk=viewer.pk).first_name == "花子"


def test_the_exact_figures_permission_through_a_group_is_read_too(db):
    analysts = Group.objects.create(name="analysts")
    analysts.permissions.add(Permission.objects.get(codename="see_exact_figures"))
    analyst = UserFactory.create(username="analyst")
    analyst.groups.add(analysts)

    user = PlatformModelBackend().get_user(analyst.pk)

    assert (user.reports_viewer, user.reports_exact) == (False, True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_who_may_not_authenticate_gets_no_user(db, settings, backend):
    inactive = UserFactory.create(username="left", is_active=False)
    demo = UserFactory.create(username="demo", is_demo=True)
    settings.PLATFORM_DEMO_ENABLED = False

    assert backend().get_user(inactive.pk) is None
    assert backend().get_user(demo.pk) is None
    assert backend().get_user(demo.pk + 1000) is None
    settings.PLATFORM_DEMO_ENABLED = True
    assert backend().get_user(demo.pk) == demo


@pytest.mark.postgres
def test_on_postgresql_the_statement_is_prepared_once_per_connection(viewer):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; CI runs this on PostgreSQL")
    for _ in range(3):
        PlatformAllauthBackend().get_user(viewer.pk)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%core_user%"]
        )
        prepared = cursor.fetchall()

    assert len(prepared) == 1


def test_annotations_must_be_registered_before_the_first_user_is_loaded(viewer):
    PlatformModelBackend().get_user(viewer.pk)

    with pytest.raises(RuntimeError, match="ready"):
        backends.register_user_annotation("late", lambda user: None)


def test_a_password_change_still_ends_the_sessions_opened_before_it(client, viewer):
    """Django checks each session against a hash of the password of the user get_user returns."""
    url = "/api/v1/reports/progress/?group_by=source"
    client.force_login(viewer)
    assert client.get(url).status_code == 200

    viewer.set_password("another-password-2026")
    viewer.save()

    assert client.get(url).status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_migration_that_changes_the_users_columns_costs_one_new_connection_not_failed_requests():
    """psycopg kept using a prepared statement after it failed: once a migration changed a column
    the statement reads, PostgreSQL refused it ("cached plan must not change result type") on every
    request of that connection until it closed."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; CI runs this on PostgreSQL")
    user = UserFactory.create(username="during-a-migration")
    assert PlatformModelBackend().get_user(user.pk) == user  # prepared on this connection
    before = connection.connection

    migration = psycopg.connect(**connection.get_connection_params(), autocommit=True)  # another process
    migration.execute("ALTER TABLE core_user ALTER COLUMN first_name TYPE text")  # an AlterField
    try:
        assert PlatformModelBackend().get_user(user.pk) == user
        assert connection.connection is not before  # the stale statement went with its connection
        assert PlatformModelBackend().get_user(user.pk) == user  # prepared afresh
    finally:
        migration.execute("ALTER TABLE core_user ALTER COLUMN first_name TYPE varchar(150)")
        migration.close()
