"""Shared fixtures: the skill standard is loaded once per test database and reloaded if a
transactional test flushed it."""

import io
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
        load_standard()


@pytest.fixture
def standard(db) -> StandardVersion:
    """The current DSS-P version, with the provisional matrix loaded."""
    if not StandardVersion.objects.filter(slug="dss-p-1.2").exists():
        load_standard()
    return StandardVersion.objects.get(slug="dss-p-1.2")
