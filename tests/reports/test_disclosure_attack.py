"""The audit of issue #8 played against the platform: a ministry viewer with nothing but the API.

Each test builds a generated population through the real rollup, asks what a viewer may ask, and
hands every answer to a linear program (tests/reports/attack.py). No protected value may be
recovered exactly, and none bounded below the threshold.
"""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import User
from learners.models import Enrolment, LearnerProfile
from reports.models import Target
from reports.rollup import rollup_run
from reports.selectors import progress_filter_parse, progress_overview

from .attack import MONTHS, PREFECTURES, URL, Attacker, _month_end, build_population, targets_from, truth

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(actors) -> APIClient:
    client = APIClient()
    client.force_authenticate(actors["ministry"])
    return client


def test_differencing_periods_filters_and_groupings_recovers_no_protected_value(counting, viewer):
    population = build_population(seed=8)
    rollup_run(full=True)
    attacker = Attacker(population)
    groups = ("prefecture", "hr_type", "consortium", "source", "month")
    # Cumulative differencing: the same table from the start to the end of each month.
    for month in MONTHS:
        for group in groups[:4]:
            attacker.ask(
                viewer, group_by=group, **{"from": "2025-01-01", "to": _month_end(month).isoformat()}
            )
    # Every filter with every grouping, over all time and each quarter.
    periods = [{}, {"from": "2025-01-01", "to": "2025-03-31"}, {"from": "2025-04-01", "to": "2025-06-30"}]
    for period in periods:
        for prefecture in ["", *PREFECTURES]:
            for hr_type in ["", *population.hr_types]:
                for consortium in ["", *population.consortia]:
                    filters = {"prefecture": prefecture, "hr_type": hr_type, "consortium": consortium}
                    filters = {k: v for k, v in filters.items() if v}
                    for group in groups:
                        attacker.ask(viewer, group_by=group, **period, **filters)

    findings = attacker.solve(targets_from(attacker, truth()))

    print(findings)  # the note on issue #8 quotes this line
    assert findings.questions == 6 * 4 + 3 * 5 * 6 * 3 * 5
    assert findings.exact == []
    assert findings.bounded == []


def test_consecutive_rollups_do_not_show_who_was_counted_that_day(counting, viewer):
    population = build_population(seed=9, people=400)
    rollup_run(full=True)
    course_id = Enrolment.objects.values_list("course_id", flat=True).first()
    today = datetime.date(2025, 7, 1)
    shown, added = [], []
    for day in range(12):
        # Between two nightly rollups, 0 to 2 Okinawa learners finish a course for the first time.
        new = [] if day % 4 == 0 else [f"okinawa-{day}-{i}" for i in range(1 + day % 2)]
        for username in new:
            learner = User.objects.create(username=username)
            LearnerProfile.objects.create(
                user=learner, prefecture="47", age_band="30s", employment_status="employed",
                industry="manufacturing", consents_to_statistics=True, statistics_consent_at=timezone.now(),
            )  # fmt: skip
            moment = datetime.datetime.combine(
                today + datetime.timedelta(days=day), datetime.time(12), tzinfo=datetime.UTC
            )
            Enrolment.objects.create(learner=learner, course_id=course_id, completed_at=moment)
        rollup_run()
        body = viewer.get(URL, {"group_by": "prefecture"}).json()
        shown.append(next(r["people"] for r in body["results"] if r["key"] == "47"))
        added.append(len(new))
    attacker = Attacker(population)

    least, greatest = attacker.series_bounds(shown)

    # The day's change is never pinned down when someone was counted, and never bounded below 10.
    for true, low, high in zip(added[1:], least, greatest, strict=True):
        assert low <= true <= high
        if true:
            assert low < high
            assert high >= attacker.threshold


def test_the_forecast_says_nothing_the_viewer_cannot_ask_directly(counting, viewer, actors):
    build_population(seed=10, people=600)
    rollup_run(full=True)
    Target.objects.create(
        scope=Target.Scope.PREFECTURE, prefecture="13", people=5000, deadline=datetime.date(2027, 3, 31)
    )
    as_of = datetime.date(2025, 7, 15)
    f = progress_filter_parse({"prefecture": "13"}, whole_months=True)

    forecast = progress_overview(exact=False, f=f, as_of=as_of).forecast

    # The pace is a count over whole months that the API publishes with the same protection.
    assert forecast is not None
    window_people = round(forecast.recent_daily_pace * forecast.window_days)
    first = getattr(forecast, "window_start", as_of - datetime.timedelta(days=forecast.window_days - 1))
    last = first + datetime.timedelta(days=forecast.window_days - 1)
    assert first.day == 1
    assert last == _month_end(last)
    asked = viewer.get(
        URL, {"group_by": "source", "prefecture": "13", "from": first.isoformat(), "to": last.isoformat()}
    ).json()
    assert window_people == asked["total"]
    total = viewer.get(URL, {"group_by": "source", "prefecture": "13"}).json()["total"]
    assert forecast.total == total
