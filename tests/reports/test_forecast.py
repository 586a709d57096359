import datetime

from reports.forecast import forecast_target

D = datetime.date
WINDOW = {"window_start": D(2026, 8, 1), "window_days": 92}  # August to October 2026


def test_constant_pace_projects_linearly():
    result = forecast_target(
        recent_people=92_000, **WINDOW, total=2_000_000, target=2_300_000, deadline=D(2027, 3, 31),
        as_of=D(2026, 11, 28),
    )  # fmt: skip

    assert result.recent_daily_pace == 1000
    assert result.expected_on == D(2027, 9, 24)  # 300,000 / 1,000 = 300 days after 28 Nov 2026
    assert result.is_on_track is False
    assert round(result.needed_monthly_pace) == round(300_000 / (123 / (365.25 / 12)))
    assert result.window_end == D(2026, 10, 31)


def test_no_recent_progress_has_no_expected_date_and_reached_target_needs_nothing():
    as_of = D(2026, 11, 28)
    stalled = forecast_target(
        recent_people=0, **WINDOW, total=5, target=10, deadline=D(2027, 3, 31), as_of=as_of
    )
    reached = forecast_target(
        recent_people=0, **WINDOW, total=10, target=10, deadline=D(2027, 3, 31), as_of=as_of
    )

    assert stalled.expected_on is None
    assert stalled.is_on_track is False
    assert reached.expected_on == as_of
    assert reached.needed_monthly_pace == 0
    assert reached.is_on_track is True


def test_after_the_deadline_the_whole_remainder_is_needed_now():
    result = forecast_target(
        recent_people=0, **WINDOW, total=5, target=10, deadline=D(2027, 3, 31), as_of=D(2027, 4, 1)
    )

    assert result.needed_monthly_pace == 5


def test_a_pace_that_would_take_over_a_century_has_no_expected_date():
    result = forecast_target(
        recent_people=1, **WINDOW, total=100, target=2_300_000, deadline=D(2027, 3, 31), as_of=D(2026, 11, 28)
    )

    assert result.expected_on is None
    assert result.is_on_track is False
