from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation

from courses.models import Course
from courses.selectors import course_get, course_list

from .factories import CourseFactory, LessonFactory, ModuleFactory, course_skill, course_target

pytestmark = pytest.mark.django_db


def slugs(courses) -> list[str]:
    return [course.slug for course in courses]


def test_only_published_courses_are_listed():
    CourseFactory.create(slug="open")
    CourseFactory.create(slug="draft", is_published=False)

    assert slugs(course_list()) == ["open"]


def test_search_matches_japanese_text_in_titles_and_summaries():
    CourseFactory.create(slug="title", title_ja="Pythonではじめるデータ分析")
    CourseFactory.create(slug="summary", title_ja="統計入門", summary_ja="表計算とデータ分析の基礎")
    CourseFactory.create(slug="other", title_ja="セキュリティ入門")

    assert slugs(course_list(query="データ分析", ordering="title")) == ["title", "summary"]


def test_search_matches_english_text_ignoring_case():
    CourseFactory.create(slug="english-title", title_ja="機械学習", title_en="Machine Learning Lab")
    CourseFactory.create(slug="english-summary", title_ja="統計", summary_en="Hands-on MACHINE learning")
    CourseFactory.create(slug="other", title_ja="デザイン", title_en="Design")

    assert slugs(course_list(query="machine", ordering="title")) == ["english-title", "english-summary"]


def test_search_needs_every_term_and_splits_on_full_width_spaces():
    CourseFactory.create(slug="both", title_ja="クラウドとデータ基盤")
    CourseFactory.create(slug="one", title_ja="クラウド入門")

    assert slugs(course_list(query="クラウド\u3000データ")) == ["both"]


def test_a_blank_query_lists_everything():
    CourseFactory.create(slug="a")

    assert slugs(course_list(query="   ")) == ["a"]


@pytest.mark.postgres
def test_search_on_postgresql_combines_full_text_and_japanese_substrings():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    CourseFactory.create(slug="english", title_ja="機械学習", summary_en="Deploying models to production")
    CourseFactory.create(slug="japanese", title_ja="本番環境へのモデルのデプロイ")
    CourseFactory.create(slug="other", title_ja="デザイン", summary_en="Colour and type")

    assert slugs(course_list(query="models production")) == ["english"]
    assert slugs(course_list(query="デプロイ")) == ["japanese"]


@pytest.fixture
def catalogue(standard):
    """Four published courses that differ in every filtered attribute, and one draft."""
    data = CourseFactory.create(
        slug="data", level=Course.Level.ADVANCED, price_yen=0, format=Course.Format.ONLINE,
        language=Course.Language.ENGLISH,
    )  # fmt: skip
    course_target(data, "data-engineer", "a")
    course_skill(data, "data-platform-design", "a")
    design = CourseFactory.create(
        slug="design", level=Course.Level.BEGINNER, price_yen=5000, format=Course.Format.IN_PERSON,
        prefecture="13",
    )  # fmt: skip
    course_target(design, "ux-ui-designer", "c")
    course_skill(design, "design-spec", "c")
    security = CourseFactory.create(
        slug="security", level=Course.Level.INTERMEDIATE, price_yen=30000, format=Course.Format.HYBRID,
        prefecture="27",
    )  # fmt: skip
    course_target(security, "cybersecurity-manager", "b")
    course_target(security, "cybersecurity-engineer", "b")
    course_skill(security, "security-mgmt", "b")
    CourseFactory.create(slug="untargeted", level=Course.Level.BEGINNER, price_yen=0)
    draft = CourseFactory.create(slug="draft", is_published=False, price_yen=0)
    course_target(draft, "data-engineer", "b")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"role": "data-engineer"}, ["data"]),
        ({"role": "cybersecurity-engineer"}, ["security"]),
        ({"hr_type": "cybersecurity"}, ["security"]),
        ({"hr_type": "designer"}, ["design"]),
        ({"category": "security"}, ["security"]),
        ({"category": "data-utilization"}, ["data"]),
        ({"level": "beginner"}, ["design", "untargeted"]),
        ({"is_free": True}, ["data", "untargeted"]),
        ({"is_free": False}, ["design", "security"]),
        ({"format": "hybrid"}, ["security"]),
        ({"prefecture": "13"}, ["design"]),
        ({"language": "en"}, ["data"]),
        ({"language": "ja", "is_free": True}, ["untargeted"]),
        ({}, ["data", "design", "security", "untargeted"]),
    ],
)
def test_each_filter(catalogue, filters, expected):
    assert slugs(course_list(ordering="title", **filters)) == expected


def test_a_course_with_two_matching_roles_is_listed_once(catalogue):
    assert slugs(course_list(hr_type="cybersecurity")) == ["security"]


def test_orderings():
    CourseFactory.create(slug="b-long", title_ja="い", title_en="Zeta", hours=Decimal("30"), price_yen=100)
    CourseFactory.create(
        slug="a-short", title_ja="う", title_en="Alpha", hours=Decimal("2.5"), price_yen=9000
    )
    CourseFactory.create(slug="c-mid", title_ja="あ", title_en="", hours=Decimal("10"), price_yen=0)

    assert slugs(course_list(ordering="newest")) == ["c-mid", "a-short", "b-long"]
    assert slugs(course_list(ordering="hours")) == ["a-short", "c-mid", "b-long"]
    assert slugs(course_list(ordering="price")) == ["c-mid", "b-long", "a-short"]
    with translation.override("ja"):
        assert slugs(course_list(ordering="title")) == ["c-mid", "b-long", "a-short"]
    with translation.override("en"):
        # No English title: the Japanese one sorts after the Latin ones.
        assert slugs(course_list(ordering="title")) == ["a-short", "b-long", "c-mid"]


def test_course_list_prefetches_provider_and_roles(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = [
            (
                course.provider.name,
                [(t.role.name, t.role.hr_type.name, t.level.slug) for t in course.course_roles.all()],
            )
            for course in course_list()
        ]

    assert len(rows) == 4


def test_course_get_prefetches_the_whole_course(standard, django_assert_num_queries):
    course = CourseFactory.create(slug="full")
    course_target(course, "data-engineer")
    course_skill(course, "data-platform-design")
    module = ModuleFactory.create(course=course)
    LessonFactory.create(module=module)
    LessonFactory.create(module=module)

    with django_assert_num_queries(5):
        found = course_get(slug="full")
        outline = [(m.title, [lesson.title for lesson in m.lessons.all()]) for m in found.modules.all()]
        skills = [(s.skill.subcategory.category.name, s.level.slug) for s in found.course_skills.all()]
        roles = [(t.role.hr_type.name, t.level.name) for t in found.course_roles.all()]

    assert (len(outline[0][1]), len(skills), len(roles)) == (2, 1, 1)


def test_course_get_hides_unpublished_and_unknown_courses():
    CourseFactory.create(slug="draft", is_published=False)

    assert course_get(slug="draft") is None
    assert course_get(slug="missing") is None
