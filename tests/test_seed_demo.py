"""make run's demo data: every app's seed, twice (idempotent), then removed."""

import io

import pytest
from django.core.management import call_command

from core.models import User
from courses.models import Course
from learners.models import Enrolment
from reports.models import CountedPerson

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_removable(standard):
    _seed()
    counts = (
        User.objects.count(),
        Course.objects.count(),
        Enrolment.objects.count(),
        CountedPerson.objects.count(),
    )

    second = _seed()

    assert (
        User.objects.count(),
        Course.objects.count(),
        Enrolment.objects.count(),
        CountedPerson.objects.count(),
    ) == counts
    assert "0 demo learners added" in second
    assert User.objects.get(username="ministry-viewer").groups.filter(name="Ministry viewer").exists()
    assert CountedPerson.objects.count() == 2151  # the demo population gives the dashboard a curve

    call_command("seed_demo", remove=True, stdout=io.StringIO())

    assert User.objects.filter(is_demo=True).count() == 0
    assert Course.objects.filter(is_demo=True).count() == 0
    assert CountedPerson.objects.count() == 0
