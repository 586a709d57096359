"""Keyword search ranks by relevance: title matches before summary-only matches, then the chosen
ordering; without a keyword the catalogue stays newest first. The page and the API agree."""

import io
import re

import pytest
from django.db import connection
from django.test import Client

from courses import demo
from courses.selectors import course_list

from .factories import CourseFactory, course_target

pytestmark = pytest.mark.django_db


def slugs(courses) -> list[str]:
    return [course.slug for course in courses]


@pytest.fixture
def data_search():
    """Created oldest first, so "newest first" would list the summary-only match first."""
    CourseFactory.create(slug="title-ja", title_ja="データ基盤の設計", title_en="", price_yen=50000)
    CourseFactory.create(slug="title-en", title_ja="基盤設計", title_en="Data platforms", price_yen=30000)
    CourseFactory.create(
        slug="summary", title_ja="個人情報保護", title_en="", summary_ja="データを守るための規程", price_yen=0
    )
    CourseFactory.create(slug="other", title_ja="デザイン入門", title_en="")


def test_a_keyword_puts_title_matches_before_summary_only_matches(data_search):
    # "Data" matches title_en of one course case-insensitively, like データ in the Japanese title
    assert slugs(course_list(query="データ")) == ["title-ja", "summary"]
    assert slugs(course_list(query="data")) == ["title-en"]
    assert slugs(course_list(query="データ", ordering="relevance")) == ["title-ja", "summary"]


def test_within_the_same_relevance_newest_comes_first():
    CourseFactory.create(slug="older", title_ja="データ分析入門")
    CourseFactory.create(slug="newer", title_ja="データ活用入門")
    CourseFactory.create(slug="summary", title_ja="統計", summary_ja="データを読む")

    assert slugs(course_list(query="データ")) == ["newer", "older", "summary"]


def test_a_title_match_on_more_terms_ranks_higher():
    CourseFactory.create(slug="both-in-title", title_ja="クラウドとデータ基盤")
    CourseFactory.create(slug="one-in-title", title_ja="クラウド入門", summary_ja="データの保管")
    CourseFactory.create(slug="both-in-summary", title_ja="入門", summary_ja="クラウドとデータ")

    assert slugs(course_list(query="データ クラウド")) == ["both-in-title", "one-in-title", "both-in-summary"]


def test_a_chosen_ordering_overrides_relevance(data_search):
    assert slugs(course_list(query="データ", ordering="price")) == ["summary", "title-ja"]


def test_without_a_keyword_the_default_stays_newest_and_relevance_means_newest(data_search):
    newest = ["other", "summary", "title-en", "title-ja"]

    assert slugs(course_list()) == newest
    assert slugs(course_list(ordering="relevance")) == newest


@pytest.mark.postgres
def test_on_postgresql_the_full_text_rank_orders_within_title_matches():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    CourseFactory.create(
        slug="pipelines-in-summary-too",
        title_ja="基盤",
        title_en="Pipelines",
        summary_en="Pipelines for batch data: design pipelines that last.",
    )
    CourseFactory.create(slug="pipelines-in-title", title_ja="基盤2", title_en="Pipelines")
    CourseFactory.create(slug="summary-only", title_ja="運用", summary_en="Operate pipelines")

    # Same substring tier for the first two; SearchRank (titles A, summaries B) breaks the tie
    # in favour of the course that names the term more often, whatever their age.
    assert slugs(course_list(query="pipelines")) == [
        "pipelines-in-summary-too",
        "pipelines-in-title",
        "summary-only",
    ]


def test_the_demo_catalogue_lists_data_courses_first_for_data(standard):
    # Given the demo catalogue: nine courses mention データ, five of them in the title
    demo.seed(io.StringIO())

    found = list(course_list(query="データ"))

    # Then the five data courses come first (newest first put privacy, IoT, back-end and web first)
    assert [("データ" in course.title_ja) for course in found] == [True] * 5 + [False] * 4
    assert sorted(slugs(found[:5])) == sorted(
        [
            "cloud-data-pipelines",
            "data-ai-strategy-for-leaders",
            "kpi-design-data-driven",
            "sql-data-modelling-basics",
            "statistics-with-python",
        ]
    )


def card_titles(response) -> list[str]:
    return re.findall(
        r'<h2 class="card__title"><a href="[^"]+"(?: lang="ja")?>([^<]+)</a></h2>', response.content.decode()
    )


@pytest.fixture
def english_client() -> Client:
    return Client(headers={"accept-language": "en"})


def test_the_page_sorts_a_keyword_by_best_match_and_says_what_matched(english_client, data_search, standard):
    response = english_client.get("/courses/", {"q": "データ"})

    html = response.content.decode()
    assert card_titles(response) == ["データ基盤の設計", "個人情報保護"]
    assert "2 courses match “データ”" in html
    assert '<option value="relevance" selected>Best match</option>' in html
    assert "No filters applied: every published course was searched." in html


def test_the_page_lists_the_filters_in_force_with_links_that_remove_them(
    english_client, data_search, standard
):
    course_target(CourseFactory.create(slug="engineer", title_ja="データ工学", title_en=""), "data-engineer")

    response = english_client.get(
        "/courses/", {"q": "データ", "role": "data-engineer", "free": "false", "page": "1"}
    )

    html = response.content.decode()
    assert card_titles(response) == ["データ工学"]
    assert "1 course matches “データ”" in html
    assert "Role: Data Engineer" in html
    assert "Price: Paid" in html
    assert (
        '<a href="?q=%E3%83%87%E3%83%BC%E3%82%BF&amp;free=false" class="catalogue-applied__remove">' in html
    )
    assert (
        '<a href="?q=%E3%83%87%E3%83%BC%E3%82%BF&amp;role=data-engineer" class="catalogue-applied__remove">'
        in html
    )


def test_without_a_keyword_the_page_sorts_newest_first(english_client, data_search, standard):
    response = english_client.get("/courses/")

    html = response.content.decode()
    assert card_titles(response) == ["デザイン入門", "個人情報保護", "Data platforms", "データ基盤の設計"]
    assert '<option value="newest" selected>Newest first</option>' in html
    assert "4 courses found" in html


def test_the_api_ranks_a_keyword_by_relevance_too(data_search):
    from rest_framework.test import APIClient

    api = APIClient()

    default = api.get("/api/v1/courses/", {"q": "データ"}).json()
    chosen = api.get("/api/v1/courses/", {"q": "データ", "ordering": "price"}).json()
    plain = api.get("/api/v1/courses/").json()

    assert [course["slug"] for course in default["results"]] == ["title-ja", "summary"]
    assert default["count"] == 2
    assert [course["slug"] for course in chosen["results"]] == ["summary", "title-ja"]
    assert [course["slug"] for course in plain["results"]] == ["other", "summary", "title-en", "title-ja"]


def test_a_keyword_typed_into_the_catalogue_sorts_by_best_match(english_client, data_search, standard):
    # given the catalogue without a keyword, whose sort menu shows "Newest first"
    first = english_client.get("/courses/").content.decode()
    assert '<input type="hidden" name="searched" value="">' in first

    # when the visitor types データ and presses Enter: the form also sends the menu's "newest"
    response = english_client.get(
        "/courses/", {"q": "データ", "searched": "", "ordering": "newest", "hr_type": "", "free": ""}
    )

    # then a new keyword sorts by best match, as the menu now says
    html = response.content.decode()
    assert card_titles(response) == ["データ基盤の設計", "個人情報保護"]
    assert '<option value="relevance" selected>Best match</option>' in html
    assert '<input type="hidden" name="searched" value="データ">' in html


def test_an_order_chosen_for_the_same_keyword_is_kept(english_client, data_search, standard):
    # when the visitor, having searched データ, picks "Newest first" and presses Sort
    response = english_client.get("/courses/", {"q": "データ", "searched": "データ", "ordering": "newest"})

    # then the keyword is unchanged, so the chosen order applies
    assert card_titles(response) == ["個人情報保護", "データ基盤の設計"]
    assert '<option value="newest" selected>Newest first</option>' in response.content.decode()


def test_a_changed_keyword_sorts_by_best_match_again(english_client, data_search, standard):
    response = english_client.get("/courses/", {"q": "データ", "searched": "デザイン", "ordering": "newest"})

    assert card_titles(response) == ["データ基盤の設計", "個人情報保護"]
