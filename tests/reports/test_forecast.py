import datetime

from reports.forecast import forecast_target

D = datetime.date


def test_constant_pace_projects_linearly():
    as_of = D(2026, 11, 28)
    daily = {as_of - datetime.timedelta(days=i): 1000 for i in range(90)}

    result = forecast_target(
        daily=daily, total=2_000_000, target=2_300_000, deadline=D(2027, 3, 31), as_of=as_of
    )

    assert result.recent_daily_pace == 1000
    assert result.expected_on == D(2027, 9, 24)  # 300,000 / 1,000 = 300 days after 28 Nov 2026
    assert result.is_on_track is False
    assert round(result.needed_monthly_pace) == round(300_000 / (123 / (365.25 / 12)))


def test_days_outside_the_window_do_not_count():
    as_of = D(2026, 11, 28)
    daily = {D(2026, 1, 1): 10_000, as_of: 900}

    result = forecast_target(daily=daily, total=10_900, target=20_000, deadline=D(2027, 3, 31), as_of=as_of)

    assert result.recent_daily_pace == 10
    assert result.expected_on == as_of + datetime.timedelta(days=910)


def test_no_recent_progress_has_no_expected_date_and_reached_target_needs_nothing():
    as_of = D(2026, 11, 28)
    stalled = forecast_target(daily={}, total=5, target=10, deadline=D(2027, 3, 31), as_of=as_of)
    reached = forecast_target(daily={}, total=10, target=10, deadline=D(2027, 3, 31), as_of=as_of)

    assert stalled.expected_on is None
    assert stalled.is_on_track is False
    assert reached.expected_on == as_of
    assert reached.needed_monthly_pace == 0
    assert reached.is_on_track is True


def test_after_the_deadline_the_whole_remainder_is_needed_now():
    result = forecast_target(daily={}, total=5, target=10, deadline=D(2027, 3, 31), as_of=D(2027, 4, 1))

    assert result.needed_monthly_pace == 5


def test_a_pace_that_would_take_over_a_century_has_no_expected_date():
    as_of = D(2026, 11, 28)

    result = forecast_target(
        daily={as_of: 1}, total=100, target=2_300_000, deadline=D(2027, 3, 31), as_of=as_of, window_days=90
    )

    assert result.expected_on is None
    assert result.is_on_track is False
