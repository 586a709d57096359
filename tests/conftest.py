"""Shared fixtures: the skill standard is loaded once per test database and reloaded if a
transactional test flushed it. The session starts from an empty database: `--reuse-db` keeps the
test database between runs, and a run killed inside a transactional test leaves that test's
committed rows behind (tests/test_suite_isolation.py)."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from skills.models import StandardVersion

MATRIX = Path(__file__).resolve().parent.parent / "skills" / "data" / "provisional_role_skill_matrix.csv"


def load_standard() -> None:
    quiet = io.StringIO()
    call_command("load_skill_standard", stdout=quiet)
    call_command("load_skill_standard", matrix=MATRIX, provisional=True, stdout=quiet)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # the state a transactional test's teardown leaves, which every test already copes with
        call_command("flush", interactive=False, verbosity=0)
        load_standard()


@pytest.fixture
def standard(db) -> StandardVersion:
    """The current DSS-P version, with the provisional matrix loaded."""
    if not StandardVersion.objects.filter(slug="dss-p-1.2").exists():
        load_standard()
    return StandardVersion.objects.get(slug="dss-p-1.2")


class Broker:
    """The Celery broker as a test sees it: `down()` points the app at a port nothing listens on
    and stops running tasks eagerly, so publishing fails as it does when Redis is stopped;
    `point_at(url)` sends tasks to a real broker; `up()` brings back the test settings (eager)."""

    def __init__(self) -> None:
        from config.celery_app import app

        self.app = app
        self.saved = {
            "task_always_eager": app.conf.task_always_eager,
            "broker_url": app.conf.broker_url,
            "broker_transport_options": app.conf.broker_transport_options,
        }
        self.saved_environment = os.environ.get("CELERY_BROKER_URL")

    def point_at(self, url: str, **transport_options: object) -> None:
        # Celery reads CELERY_BROKER_URL from the environment before its settings (CI sets it).
        os.environ["CELERY_BROKER_URL"] = url
        self.app.conf.task_always_eager = False
        self.app.conf.broker_url = url
        if transport_options:
            self.app.conf.broker_transport_options = transport_options
        self._reset_pools()

    def down(self) -> None:
        self.point_at("redis://127.0.0.1:9/0", socket_connect_timeout=1)

    def up(self) -> None:
        if self.saved_environment is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = self.saved_environment
        for name, value in self.saved.items():
            setattr(self.app.conf, name, value)
        self._reset_pools()

    def _reset_pools(self) -> None:
        self.app._pool = None
        self.app.amqp._producer_pool = None


@pytest.fixture
def broker():
    broker = Broker()
    yield broker
    broker.up()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the progress figures are cached per rollup generation,
    and tests write rollup rows directly."""
    from django.core.cache import cache

    from reports.selectors import forget_rollup_generation

    cache.clear()
    forget_rollup_generation()  # nor does a generation read by an earlier test key its figures
    yield
    cache.clear()
    forget_rollup_generation()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Japanese). A request through the test
    client leaves the language it negotiated active in the test's thread (LocaleMiddleware
    activates it and nothing deactivates it), so a test that compares a page with gettext would
    otherwise depend on the language of whichever test ran before it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
