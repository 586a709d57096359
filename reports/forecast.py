"""When will the target be reached at the recent pace, and what pace is needed to reach it on time."""

import datetime
import math
from dataclasses import dataclass

DAYS_PER_MONTH = 365.25 / 12
HORIZON_DAYS = 100 * 365  # beyond a century the projection means nothing (and dates overflow)


@dataclass(frozen=True)
class Forecast:
    total: int
    target: int
    deadline: datetime.date
    as_of: datetime.date
    window_start: datetime.date
    window_days: int
    recent_daily_pace: float  # people counted per day over the window
    expected_on: datetime.date | None  # None when the recent pace is zero or the date is over 100 years away
    needed_monthly_pace: float  # people per month from as_of to the deadline; 0 when reached

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.total)

    @property
    def window_end(self) -> datetime.date:
        return self.window_start + datetime.timedelta(days=self.window_days - 1)

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
    recent_people: int,
    window_start: datetime.date,
    window_days: int,
    total: int,
    target: int,
    deadline: datetime.date,
    as_of: datetime.date,
) -> Forecast:
    """Project the cumulative count forward at the average daily pace of a recent window.

    `recent_people` were first counted in the `window_days` days from `window_start`; `total` is the
    cumulative count on `as_of`. For protected audiences both are protected figures (the window is
    whole months), so the forecast is a function of figures they may read anyway. Pure: no database
    access.
    """
    pace = recent_people / window_days
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
        window_start=window_start,
        window_days=window_days,
        recent_daily_pace=pace,
        expected_on=expected,
        needed_monthly_pace=needed,
    )
