"""The home page: the protected national figure, the way in by type and role, featured and new
courses, upcoming events and the last update, all served from the per-generation cache."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from reports.disclosure import SUPPRESSED
from reports.models import MonthlyProgress, RollupState
from reports.selectors import (
    HOME_COURSES,
    HOME_EVENTS,
    home_events_upcoming,
    home_figures,
    progress_filter_parse,
    progress_overview,
)
from tests.consortia.factories import EventFactory
from tests.core.factories import UserFactory
from tests.courses.factories import CourseFactory
from tests.learners.factories import EnrolmentFactory

from .access import progress_add, protected

pytestmark = pytest.mark.django_db

JST = datetime.timezone(datetime.timedelta(hours=9))  # the portal's display time (TIME_ZONE)
# Any query that reads the rollup's cells or counts rows: none may run for a warm home page.
AGGREGATE = re.compile(r"\b(SUM|COUNT)\(|reports_(monthly|daily)progress", re.IGNORECASE)


def _rolled_up(generation: int, when: datetime.datetime) -> None:
    """What the end of a rollup run leaves behind: a new generation and its time."""
    RollupState.objects.update_or_create(pk=1, defaults={"generation": generation, "last_run_at": when})


def _number(value: int | str) -> str:
    return str(value) if value == SUPPRESSED else f"{int(value):,}"


def _text(response) -> str:
    """The page's text with tags and runs of white space collapsed (for figures and phrases)."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_the_figure_is_the_protected_one_the_dashboard_shows_a_ministry_viewer(client, figures):
    # Given rollup rows (213 people in 2025) and the national target of 2.3 million
    _rolled_up(1, timezone.now())

    # When an anonymous visitor opens the home page in English
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    # Then the headline is the protected figure of the whole-country cell, the dashboard's own
    overview = progress_overview(exact=False, f=progress_filter_parse({}, whole_months=True))
    total = protected()
    assert response.status_code == 200
    assert response.context["home"].figure.total == overview.total == total
    text = _text(response)
    assert f"{_number(total)} people" in text
    assert "Target: 2,300,000 people by 2027-03-31" in text
    # And the share and the pace needed come from that figure and the target only
    assert f"{int(total) / 2_300_000 * 100:.2f}% of the target" in text  # two decimals below 1 %
    needed = overview.forecast.needed_monthly_pace
    assert f"{round(needed):,} people a month" in text


def test_a_figure_below_the_threshold_is_an_x_with_no_share_or_pace(client, counting):
    # Given only three people counted in the whole country
    progress_add(datetime.date(2025, 6, 7), "43", 3)
    _rolled_up(1, timezone.now())

    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    figure = response.context["home"].figure
    assert figure.total == SUPPRESSED
    assert figure.percent is None
    assert figure.forecast is None  # a pace from a hidden figure would reveal it
    total = response.content.decode().split('id="home-total"')[1].split("</p>")[0]
    assert re.sub(r"<[^>]+>|\s", "", total) == ">x"
    assert "of the target" not in _text(response)


def test_a_warm_home_page_costs_the_generation_read_and_no_aggregate_query(client, figures):
    # Given a home page already served once for this generation
    _rolled_up(1, timezone.now())
    client.get(reverse("home"))

    # When an anonymous visitor asks again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    # Then the one query is the generation read: no sum, no count, no rollup table
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert len(sql) == 1
    assert sql[0].startswith('SELECT "reports_rollupstate"."generation"')
    assert 'FROM "reports_rollupstate"' in sql[0]


def test_a_warm_home_page_for_a_signed_in_learner_adds_only_the_session_and_the_user(
    client, figures, django_assert_num_queries
):
    client.force_login(UserFactory.create())
    _rolled_up(1, timezone.now())
    client.get(reverse("home"))

    # The session, the user (with the header's reports access: core/backends.py) and the generation
    with django_assert_num_queries(3), CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200

    assert [q["sql"] for q in queries.captured_queries if AGGREGATE.search(q["sql"])] == []


def test_a_new_rollup_generation_refreshes_the_figure_and_the_update_time(client, figures):
    # Given a warm home page for generation 1
    first_run = datetime.datetime(2026, 1, 5, 3, 0, tzinfo=JST)
    _rolled_up(1, first_run)
    before = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Last updated 2026-01-05 03:00" in _text(before)

    # When more people are counted without a rollup run, the cached page stays as it was
    progress_add(datetime.date(2025, 7, 1), "01", 500)
    assert client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").context["home"] == before.context["home"]

    # When the rollup finishes its next run
    second_run = datetime.datetime(2026, 1, 6, 3, 0, tzinfo=JST)
    _rolled_up(2, second_run)
    after = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    # Then the page shows the new protected figure and the new time
    assert after.context["home"].figure.total == protected() != before.context["home"].figure.total
    assert f"{_number(protected())} people" in _text(after)
    assert "Last updated 2026-01-06 03:00" in _text(after)


def test_before_the_first_rollup_the_page_says_the_figures_are_not_compiled(client, counting):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["home"].updated_at is None
    assert "The figures have not been compiled yet." in _text(response)
    assert response.context["home"].figure.total == 0


def test_the_five_types_lead_to_their_roles_and_their_courses(client, standard):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")

    types = response.context["home"].hr_types
    assert [t.slug for t in types] == [
        "business-architect", "designer", "data-scientist", "software-engineer", "cybersecurity",
    ]  # fmt: skip
    html = response.content.decode()
    assert html.count('class="home-type"') == 5
    assert html.count('href="/skills/roles/') == 15
    assert '<a href="/skills/roles/data-engineer/">Data Engineer</a>' in html
    assert '<a href="/courses/?hr_type=data-scientist">Courses for Data Scientist</a>' in html


def test_featured_courses_are_the_most_enrolled_and_new_ones_the_newest_of_the_rest(client, standard):
    # Given published courses with 3, 1 and no learners, and one unpublished with learners
    popular, liked, quiet, newest = CourseFactory.create_batch(4)
    hidden = CourseFactory.create(is_published=False)
    for course, learners in ((popular, 3), (liked, 1), (hidden, 5)):
        EnrolmentFactory.create_batch(learners, course=course)

    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").context["home"]

    assert [c.slug for c in page.featured] == [popular.slug, liked.slug]
    assert [c.slug for c in page.new] == [newest.slug, quiet.slug]
    assert hidden.slug not in {c.slug for c in page.featured + page.new}


def test_each_course_list_holds_at_most_four(client, standard):
    CourseFactory.create_batch(HOME_COURSES + 3)

    page = client.get(reverse("home")).context["home"]

    assert page.featured == []
    assert len(page.new) == HOME_COURSES


def test_upcoming_events_only_and_those_that_started_since_drop_off_without_a_query(
    client, standard, django_assert_num_queries
):
    # Given a past event and six upcoming ones
    now = timezone.now()
    EventFactory.create(starts_at=now - datetime.timedelta(days=1))
    upcoming = [EventFactory.create(starts_at=now + datetime.timedelta(days=d)) for d in range(1, 7)]

    page = home_figures()
    response = client.get(reverse("home"))

    # Then the page lists the first four upcoming, earliest first
    assert [e.pk for e in response.context["events"]] == [e.pk for e in upcoming[:HOME_EVENTS]]
    # And once the first two have started, the cached list drops them with no query
    later = now + datetime.timedelta(days=2, hours=1)
    with django_assert_num_queries(0):
        shown = home_events_upcoming(page, now=later)
    assert [e.pk for e in shown] == [e.pk for e in upcoming[2:6]]


def test_the_page_follows_the_language_and_marks_japanese_only_names(client, standard):
    # Given a course with no English title (its Japanese one shows on the English page)
    CourseFactory.create(title_ja="生成AI入門", title_en="")
    CourseFactory.create(title_ja="データ分析", title_en="Data Analysis")

    ja = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    en = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "データエンジニア</a>" in ja
    assert '<html lang="ja">' in ja
    assert "Data Engineer</a>" in en
    assert '<html lang="en">' in en
    assert re.search(r'<a href="/courses/course-\d+/" lang="ja">生成AI入門</a>', en)
    assert re.search(r'<a href="/courses/course-\d+/">Data Analysis</a>', en)
    assert re.search(r'<a href="/courses/course-\d+/">データ分析</a>', ja)


def test_the_home_page_answers_get_and_head_only(client, standard):
    assert client.head(reverse("home")).status_code == 200
    assert client.post(reverse("home")).status_code == 405


def test_the_figure_is_never_exact_even_for_superusers(client, figures, admin_user):
    # The exact total (213) differs from its protected figure for these rows.
    exact = sum(MonthlyProgress.objects.values_list("people", flat=True))
    assert protected() != exact
    client.force_login(admin_user)
    _rolled_up(1, timezone.now())

    response = client.get(reverse("home"))

    assert response.context["home"].figure.total == protected()


def test_the_language_switch_no_longer_overrides_the_admins_change(standard):
    # Japanese for the language switch's button has its own context (depends on the catalogue merge)
    with translation.override("ja"):
        assert pgettext("language switch", "Change") == "切り替え"
        assert gettext("Change") == "変更"  # Django admin's own


@pytest.mark.parametrize(
    ("percent", "shown"), [(None, ""), (0.4567, "0.46"), (12.345, "12.3"), (100.0, "100.0")]
)
def test_the_share_shows_two_decimals_below_one_percent_and_one_above(percent, shown):
    from reports.selectors import NationalFigure

    assert NationalFigure(total=0, target=None, percent=percent, forecast=None).percent_shown == shown


def test_portal_pages_mark_text_in_the_other_language(client, standard):
    # Given a course with an English title and one without
    both = CourseFactory.create(title_ja="データ分析入門", title_en="Introduction to Data Analysis")
    japanese_only = CourseFactory.create(title_ja="生成AI入門", title_en="")

    # On Japanese pages the English names of a course and of a role of the standard are marked English
    course_ja = client.get(both.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    role_ja = client.get("/skills/roles/data-engineer/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert '<p class="title-in-english" lang="en">Introduction to Data Analysis</p>' in course_ja
    assert '<p class="title-in-english" lang="en">Data Engineer</p>' in role_ja

    # On English pages a Japanese-only title is marked Japanese, and nothing is repeated
    course_en = client.get(japanese_only.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    role_en = client.get("/skills/roles/data-engineer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 lang="ja">生成AI入門</h1>' in course_en
    assert "<h1>Data Engineer</h1>" in role_en
    assert "title-in-english" not in course_en + role_en
