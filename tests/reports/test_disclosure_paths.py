"""Ways a ministry viewer could work out a small count from what is published, each closed."""

import datetime

import pytest
from rest_framework.test import APIClient

from reports.disclosure import SUPPRESSED, TOTAL
from reports.models import Target
from reports.selectors import (
    _month_breakdown,
    cross_table,
    progress_breakdown,
    progress_filter_parse,
    progress_overview,
)

from .access import progress_add

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/progress/"
D = datetime.date


def test_a_small_tail_is_merged_back_until_every_period_is_large_enough():
    counts = {D(2025, 1, 1): 10, D(2025, 3, 1): 1}

    breakdown = _month_breakdown(exact=False, counts=counts)

    assert [r["people"] for r in breakdown.rows] == [11]
    assert breakdown.rows[0]["label"] == "2025-01–2025-03"


def test_ministry_periods_are_whole_months_so_two_days_cannot_be_subtracted(actors, figures):
    client = APIClient()
    client.force_authenticate(actors["ministry"])

    first = client.get(URL, {"group_by": "source", "from": "2025-06-05"}).json()
    second = client.get(URL, {"group_by": "source", "from": "2025-06-06"}).json()

    assert first["total"] == second["total"] == 43
    assert first["filters"]["from"] == second["filters"]["from"] == "2025-06-01"


def test_superusers_keep_day_periods(counting):
    f = progress_filter_parse({"from": "2025-06-05", "to": "2025-06-06"}, whole_months=False)

    assert (f.date_from, f.date_to) == (D(2025, 6, 5), D(2025, 6, 6))


@pytest.mark.parametrize("value", ["9999-12-15", "1999-12-31"])
def test_dates_far_outside_the_platform_life_are_refused(actors, figures, value):
    client = APIClient()
    client.force_authenticate(actors["ministry"])

    response = client.get(URL, {"group_by": "month", "to": value})

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == ["to"]


def test_no_forecast_when_the_total_itself_is_hidden(figures):
    Target.objects.create(scope=Target.Scope.PREFECTURE, prefecture="43", people=500, deadline=D(2027, 3, 31))
    f = progress_filter_parse({"prefecture": "43"}, whole_months=True)

    overview = progress_overview(exact=False, f=f, as_of=D(2025, 12, 1))

    assert overview.total == SUPPRESSED
    assert overview.forecast is None
    assert overview.cumulative == []


def test_one_way_prefecture_and_type_figures_are_the_margins_of_the_cross_table(figures):
    progress_add(D(2025, 6, 9), "40", 12, hr_type_id=figures["business"].pk)
    f = progress_filter_parse({}, whole_months=True)
    table = cross_table(exact=False, f=f, rows_by="prefecture", columns_by="hr_type")["table"]

    by_prefecture = progress_breakdown(exact=False, f=f, group_by="prefecture")
    by_type = progress_breakdown(exact=False, f=f, group_by="hr_type")

    assert {r["key"]: r["people"] for r in by_prefecture.rows} == {
        k: table.shown(k, TOTAL) for k in table.rows
    }
    assert by_prefecture.total == by_type.total == table.shown(TOTAL, TOTAL)
