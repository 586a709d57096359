"""The cumulative chart: a forecast decades away is drawn only to the horizon (two years after the
deadline), with its true date in its name, so the counted months keep the chart's width; a near
forecast is drawn as before. The dashboard's own figure still states the true date."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reports.charts import cumulative_figure, forecast_horizon
from reports.forecast import forecast_target
from reports.models import Target
from reports.selectors import Breakdown, Overview, ProgressFilter, progress_filter_parse, progress_overview

from .access import progress_add

D = datetime.date
AS_OF = D(2026, 12, 3)
DEADLINE = D(2027, 3, 31)
WINDOW: dict[str, Any] = {"window_start": D(2026, 9, 1), "window_days": 91}  # September to November 2026


def _overview(*, recent_people: int, total: int, target: int) -> Overview:
    forecast = forecast_target(
        recent_people=recent_people, **WINDOW, total=total, target=target, deadline=DEADLINE, as_of=AS_OF
    )
    return Overview(
        exact=False,
        filter=ProgressFilter(),
        total=total,
        period_total=total,
        target=Target(scope=Target.Scope.NATIONAL, people=target, deadline=DEADLINE),
        forecast=forecast,
        months=Breakdown("month"),
        cumulative=[{"key": "2025-04", "people": 70}, {"key": "2026-11", "people": total}],
        by_prefecture=Breakdown("prefecture"),
        by_hr_type=Breakdown("hr_type"),
        by_consortium=Breakdown("consortium"),
        by_source=Breakdown("source"),
    )


def _trace(figure: dict, starts_with: str) -> dict:
    (found,) = [t for t in figure["data"] if t["name"].startswith(starts_with)]
    return found


def test_the_horizon_is_two_years_after_the_deadline_or_after_today_once_it_has_passed():
    on_time = forecast_target(recent_people=1, **WINDOW, total=1, target=2, deadline=DEADLINE, as_of=AS_OF)
    overdue = forecast_target(
        recent_people=1, **WINDOW, total=1, target=2, deadline=DEADLINE, as_of=D(2028, 2, 29)
    )

    assert forecast_horizon(on_time) == D(2029, 3, 31)
    assert forecast_horizon(overdue) == D(2030, 2, 28)


def test_a_forecast_decades_away_is_clipped_at_the_horizon_and_names_its_true_date():
    # 91 people in 91 days: 1 a day, so the 30,000 still needed take 30,000 days (reached 2109-01)
    overview = _overview(recent_people=91, total=2_000, target=32_000)
    expected_on = overview.forecast.expected_on
    assert expected_on == AS_OF + datetime.timedelta(days=30_000)

    with translation.override("en"):
        figure = cumulative_figure(overview)

    horizon = D(2029, 3, 31)
    line = _trace(figure, "Forecast at the recent pace")
    assert line["name"] == f"Forecast at the recent pace (reached {expected_on:%Y-%m})"
    assert line["name"].endswith("(reached 2109-01)")
    assert line["x"] == [AS_OF.isoformat(), horizon.isoformat()]
    # the straight line's own value on the horizon: 2,000 + 30,000 × (849 days / 30,000 days)
    assert line["y"] == [2_000, 2_000 + (horizon - AS_OF).days]
    assert figure["layout"]["xaxis"]["range"] == ["2025-04", horizon.isoformat()]
    every_x = [x for trace in figure["data"] for x in trace["x"]]
    assert max(every_x) <= horizon.isoformat()


def test_the_clipped_forecast_names_its_date_in_japanese():
    overview = _overview(recent_people=91, total=2_000, target=32_000)

    with translation.override("ja"):
        figure = cumulative_figure(overview)

    assert _trace(figure, "最近のペース")["name"] == "最近のペースでの見通し（2109-01 に到達）"


def test_a_near_forecast_is_drawn_to_its_date_with_no_range_set():
    # 9,100 people in 91 days: 100 a day, so the 30,000 needed take 300 days (2027-09-29)
    overview = _overview(recent_people=9_100, total=2_000, target=32_000)

    with translation.override("en"):
        figure = cumulative_figure(overview)

    line = _trace(figure, "Forecast at the recent pace")
    assert line["name"] == "Forecast at the recent pace"
    assert line["x"] == [AS_OF.isoformat(), "2027-09-29"]
    assert line["y"] == [2_000, 32_000]
    assert "range" not in figure["layout"]["xaxis"]
    needed = _trace(figure, "Pace needed")
    assert needed["x"] == [AS_OF.isoformat(), DEADLINE.isoformat()]
    assert needed["y"] == [2_000, 32_000]
    assert [t["name"] for t in figure["data"]] == [
        "Counted people (cumulative)",
        "Target: 32,000 people by 2027-03-31",
        "Forecast at the recent pace",
        "Pace needed to reach the target on time",
    ]


def test_a_forecast_reached_just_before_the_horizon_is_not_clipped():
    # at 1 a day, the people still needed arrive on the horizon itself
    needed = (D(2029, 3, 31) - AS_OF).days
    overview = _overview(recent_people=91, total=2_000, target=2_000 + needed)

    figure = cumulative_figure(overview)

    assert overview.forecast.expected_on == D(2029, 3, 31)
    assert "range" not in figure["layout"]["xaxis"]
    assert figure["data"][2]["x"][1] == "2029-03-31"
    assert figure["data"][2]["y"][1] == 2_000 + needed


@pytest.mark.django_db
def test_the_dashboard_states_the_true_forecast_date_while_the_chart_stops_at_the_horizon(
    client, figures, actors
):
    # Given a slow recent pace (91 people in the last three complete months, about 1 a day) and a
    # target about 20,000 people away: reached in about 55 years
    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    progress_add(last_month, "13", 91)
    Target.objects.filter(scope=Target.Scope.NATIONAL).update(people=20_000)
    overview = progress_overview(exact=True, f=progress_filter_parse({}))
    expected_on = overview.forecast.expected_on
    assert expected_on.year > DEADLINE.year + 10

    # When the superuser opens the dashboard
    client.force_login(actors["superuser"])
    response = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="en")

    # Then the figure states the true date, and the chart's line ends at the horizon, naming it
    html = response.content.decode()
    assert f'id="kpi-forecast"><span class="reports-kpis__date">{expected_on:%Y-%m-%d}</span>' in html
    chart = response.context["charts"]["cumulative"]
    horizon = forecast_horizon(overview.forecast)
    line = _trace(chart, "Forecast at the recent pace")
    assert line["name"] == f"Forecast at the recent pace (reached {expected_on:%Y-%m})"
    assert line["x"][1] == horizon.isoformat()
    assert chart["layout"]["xaxis"]["range"][1] == horizon.isoformat()


def test_small_counts_tick_in_whole_people_and_large_ones_are_left_to_plotly():
    from reports.charts import bar_figure

    # given months of 0 to 3 people (Plotly would tick at 0.5 and print 0, 1, 1, 2, 2, 3)
    small = [
        {"label": "2026-09", "people": 3},
        {"label": "2026-10", "people": 0},
        {"label": "2026-11", "people": "x"},
    ]
    large = [{"label": "2026-09", "people": 1200}, {"label": "2026-10", "people": 80}]

    vertical = bar_figure(small, horizontal=False, axis_title="Month", height=360)["layout"]
    horizontal = bar_figure(small, horizontal=True, axis_title="", height=360)["layout"]
    busy = bar_figure(large, horizontal=False, axis_title="Month", height=360)["layout"]

    # then every tick is one person, and a count in the thousands keeps Plotly's own steps
    assert vertical["yaxis"]["dtick"] == 1
    assert horizontal["xaxis"]["dtick"] == 1
    assert "dtick" not in busy["yaxis"]
    assert busy["yaxis"]["tickformat"] == ",d"


def test_the_cumulative_chart_has_no_month_title_to_sit_on_its_legend():
    figure = cumulative_figure(_overview(recent_people=300, total=1_000, target=2_000))

    assert figure["layout"]["xaxis"]["title"] == {"text": ""}
    assert figure["layout"]["xaxis"]["tickformat"] == "%Y-%m"
