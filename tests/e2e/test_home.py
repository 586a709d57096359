"""The home page in a real browser, in Japanese and English, at desktop and phone widths.

Screenshots: home-ja-1280, home-ja-390, home-en-1280, home-en-390.
"""

import re

import pytest

from reports.disclosure import SUPPRESSED
from reports.selectors import national_figure
from reports.templatetags.reports_tags import people

from .conftest import ARTIFACTS
from .portal import DESKTOP, PHONE, browsing, page_width, populate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_visitor_reads_the_national_figure_and_finds_a_way_in(live_server, standard, browser):
    # Given the populated portal after a rollup run
    populate()
    figure = national_figure()
    assert figure.total != SUPPRESSED

    with browsing(browser, width=DESKTOP) as page:
        # When a visitor whose browser prefers Japanese opens the home page
        page.goto(f"{live_server.url}/")

        # Then they read the protected national figure, the target and the share of it
        assert page.locator("html").get_attribute("lang") == "ja"
        assert page.get_by_role("heading", level=1).inner_text() == "日本のDXに必要なスキルを身につける"
        assert page.locator("#home-total .home-figure__number").inner_text() == people(figure.total)
        assert "2,300,000" in page.locator("#home-target").inner_text()
        assert page.locator("#home-percent").inner_text().count(f"{figure.percent_shown}%") == 1
        assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page.locator("#home-updated").inner_text())
        # And the five types with their fifteen roles, the courses and the upcoming events
        assert page.locator(".home-type").count() == 5
        assert page.locator(".home-type__roles a").count() == 15
        assert page.locator("#featured-courses .course-card").count() == 4
        assert page.locator("#new-courses .course-card").count() == 4
        assert page.locator("#home-events .home-event").count() == 4
        _shoot(page, "home-ja-1280")

        # When they open a role from its type
        page.locator(".home-type__roles").get_by_role("link", name="データエンジニア").click()

        # Then the role's page opens
        page.wait_for_url(re.compile(r"/skills/roles/data-engineer/$"))
        assert page.get_by_role("heading", level=1).inner_text() == "データエンジニア"

        # When they come back and follow a type's courses
        page.go_back()
        page.locator("a[href='/courses/?hr_type=data-scientist']").click()

        # Then the catalogue opens filtered by that type
        page.wait_for_url(re.compile(r"/courses/\?hr_type=data-scientist$"))
        assert page.locator("#id_hr_type").input_value() == "data-scientist"

        # When they come back and open the first upcoming event
        page.go_back()
        title = page.locator(".home-event__title a").first.inner_text()
        page.locator(".home-event__title a").first.click()

        # Then the event's page opens
        page.wait_for_url(re.compile(r"/consortia/events/[0-9a-f-]+/$"))
        assert page.get_by_role("heading", level=1).inner_text() == title

        # When they switch to English from the header
        page.goto(f"{live_server.url}/")
        page.locator("#language-select").select_option("en")
        page.locator(".language-switch button[type=submit]").click()

        # Then the home page is in English
        page.wait_for_selector("html[lang=en]")
        assert page.get_by_role("heading", name="Find your role").is_visible()
        assert page.locator("#home-total .home-figure__number").inner_text() == people(figure.total)

    with browsing(browser, width=PHONE) as page:
        page.goto(f"{live_server.url}/")
        _shoot(page, "home-ja-390")
        assert page_width(page) == PHONE

    for width in (DESKTOP, PHONE):
        with browsing(browser, width=width, language="en") as page:
            page.goto(f"{live_server.url}/")
            assert (
                page.get_by_role("heading", level=1).inner_text()
                == "Grow the skills Japan's digital transformation needs"
            )
            _shoot(page, f"home-en-{width}")
            assert page_width(page) == width
