"""The course catalogue in a real browser: search, filter by role, open a course."""

import io

import pytest

from courses import demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_filter_and_open_a_course(live_server, standard, page, screenshot):
    # Given the demo catalogue, and a browser that prefers Japanese
    demo.seed(io.StringIO())

    # When the learner opens the catalogue from the header
    page.goto(f"{live_server.url}/skills/")
    page.get_by_role("navigation", name="メインナビゲーション").get_by_role("link", name="講座を探す").click()

    # Then every published course is counted and the first page shows twelve
    assert page.get_by_role("heading", level=1).inner_text() == "講座を探す"
    assert page.get_by_role("status").filter(has_text="件の講座").inner_text() == "33件の講座が見つかりました"
    assert page.locator(".course-card").count() == 12
    screenshot("catalogue-ja")

    # When they search for a keyword
    page.get_by_label("キーワード").fill("データ")
    page.get_by_role("button", name="検索", exact=True).click()

    # Then only matching courses remain, and the keyword stays in the box
    assert "q=%E3%83%87%E3%83%BC%E3%82%BF" in page.url
    assert page.get_by_label("キーワード").input_value() == "データ"
    found = page.locator(".course-card").count()
    assert 1 < found < 12

    # When they also filter by a role
    page.get_by_label("ロール").select_option(label="データエンジニア")
    page.get_by_role("button", name="絞り込む").click()

    # Then only the data engineer's courses that mention the keyword are listed
    titles = page.locator(".course-card .card__title").all_inner_texts()
    assert sorted(titles) == sorted(["クラウドで作るデータ基盤とパイプライン", "SQLとデータモデリングの基礎"])
    for card in page.locator(".course-card").all():
        assert "データエンジニア" in card.locator(".course-roles").inner_text()

    # When they open a course
    page.get_by_role("link", name="クラウドで作るデータ基盤とパイプライン").click()

    # Then the course page shows its facts, the roles and skills of the standard, and its outline
    assert page.get_by_role("heading", level=1).inner_text() == "クラウドで作るデータ基盤とパイプライン"
    assert page.get_by_role("heading", name="この講座で身につくロールとスキル").is_visible()
    assert page.locator(".standard-list li").first.locator(".level").inner_text() == "b"
    assert page.locator(".facts-table").get_by_text("¥140,000").is_visible()
    assert page.locator(".outline__module").count() == 3
    screenshot("course-ja")


def test_an_unknown_filter_value_shows_an_error(live_server, standard, page):
    page.goto(f"{live_server.url}/courses/?prefecture=99")

    assert (
        page.get_by_role("alert")
        .inner_text()
        .endswith("都道府県「99」：正しく選択してください。 99 は候補にありません。")
    )
