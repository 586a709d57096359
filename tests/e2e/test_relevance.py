"""Recommendations that follow the role, and search by relevance, in a real browser (issue 14).

The skill-gap page of the demo data engineer (learner3) leads with the three largest gaps, folds
the rest away and recommends the data courses first; the catalogue's search for データ lists the
data courses first and says how many matched and which filters apply. Both pages in Japanese and
English at 1280 and 390 px, with no sideways scrolling. Screenshots: relevance-gap-{ja,en}[-phone],
relevance-search-{ja,en}[-phone].

Interface text is compared with what the catalogues give (gettext), so the test holds before
and after the Japanese of new messages is merged; content (titles, skill names) is data.
"""

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from core.models import User
from courses import demo as courses_demo
from courses.models import Course
from learners import demo as learners_demo
from skills.models import Skill

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
LANGUAGES = ("ja", "en")


@pytest.fixture
def demo_learner(live_server, standard) -> User:
    """The demo catalogue and learners; learner3 aims at the data engineer."""
    quiet = io.StringIO()
    courses_demo.seed(quiet)
    learners_demo.seed(quiet)
    return User.objects.get(email="learner3@example.jp")


@contextmanager
def viewing(browser, live_server, *, width: int, language: str, user: User | None = None) -> Iterator:
    """A page `width` px wide preferring `language`, signed in as `user`; CSP violations fail."""
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="ja-JP" if language == "ja" else "en-GB",
        device_scale_factor=1,
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        yield page
    finally:
        context.close()
    assert violations == []


def fits_and_shoot(page, width: int, name: str) -> None:
    """The document is no wider than the viewport; then a full-page screenshot."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def name_in(language: str, row) -> str:
    return row.name_en if language == "en" and row.name_en else row.name_ja


def title_in(language: str, course: Course) -> str:
    return course.title_en if language == "en" and course.title_en else course.title_ja


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gap_page_leads_with_the_largest_gaps_and_the_data_courses(
    browser, live_server, demo_learner, language
):
    largest = [
        name_in(language, Skill.objects.get(version__is_current=True, slug=slug))
        for slug in ("data-ai-operations", "data-platform-impl-ops", "cloud-infra")
    ]
    first_courses = [
        title_in(language, Course.objects.get(slug=slug))
        for slug in ("machine-learning-lab", "cloud-data-pipelines")
    ]
    for width in WIDTHS:
        suffix = "" if width == 1280 else "-phone"
        with viewing(browser, live_server, width=width, language=language, user=demo_learner) as page:
            page.goto(f"{live_server.url}/me/skills/gap/")

            # The first table holds the three largest gaps (4 levels each), the rest is folded away
            lead = page.locator("#largest-caption").locator("xpath=..")
            assert lead.locator("tbody th").all_inner_texts() == largest
            others = page.locator("details#other-gaps")
            assert others.get_attribute("open") is None
            assert others.locator("tbody tr").count() == 46
            assert not others.locator("tbody tr").first.is_visible()
            assert page.locator(".gap-table tbody tr").count() == 49

            # Recommendations: the data courses first, each with one line saying why
            titles = page.locator(".recommendation .card__title").all_inner_texts()
            assert titles[:2] == first_courses
            assert page.locator(".recommendation").count() == 10
            for card in page.locator(".recommendation").all():
                assert card.locator(".recommendation__why").count() == 1
            fits_and_shoot(page, width, f"relevance-gap-{language}{suffix}")

            # Opening the fold shows the other gaps
            others.locator("summary").click()
            assert others.locator("tbody tr").first.is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_for_data_lists_data_courses_first_and_says_what_applies(
    browser, live_server, standard, language
):
    courses_demo.seed(io.StringIO())
    with translation.override(language):
        matched = translation.ngettext(
            "%(counter)s course matches “%(query)s”", "%(counter)s courses match “%(query)s”", 9
        ) % {"counter": 9, "query": "データ"}
        narrowed = translation.ngettext(
            "%(counter)s course matches “%(query)s”", "%(counter)s courses match “%(query)s”", 2
        ) % {"counter": 2, "query": "データ"}
        applied = translation.gettext("%(label)s: %(value)s") % {
            "label": translation.gettext("Role"),
            "value": "データエンジニア" if language == "ja" else "Data Engineer",
        }
        best_match = translation.gettext("Best match")
    for width in WIDTHS:
        suffix = "" if width == 1280 else "-phone"
        with viewing(browser, live_server, width=width, language=language) as page:
            # Typed into the catalogue's search box, whose sort menu read "Newest first"
            page.goto(f"{live_server.url}/courses/")
            assert page.locator("#id_ordering").input_value() == "newest"
            page.locator("input[name=q]").fill("データ")
            page.locator("input[name=q]").press("Enter")
            page.wait_for_url("**q=*")

            # The five courses with データ in the title come first, then the four that say it in the summary
            titles = page.locator(".course-card .card__title").all_inner_texts()
            slugs = [Course.objects.get(**{f"title_{language}": title}).slug for title in titles]
            data_in_title = [("データ" in Course.objects.get(slug=slug).title_ja) for slug in slugs]
            assert data_in_title == [True] * 5 + [False] * 4
            assert page.get_by_role("status").inner_text() == matched
            assert page.locator("#id_ordering").input_value() == "relevance"
            assert page.locator("#id_ordering option[selected]").inner_text() == best_match
            fits_and_shoot(page, width, f"relevance-search-{language}{suffix}")

            # With a role filter the page names it, and its × link removes it
            page.goto(f"{live_server.url}/courses/?q=データ&role=data-engineer")
            assert page.get_by_role("status").inner_text() == narrowed
            chip = page.locator(".catalogue-applied__list li")
            assert chip.count() == 1
            assert chip.first.inner_text().startswith(applied)
            fits_and_shoot(page, width, f"relevance-search-filtered-{language}{suffix}")
            chip.first.locator("a").click()
            page.wait_for_load_state()
            assert page.get_by_role("status").inner_text() == matched
