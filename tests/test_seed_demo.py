"""make run's demo data: every app's seed, twice (idempotent), then removed; and the synthetic
national population of `seed_demo --national`, grown, shrunk and loaded again."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from core.models import User
from core.prefectures import Prefecture
from courses.models import Course
from learners.models import Enrolment, LearnerProfile
from reports import demo as reports_demo
from reports.models import CountedPerson

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _population() -> int:
    return User.objects.filter(username__startswith=reports_demo.PREFIX).count()


def _fingerprint() -> list[tuple]:
    """Who the demo people are and what they did, by username (ids differ between loads)."""
    return list(
        Enrolment.objects.filter(learner__username__startswith=reports_demo.PREFIX)
        .order_by("learner__username", "course__slug")
        .values_list(
            "learner__username", "learner__learner_profile__prefecture", "course__slug", "completed_at"
        )
    )


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
    assert "demo population 2,400 people (0 added, 0 removed)" in second
    assert User.objects.get(username="ministry-viewer").groups.filter(name="Ministry viewer").exists()
    assert _population() == 2400
    assert CountedPerson.objects.count() == 1729  # the demo population gives the dashboard a curve

    call_command("seed_demo", remove=True, stdout=io.StringIO())

    assert User.objects.filter(is_demo=True).count() == 0
    assert Course.objects.filter(is_demo=True).count() == 0
    assert CountedPerson.objects.count() == 0


def test_the_demo_population_counts_through_every_route_across_the_years(standard):
    _seed()

    by_source = dict(CountedPerson.objects.values_list("source").annotate(n=Count("pk")).order_by())
    prefectures = set(
        LearnerProfile.objects.filter(user__username__startswith=reports_demo.PREFIX).values_list(
            "prefecture", flat=True
        )
    )
    days = CountedPerson.objects.values_list("qualified_on", flat=True)
    per_fiscal_year = dict.fromkeys(range(2022, 2026), 0)
    for day in days:
        fiscal_year = day.year if day.month >= 4 else day.year - 1
        if fiscal_year in per_fiscal_year:
            per_fiscal_year[fiscal_year] += 1

    assert by_source == {"course": 1603, "external": 60, "exam": 29, "programme": 37}
    assert prefectures == set(Prefecture.values)
    assert min(days) >= datetime.date(2022, 4, 1)
    assert max(days) < timezone.localdate()
    years = list(per_fiscal_year.values())
    assert years == sorted(years)  # each fiscal year brings more people than the one before
    assert not User.objects.filter(username__startswith=reports_demo.PREFIX).exclude(password="!").exists()


def test_national_grows_shrinks_and_is_idempotent(standard):
    _seed()
    small = _fingerprint()

    grown = _seed("--national", "--people", "3000")
    again = _seed("--national", "--people", "3,000")

    assert "demo population 3,000 people (600 added, 0 removed)" in grown
    assert "demo population 3,000 people (0 added, 0 removed)" in again
    assert _population() == 3000
    counted = CountedPerson.objects.count()
    assert counted == 2164
    assert _fingerprint()[: len(small)] == small  # the first 2,400 people are the ones already there

    # A plain seed leaves a larger population alone; a smaller size removes the highest numbers.
    _seed()
    assert _population() == 3000
    assert CountedPerson.objects.count() == counted
    shrunk = _seed("--national", "--people", "2400")
    assert "demo population 2,400 people (0 added, 600 removed)" in shrunk
    assert _fingerprint() == small
    assert CountedPerson.objects.count() == 1729


def test_a_population_loaded_at_once_is_the_one_grown_in_steps(standard):
    _seed("--national", "--people", "2600")
    in_steps = _fingerprint()
    _seed("--national", "--people", "0")
    assert _population() == 0

    _seed("--national", "--people", "2600")

    assert _fingerprint() == in_steps


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--national", "--people", "-1"], "--people: between 0 and 3,000,000, not -1"),
        (["--national", "--people", "many"], "--people: a whole number, not 'many'"),
        (["--national", "--people", "3000001"], "--people: between 0 and 3,000,000, not 3,000,001"),
        (["--people", "100"], "--people: only with --national"),
        (["--national", "--remove"], "--national: not with --remove"),
    ],
)
def test_bad_options_are_refused_naming_the_option(standard, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", *args, stdout=io.StringIO())

    assert User.objects.count() == 0


def test_the_population_of_an_earlier_version_is_replaced(standard):
    legacy = User.objects.create(username="demo-population-00007", password="!", is_demo=True)
    LearnerProfile.objects.create(user=legacy, prefecture="13", age_band="30s", employment_status="employed",
                                  industry="finance")  # fmt: skip

    out = _seed()

    assert not User.objects.filter(pk=legacy.pk).exists()
    assert "demo population 2,400 people (2,400 added, 1 removed)" in out
