"""Reading fixes (issue #14): the catalogue's search hint, Japanese-only content marked lang="ja" on
English pages (WCAG 3.1.2), and the course page's byline."""

import pytest

from .factories import CourseFactory, ProviderFactory, course_target

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


def test_the_search_hint_is_one_language_a_sentence_of_the_page(client, standard):
    # When an English visitor opens the catalogue
    html = client.get("/courses/", headers=ENGLISH).content.decode()

    # Then the search hint is English throughout
    assert 'placeholder="e.g. data analysis, Python, security"' in html
    assert "データ分析" not in html


def test_on_english_pages_only_the_japanese_only_content_is_marked_japanese(client, standard):
    # Given a course known only in Japanese and one with English names
    japanese = CourseFactory.create(
        title_ja="日本語だけの講座",
        title_en="",
        provider=ProviderFactory.create(name_ja="日本語の会社", name_en=""),
    )
    course_target(japanese, "data-engineer", "b")
    CourseFactory.create(title_ja="英語名のある講座", title_en="A course with an English title")

    # When an English visitor opens the catalogue
    html = client.get("/courses/", headers=ENGLISH).content.decode()

    # Then the Japanese-only title and provider carry lang="ja", the English ones do not
    assert f'<a href="/courses/{japanese.slug}/" lang="ja">日本語だけの講座</a>' in html
    assert '<p class="card__meta muted" lang="ja">日本語の会社</p>' in html
    assert '">A course with an English title</a>' in html
    assert '<p class="card__meta muted">Provider ' in html
    # and a role the standard names in English is not marked
    assert "</span> <span>Data Engineer</span></li>" in html


def test_japanese_pages_mark_no_part_japanese(client, standard):
    CourseFactory.create(title_ja="日本語だけの講座", title_en="")

    html = client.get("/courses/", headers={"accept-language": "ja"}).content.decode()

    assert 'lang="ja">日本語だけの講座' not in html


@pytest.mark.parametrize(
    ("name_en", "byline"),
    [
        ("Minato University", "Offered by Minato University"),
        ("", "Offered by みなと大学"),
    ],
)
def test_the_course_page_names_its_provider_in_a_byline_with_its_kind_as_a_tag(
    client, standard, name_en, byline
):
    # Given a course offered by a university
    course = CourseFactory.create(
        provider=ProviderFactory.create(name_ja="みなと大学", name_en=name_en, kind="university")
    )

    # When an English visitor opens it
    html = client.get(f"/courses/{course.slug}/", headers=ENGLISH).content.decode()

    # Then the provider reads as a byline and its kind as a tag beside it, not in brackets
    assert (
        f'<p class="course-provider">{byline}\n  <span class="course-provider__kind">University</span></p>'
        in html
    )
    assert "(University)" not in html
