"""Every page at both widths and in both languages; phones: no page scrolls sideways at 390 px,
and the header folds into a menu button.

Screenshots `test-artifacts/<language>-<width>-<page>.png` of every page a visitor, a learner and a
ministry viewer reach from the header, in Japanese and English at 1280 and 390 px; phone-menu-open
and phone-menu-no-script.
"""

import io

import pytest
from django.utils import translation

from core.models import User
from courses import demo as courses_demo
from learners import demo as learners_demo

from .conftest import ARTIFACTS
from .portal import DESKTOP, LEARNER, PAGES, PHONE, ROLE, browsing, page_width, populate, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_fits_its_width_in_each_language(live_server, standard, browser, language):
    portal = populate()
    people = {"learner": portal.learner, "viewer": portal.viewer}
    widths, langs = {}, {}
    for width in (DESKTOP, PHONE):
        for who in (None, "learner", "viewer"):
            with browsing(browser, width=width, language=language) as page:
                if who:
                    sign_in(page.context, live_server, people[who])
                for name, path, owner in PAGES:
                    if owner != who:
                        continue
                    assert page.goto(f"{live_server.url}{path}").status == 200, (name, page.url)
                    _shoot(page, f"{language}-{width}-{name}")
                    widths[name, width] = page_width(page)
                    langs[name, width] = page.locator("html").get_attribute("lang")

    assert widths == {(name, width): width for name, _, _ in PAGES for width in (DESKTOP, PHONE)}
    assert set(langs.values()) == {language}


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


GAP_TABLE_LAYOUT = """() => {
  const em = parseFloat(getComputedStyle(document.documentElement).fontSize);
  document.querySelectorAll("details").forEach((details) => { details.open = true; });
  const rows = [...document.querySelectorAll(".gap-table tbody tr")];
  const cells = rows.flatMap((row) => [...row.children]);
  const first = rows[0].querySelectorAll("td");
  return {
    rows: rows.length,
    displays: [...new Set(rows.map((row) => getComputedStyle(row).display))],
    narrowest_em: Math.floor(Math.min(...cells.map((cell) => cell.getBoundingClientRect().width)) / em),
    labels: [...first].map((cell) => getComputedStyle(cell, "::before").content),
    header_shown: [...document.querySelectorAll(".gap-table thead")].some((head) => head.offsetHeight > 1),
  };
}"""


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_gap_table_stacks_each_row_as_a_card_on_a_phone(live_server, standard, browser, language):
    # Given the demo data engineer (learner3), whose gap page lists all 49 skills
    quiet = io.StringIO()
    courses_demo.seed(quiet)
    learners_demo.seed(quiet)
    learner = User.objects.get(email=LEARNER)
    with translation.override(language):
        labels = [
            f'"{translation.gettext(text)}"'
            for text in ("Required", "Self-assessed", "From completed courses", "Gap")
        ]
    layouts = {}
    for width in (DESKTOP, PHONE):
        with browsing(browser, width=width, language=language) as page:
            sign_in(page.context, live_server, learner)

            # When they open the page with every fold open
            page.goto(f"{live_server.url}/me/skills/gap/")
            layouts[width] = page.evaluate(GAP_TABLE_LAYOUT)
            layouts[width]["page_width"] = page_width(page)
            if width == PHONE:
                _shoot(page, f"{language}-{width}-skill-gap-cards")

    # Then a desktop keeps the table; a phone stacks each row as a card whose cells are each at least
    # 8em wide (they wrapped a character or two a line) and named by their column, with no sideways scroll
    assert layouts[DESKTOP] == {
        "rows": 49, "displays": ["table-row"], "narrowest_em": layouts[DESKTOP]["narrowest_em"],
        "labels": ["none"] * 4, "header_shown": True, "page_width": DESKTOP,
    }  # fmt: skip
    assert layouts[DESKTOP]["narrowest_em"] >= 4
    assert layouts[PHONE] == {
        "rows": 49, "displays": ["grid"], "narrowest_em": layouts[PHONE]["narrowest_em"],
        "labels": labels, "header_shown": False, "page_width": PHONE,
    }  # fmt: skip
    assert layouts[PHONE]["narrowest_em"] >= 8


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
        _shoot(page, "phone-menu-open")
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
        _shoot(page, "phone-menu-no-script")
        assert page_width(page) == PHONE


def test_on_a_desktop_the_navigation_shows_and_the_menu_button_does_not(live_server, standard, page):
    page.goto(f"{live_server.url}/")

    assert page.locator(".menu-button").is_hidden()
    assert (
        page.get_by_role("navigation", name="メインナビゲーション")
        .get_by_role("link", name="講座を探す")
        .is_visible()
    )
