"""The skill standard pages in a real browser, in Japanese and in English."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_skill_standard_in_japanese_then_english(live_server, standard, page, screenshot):
    # Given the standard with its provisional matrix, and a browser that prefers Japanese
    # When the learner opens /skills/
    page.goto(f"{live_server.url}/skills/")

    # Then the five types and their roles show in Japanese
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text() == "デジタルスキル標準"
    assert page.locator(".card__title").all_inner_texts() == [
        "ビジネスアーキテクト", "デザイナー", "データサイエンティスト", "ソフトウェアエンジニア", "サイバーセキュリティ",
    ]  # fmt: skip
    assert page.locator(".role-list li").count() == 15
    screenshot("skills-index-ja")

    # When they open a role
    page.get_by_role("link", name="データエンジニア").click()

    # Then its matrix lists every skill with a level, and says the levels are provisional
    assert page.get_by_role("heading", level=1).inner_text() == "データエンジニア"
    assert page.locator("table.matrix tbody tr").count() == 49
    assert page.get_by_text("暫定のレベル").is_visible()
    assert (
        page.locator("table.matrix tbody tr", has_text="データ活用基盤設計").locator(".level").inner_text()
        == "a"
    )
    screenshot("skills-role-ja")

    # When they switch the language to English with the header's switch
    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="切り替え").click()

    # Then the same role page is in English
    page.wait_for_selector("html[lang=en]")
    assert page.get_by_role("heading", level=1).inner_text() == "Data Engineer"
    assert page.get_by_text("Provisional levels").is_visible()
    screenshot("skills-role-en")

    # And the index is in English too
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Skill standard").click()
    assert page.locator(".card__title").first.inner_text() == "Business Architect"
    screenshot("skills-index-en")


def test_version_switch_shows_the_v2_skill_list(live_server, standard, page):
    page.goto(f"{live_server.url}/skills/common-skills/")
    page.get_by_label("標準のバージョン").select_option("dss-p-2.0")
    page.get_by_role("button", name="表示").click()

    assert "version=dss-p-2.0" in page.url
    assert page.locator(".skill-list li").count() == 67


def test_keyboard_focus_is_visible(live_server, standard, page):
    page.goto(f"{live_server.url}/skills/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="本文へ移動")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
