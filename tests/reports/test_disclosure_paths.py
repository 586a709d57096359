"""Ways a ministry viewer could take the published figures apart, each closed by the design."""

import datetime

import pytest
from rest_framework.test import APIClient

from reports.disclosure import SUPPRESSED, TOTAL
from reports.models import DailyProgress, MonthlyProgress, Target
from reports.rollup import rollup_run
from reports.selectors import cross_table, progress_breakdown, progress_filter_parse, progress_overview

from .access import progress_add
from .world import add_activity, build_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/progress/"
D = datetime.date


@pytest.fixture
def viewer(actors) -> APIClient:
    client = APIClient()
    client.force_authenticate(actors["ministry"])
    return client


@pytest.mark.parametrize(
    ("given", "applied"),
    [
        ({"from": "2025-06-05"}, ("2025-06-01", "")),
        ({"to": "2022-11-30"}, ("", "2022-11-30")),
        ({"to": "2023-01-28"}, ("", "2023-01-31")),
        ({"from": "2024-02-10", "to": "2024-02-11"}, ("2024-02-01", "2024-02-29")),
    ],
)
def test_ministry_periods_are_exactly_the_whole_months_asked_for(viewer, figures, given, applied):
    body = viewer.get(URL, {"group_by": "source", **given}).json()

    assert (body["filters"]["from"], body["filters"]["to"]) == applied


def test_two_days_of_one_month_are_one_answer(viewer, figures):
    first = viewer.get(URL, {"group_by": "source", "from": "2025-06-05"}).json()
    second = viewer.get(URL, {"group_by": "source", "from": "2025-06-06"}).json()

    assert first == second


def test_superusers_keep_day_periods(counting):
    f = progress_filter_parse({"from": "2025-06-05", "to": "2025-06-06"}, whole_months=False)

    assert (f.date_from, f.date_to) == (D(2025, 6, 5), D(2025, 6, 6))


@pytest.mark.parametrize("value", ["9999-12-15", "1999-12-31"])
def test_dates_far_outside_the_platform_life_are_refused(viewer, figures, value):
    response = viewer.get(URL, {"group_by": "month", "to": value})

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["to"]


def test_the_headline_is_the_cumulative_figure_at_the_end_of_the_period(figures):
    f = progress_filter_parse({"to": "2025-05-31"}, whole_months=False)

    overview = progress_overview(exact=True, f=f, as_of=D(2025, 12, 1))

    assert overview.total == 120  # Tokyo's April and May; June's people come after the period
    assert overview.cumulative[-1] == {"key": "2025-05", "people": 120}


def test_the_headline_and_the_cumulative_table_agree_for_viewers(figures):
    f = progress_filter_parse(
        {"prefecture": "13", "from": "2025-04-15", "to": "2025-05-10"}, whole_months=True
    )

    overview = progress_overview(exact=False, f=f, as_of=D(2025, 12, 1))

    assert overview.total == overview.cumulative[-1]["people"]
    assert overview.cumulative[-1]["key"] == "2025-05"


def test_a_cell_reached_two_ways_gives_one_figure(viewer, figures):
    # Ehime in the audit: x in the prefecture table but a number in its own consortium table.
    progress_add(D(2025, 6, 9), "38", 12, consortium_id=figures["consortium"].pk, source="programme")
    by_prefecture = viewer.get(URL, {"group_by": "prefecture"}).json()
    by_consortium = viewer.get(URL, {"group_by": "consortium", "prefecture": "38"}).json()
    by_source = viewer.get(URL, {"group_by": "source", "prefecture": "38", "from": "2025-06-01"}).json()

    ehime = next(r["people"] for r in by_prefecture["results"] if r["key"] == "38")
    assert ehime == by_consortium["total"] == by_source["total"]
    kyushu = next(r["people"] for r in by_consortium["results"] if r["key"] == figures["consortium"].slug)
    assert kyushu == ehime


def test_one_way_figures_are_the_margins_of_the_cross_table(figures):
    progress_add(D(2025, 6, 9), "40", 12, hr_type_id=figures["business"].pk)
    f = progress_filter_parse({}, whole_months=True)
    table = cross_table(exact=False, f=f, rows_by="prefecture", columns_by="hr_type")["table"]

    by_prefecture = progress_breakdown(exact=False, f=f, group_by="prefecture")
    by_type = progress_breakdown(exact=False, f=f, group_by="hr_type")

    assert {r["key"]: r["people"] for r in by_prefecture.rows} == {
        k: table.shown(k, TOTAL) for k in table.rows
    }
    assert by_prefecture.total == by_type.total == table.shown(TOTAL, TOTAL)


def test_rows_add_up_to_the_total_within_the_stated_tolerance(figures):
    f = progress_filter_parse({}, whole_months=True)
    exact = progress_breakdown(exact=True, f=f, group_by="prefecture")

    shown = progress_breakdown(exact=False, f=f, group_by="prefecture")

    assert exact.tolerance == 0
    assert abs(shown.row_sum - shown.total) <= shown.tolerance
    assert shown.tolerance == 15 * (2 + 1) + 1 * (10 - 1 + 15)  # Tokyo, Osaka shown; Kumamoto x


def test_no_forecast_when_the_total_itself_is_hidden(figures):
    Target.objects.create(scope=Target.Scope.PREFECTURE, prefecture="43", people=500, deadline=D(2027, 3, 31))
    f = progress_filter_parse({"prefecture": "43"}, whole_months=True)

    overview = progress_overview(exact=False, f=f, as_of=D(2025, 12, 1))

    assert overview.total == SUPPRESSED
    assert overview.forecast is None
    assert overview.cumulative == [{"key": "2025-06", "people": SUPPRESSED}]


def _published() -> dict:
    f = progress_filter_parse({}, whole_months=True)
    return {
        group: progress_breakdown(exact=False, f=f, group_by=group).rows
        for group in ("prefecture", "hr_type", "consortium", "source", "month")
    }


def test_a_full_rebuild_publishes_what_the_incremental_rollups_did(counting):
    # Record keys are drawn once per person and kept, so rebuilding gives every cell its key back.
    world = build_world(21, people=90)
    rollup_run(full=True)
    add_activity(world, 120)
    rollup_run()
    incremental = _published()
    cells = set(MonthlyProgress.objects.values_list("month", "prefecture", "people", "key_sum"))

    rollup_run(full=True)

    assert _published() == incremental
    assert set(MonthlyProgress.objects.values_list("month", "prefecture", "people", "key_sum")) == cells
    assert DailyProgress.objects.exists()
