"""When will the target be reached at the recent pace, and what pace is needed to reach it on time."""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12
HORIZON_DAYS = 100 * 365  # beyond a century the projection means nothing (and dates overflow)


@dataclass(frozen=True)
class Forecast:
    total: int
    target: int
    deadline: datetime.date
    as_of: datetime.date
    window_days: int
    recent_daily_pace: float  # people counted per day over the window
    expected_on: datetime.date | None  # None when the recent pace is zero or the date is over 100 years away
    needed_monthly_pace: float  # people per month from as_of to the deadline; 0 when reached

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.total)

    @property
    def recent_monthly_pace(self) -> float:
        return self.recent_daily_pace * DAYS_PER_MONTH

    @property
    def is_reached(self) -> bool:
        return self.total >= self.target

    @property
    def is_on_track(self) -> bool:
        return self.is_reached or (self.expected_on is not None and self.expected_on <= self.deadline)


def forecast_target(
    *,
    daily: Mapping[datetime.date, int],
    total: int,
    target: int,
    deadline: datetime.date,
    as_of: datetime.date,
    window_days: int = 90,
) -> Forecast:
    """Project the cumulative count forward at the average daily pace of the last `window_days` days.

    `daily` maps a day to the people first counted that day (days without anyone may be absent);
    `total` is the cumulative count on `as_of`. Pure: no database access.
    """
    window_start = as_of - datetime.timedelta(days=window_days - 1)
    recent = sum(n for day, n in daily.items() if window_start <= day <= as_of)
    pace = recent / window_days
    remaining = max(0, target - total)
    if remaining == 0:
        expected: datetime.date | None = as_of
    elif pace > 0 and remaining / pace <= HORIZON_DAYS:
        expected = as_of + datetime.timedelta(days=math.ceil(remaining / pace))
    else:
        expected = None
    days_left = (deadline - as_of).days
    if remaining == 0:
        needed = 0.0
    elif days_left <= 0:
        needed = float(remaining)  # overdue: all of it, now
    else:
        needed = remaining / (days_left / DAYS_PER_MONTH)
    return Forecast(
        total=total,
        target=target,
        deadline=deadline,
        as_of=as_of,
        window_days=window_days,
        recent_daily_pace=pace,
        expected_on=expected,
        needed_monthly_pace=needed,
    )
