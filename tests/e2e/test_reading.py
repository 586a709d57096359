"""Reading fixes (issue #14) in the browser: Japanese headings wrap between phrases, the My skills
matrix fits a phone in a captioned region, and the role matrix's dots sit level with their row."""

import pytest

from .portal import PHONE, ROLE, browsing, page_width, populate, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORD_BREAK = "element => getComputedStyle(element).wordBreak"


def test_japanese_headings_and_card_titles_wrap_between_phrases(live_server, standard, browser):
    populate()
    with browsing(browser, width=PHONE) as page:
        page.goto(f"{live_server.url}/courses/")

        # Then the page's heading, its card titles and its table headers use phrase breaking
        assert page.locator("h1").evaluate(WORD_BREAK) == "auto-phrase"
        assert page.locator(".card__title").first.evaluate(WORD_BREAK) == "auto-phrase"
        assert page.locator("p.lead").evaluate(WORD_BREAK) == "normal"  # body text wraps as before
        assert page_width(page) == PHONE

    with browsing(browser, width=PHONE, language="en") as page:
        page.goto(f"{live_server.url}/courses/")

        # English headings keep the normal rule; a Japanese part inside one would take phrases
        assert page.locator("h1").evaluate(WORD_BREAK) == "normal"
        page.locator(".card__title a").first.evaluate("a => a.setAttribute('lang', 'ja')")
        assert page.locator(".card__title a").first.evaluate(WORD_BREAK) == "auto-phrase"


def test_my_skills_matrix_fits_a_phone_in_a_captioned_region(live_server, standard, browser):
    portal = populate()
    with browsing(browser, width=PHONE) as page:
        sign_in(page.context, live_server, portal.learner)
        page.goto(f"{live_server.url}/me/skills/")

        region = page.get_by_role("region", name="データエンジニアに求められるスキル")
        assert region.get_attribute("tabindex") == "0"
        # The compact matrix: its three columns fit, nothing scrolls sideways, every select is seen
        table = region.locator("table")
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth") is True
        assert page_width(page) == PHONE
        last_select = region.locator("select").last
        box, region_box = last_select.bounding_box(), region.bounding_box()
        assert box["x"] + box["width"] <= region_box["x"] + region_box["width"]


def test_the_role_matrix_dots_are_centred_on_their_row(live_server, standard, browser):
    with browsing(browser, width=1280) as page:
        page.goto(f"{live_server.url}/skills/roles/{ROLE}/")

        row = page.locator("table.matrix tbody tr", has=page.locator(".matrix__dot")).first
        dot, badge = row.locator(".matrix__dot").first.bounding_box(), row.locator("td .level").bounding_box()

        # Then the dot's middle is level with the required-level badge's middle (to a pixel)
        assert abs((dot["y"] + dot["height"] / 2) - (badge["y"] + badge["height"] / 2)) <= 1
