"""Phones: no page scrolls sideways at 390 px, and the header folds into a menu button.

Screenshots (390 px): phone-home, phone-catalogue, phone-course, phone-role, phone-my-learning,
phone-menu-open and phone-menu-no-script.
"""

import pytest

from .conftest import ARTIFACTS
from .portal import COURSE, PHONE, ROLE, browsing, page_width, populate, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_PAGES = [
    ("home", "/", False),
    ("catalogue", "/courses/", False),
    ("course", f"/courses/{COURSE}/", False),
    ("role", f"/skills/roles/{ROLE}/", False),
    ("my-learning", "/me/learning/", True),
]


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)


def test_no_page_scrolls_sideways_on_a_phone(live_server, standard, browser):
    portal = populate()
    widths = {}
    for signed_in in (False, True):
        with browsing(browser, width=PHONE) as page:
            if signed_in:
                sign_in(page.context, live_server, portal.learner)
            for name, path, needs_learner in PHONE_PAGES:
                if needs_learner != signed_in:
                    continue
                assert page.goto(f"{live_server.url}{path}").status == 200
                _shoot(page, name)
                widths[name] = page_width(page)

    assert widths == {name: PHONE for name, _, _ in PHONE_PAGES}


def test_the_role_matrix_fits_or_scrolls_in_a_named_region_a_keyboard_reaches(live_server, standard, browser):
    with browsing(browser, width=PHONE) as page:
        page.goto(f"{live_server.url}/skills/roles/{ROLE}/")

        region = page.get_by_role("region", name="データエンジニアに求められるスキル")
        assert region.get_attribute("tabindex") == "0"
        # The level scale folds away on phones (it repeats the required level) and every skill stays
        assert page.locator("table.matrix thead .matrix__scale").first.is_hidden()
        assert page.locator("table.matrix tbody tr").count() == 49
        assert (
            page.locator("table.matrix tbody tr", has_text="データ活用基盤設計")
            .locator(".level")
            .is_visible()
        )
        assert page_width(page) == PHONE


def test_the_header_folds_into_a_menu_button_on_a_phone(live_server, standard, browser):
    with browsing(browser, width=PHONE) as page:
        # Given a phone on the home page: the menu button shows and the navigation is folded away
        page.goto(f"{live_server.url}/")
        button = page.get_by_role("button", name="メニュー")
        nav = page.locator(".site-nav")
        assert button.is_visible()
        assert button.get_attribute("aria-expanded") == "false"
        assert button.get_attribute("aria-controls") == "site-menu"
        assert nav.is_hidden()

        # When they press it from the keyboard
        button.focus()
        page.keyboard.press("Enter")

        # Then the navigation, the account links and the language switch show
        assert button.get_attribute("aria-expanded") == "true"
        assert nav.get_by_role("link", name="講座を探す").is_visible()
        assert page.locator(".account-links").get_by_role("link", name="ログイン").is_visible()
        assert page.get_by_label("言語").is_visible()
        _shoot(page, "menu-open")
        assert page_width(page) == PHONE

        # And Escape folds it again and gives the focus back to the button
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false"
        assert nav.is_hidden()
        assert page.evaluate("document.activeElement.getAttribute('aria-controls')") == "site-menu"

        # And a link in the open menu leads to its page
        button.click()
        nav.get_by_role("link", name="スキル標準").click()
        page.wait_for_url(f"{live_server.url}/skills/")
        assert page.get_by_role("heading", level=1).inner_text() == "デジタルスキル標準"


def test_without_javascript_the_navigation_stays_reachable(live_server, standard, browser):
    with browsing(browser, width=PHONE, script=False) as page:
        page.goto(f"{live_server.url}/")

        assert page.locator(".menu-button").is_hidden()
        assert page.locator(".site-nav").get_by_role("link", name="講座を探す").is_visible()
        assert page.locator(".account-links").get_by_role("link", name="ログイン").is_visible()
        _shoot(page, "menu-no-script")
        assert page_width(page) == PHONE


def test_on_a_desktop_the_navigation_shows_and_the_menu_button_does_not(live_server, standard, page):
    page.goto(f"{live_server.url}/")

    assert page.locator(".menu-button").is_hidden()
    assert (
        page.get_by_role("navigation", name="メインナビゲーション")
        .get_by_role("link", name="講座を探す")
        .is_visible()
    )
