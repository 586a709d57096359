"""The dashboard's charts as plotly.js figures (plain JSON: data and layout), cached with the figures.

Built as plain dictionaries in plotly.js's own schema rather than through plotly.graph_objects,
whose validation cost about 17 ms a chart; the figures are also cached per rollup generation,
filter set and language, so a repeated dashboard builds none. Colours and the font are the design
tokens' CSS custom properties (static/css/portal.css), written as "var(--name)" and resolved by
static/js/reports.js in the browser: the tokens are stated once. Every charted number is also in a
table on the page.
"""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .disclosure import SUPPRESSED
from .forecast import Forecast
from .selectors import Breakdown, Overview, ProgressFilter, cached

FONT = "var(--font-sans)"
TEXT, PRIMARY, ACCENT, WARNING, MUTED = (
    "var(--color-text)",
    "var(--color-primary)",
    "var(--color-accent)",
    "var(--color-warning)",
    "var(--color-border-strong)",
)
GRID, ZERO_LINE, BACKGROUND = "var(--color-border-subtle)", "var(--color-border)", "var(--color-bg)"
FORECAST_HORIZON_YEARS = 2  # the chart draws the forecast this far past the deadline at most


def _number(value: int | str) -> int | None:
    return None if value == SUPPRESSED else int(value)


def ranked(breakdown: Breakdown) -> list[dict]:
    """Rows by people, most first; then the suppressed ones (1 or more people each), then zeros."""
    return sorted(
        breakdown.rows,
        key=lambda r: (
            0 if r["people"] != SUPPRESSED and r["people"] else 1 if r["people"] == SUPPRESSED else 2,
            -(_number(r["people"]) or 0),
        ),
    )


def _layout(**extra: Any) -> dict[str, Any]:
    return {
        "font": {"family": FONT, "size": 13, "color": TEXT},
        "margin": {"l": 64, "r": 16, "t": 16, "b": 48},
        "paper_bgcolor": BACKGROUND,
        "plot_bgcolor": BACKGROUND,
        "separators": ".,",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
    } | extra


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "gridcolor": GRID,
        "zerolinecolor": ZERO_LINE,
        "automargin": True,
    } | extra


def _people_axis(title: str, values: list[int | None], **extra: Any) -> dict[str, Any]:
    """An axis of head-counts: whole numbers only. With small counts Plotly would tick at 0.2 steps,
    which ",d" prints as 0, 0, 0, 1, 1, 1; below six people every tick is one person."""
    axis = _axis(title, tickformat=",d", rangemode="tozero", **extra)
    if max((value for value in values if value is not None), default=0) < 6:
        axis["dtick"] = 1
    return axis


def _line(x: list, y: list, *, name: str, color: str, dash: str = "solid", markers: bool = False) -> dict:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers" if markers else "lines",
        "name": name,
        "line": {"color": color, "dash": dash},
    }


def cumulative_figure(overview: Overview) -> dict[str, Any]:
    """People counted, cumulative by month, with the target line, the forecast and the pace needed."""
    xs = [row["key"] for row in overview.cumulative]
    traces = [
        _line(
            xs,
            [_number(row["people"]) for row in overview.cumulative],
            name=_("Counted people (cumulative)"),
            color=PRIMARY,
            markers=True,
        )
    ]
    target, forecast = overview.target, overview.forecast
    if target is not None:
        start = xs[0] if xs else timezone.localdate().strftime("%Y-%m")
        name = _("Target: %(people)s people by %(deadline)s") % {
            "people": f"{target.people:,}",
            "deadline": target.deadline.isoformat(),
        }
        traces.append(
            _line(
                [start, target.deadline.isoformat()],
                [target.people] * 2,
                name=name,
                color=WARNING,
                dash="dash",
            )
        )
    axis_range: list[str] | None = None
    if forecast is not None and not forecast.is_reached:
        # From today's figure to the target: at the recent pace (when it ever gets there), and at the
        # pace needed to arrive by the deadline.
        horizon = forecast_horizon(forecast)
        if forecast.expected_on is not None:
            end, people, name = forecast.expected_on, forecast.target, _("Forecast at the recent pace")
            if forecast.expected_on > horizon:
                # A slow pace reaches the target decades away: drawn to the horizon only, where the
                # line would be, so the counted months keep their width; the name keeps the true date.
                share = (horizon - forecast.as_of).days / (forecast.expected_on - forecast.as_of).days
                end, people = horizon, round(forecast.total + (forecast.target - forecast.total) * share)
                name = _("Forecast at the recent pace (reached %(month)s)") % {
                    "month": f"{forecast.expected_on:%Y-%m}"
                }
                axis_range = [xs[0] if xs else f"{forecast.as_of:%Y-%m}", horizon.isoformat()]
            x = [forecast.as_of.isoformat(), end.isoformat()]
            traces.append(_line(x, [forecast.total, people], name=name, color=ACCENT, dash="dot"))
        x = [forecast.as_of.isoformat(), forecast.deadline.isoformat()]
        traces.append(
            _line(
                x,
                [forecast.total, forecast.target],
                name=_("Pace needed to reach the target on time"),
                color=MUTED,
                dash="dashdot",
            )
        )
    # No axis title: the ticks (2025-01) say they are months, and on a phone the title sat on the
    # legend below the chart.
    xaxis = _axis("", type="date", tickformat="%Y-%m")
    if axis_range is not None:
        xaxis["range"] = axis_range
    layout = _layout(
        xaxis=xaxis,
        yaxis=_axis(_("People"), tickformat=",d", rangemode="tozero"),
        height=420,
    )
    return {"data": traces, "layout": layout}


def forecast_horizon(forecast: Forecast) -> datetime.date:
    """Where the cumulative chart ends when the forecast reaches the target later:
    FORECAST_HORIZON_YEARS after the deadline (after today, once the deadline has passed). Two
    years past the deadline is far enough to show by how much a late pace misses it, and near
    enough that the counted months stay readable."""
    base = max(forecast.deadline, forecast.as_of)
    try:
        return base.replace(year=base.year + FORECAST_HORIZON_YEARS)
    except ValueError:  # 29 February
        return base.replace(year=base.year + FORECAST_HORIZON_YEARS, day=28)


def bar_figure(rows: list[dict], *, horizontal: bool, axis_title: str, height: int) -> dict[str, Any]:
    """One bar a row; a suppressed row has no bar and says "x" where its value would be."""
    labels = [row["label"] for row in rows]
    values = [_number(row["people"]) for row in rows]
    bar: dict[str, Any] = {
        "type": "bar",
        "text": [SUPPRESSED if row["people"] == SUPPRESSED else f"{row['people']:,}" for row in rows],
        "textposition": "outside",
        "marker": {"color": PRIMARY},
        "cliponaxis": False,
    }
    people = _("People")
    if horizontal:
        bar |= {"y": labels, "x": values, "orientation": "h", "hovertemplate": "%{y}: %{text}<extra></extra>"}
        layout = _layout(
            xaxis=_people_axis(people, values),
            yaxis=_axis("", autorange="reversed", type="category", dtick=1),
            height=height,
            margin={"l": 8, "r": 48, "t": 8, "b": 48},
            bargap=0.25,
        )
    else:
        bar |= {"x": labels, "y": values, "hovertemplate": "%{x}: %{text}<extra></extra>"}
        layout = _layout(
            xaxis=_axis(axis_title, type="category"),
            yaxis=_people_axis(people, values),
            height=height,
        )
    return {"data": [bar], "layout": layout}


# On a phone (a chart narrower than PHONE_WIDTH px) static/js/reports.js merges a figure's "phone"
# entry into it: {"layout": {...}, "data": {...}} (the data part applies to every trace).
PHONE_WIDTH = 640
PHONE_ROW_HEIGHT = 26  # px a bar of a horizontal chart: the prefecture's name in 13 px and its bar


def _for_phones(figure: dict[str, Any], *, layout: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    return figure | {"phone": {"layout": layout, "data": data}}


def monthly_figure(overview: Overview) -> dict[str, Any]:
    """People added per month; on a phone fewer, slanted month labels that fit the chart, and no
    number over each bar (too small to read there; the numbers are in the table below)."""
    figure = bar_figure(overview.months.rows, horizontal=False, axis_title=_("Month"), height=360)
    return _for_phones(
        figure,
        layout={"xaxis": {"nticks": 6, "tickangle": -45}, "margin": {"l": 56, "r": 24, "t": 16, "b": 48}},
        data={"textposition": "none"},
    )


def prefecture_figure(overview: Overview) -> dict[str, Any]:
    """The 47 prefectures as horizontal bars, most first; on a phone a row tall enough for each
    name, with room on the right for the largest number."""
    rows = ranked(overview.by_prefecture)
    figure = bar_figure(rows, horizontal=True, axis_title="", height=1100)
    return _for_phones(
        figure,
        layout={
            "height": PHONE_ROW_HEIGHT * len(rows) + 64,
            "margin": {"l": 8, "r": 64, "t": 8, "b": 48},
            "xaxis": {"nticks": 4},
        },
        data={"textfont": {"size": 12}},
    )


def dashboard_charts(*, overview: Overview, exact: bool, f: ProgressFilter) -> dict[str, dict]:
    """The dashboard's five figures, keyed by breakdown; cached like the overview they draw."""

    def build() -> dict[str, dict]:
        consortium_height = max(220, 56 * len(overview.by_consortium.rows) + 80)
        return {
            "cumulative": cumulative_figure(overview),
            "monthly": monthly_figure(overview),
            "prefecture": prefecture_figure(overview),
            "hr_type": bar_figure(ranked(overview.by_hr_type), horizontal=True, axis_title="", height=300),
            "consortium": bar_figure(
                ranked(overview.by_consortium), horizontal=True, axis_title="", height=consortium_height
            ),
        }

    return cached("charts", (exact, f, get_language()), build)
