import pytest
from django.conf import settings
from rest_framework.test import APIClient

from courses.models import Course
from tests.courses.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    ProviderFactory,
    course_skill,
    course_target,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def slugs(response) -> list[str]:
    return [course["slug"] for course in response.json()["results"]]


def test_the_list_is_public_and_describes_each_course(api, standard):
    provider = ProviderFactory.create(
        slug="academy", name_ja="アカデミー", name_en="Academy", url="https://example.jp/a"
    )
    course = CourseFactory.create(
        slug="pipelines", title_ja="データ基盤", title_en="Data Platforms", provider=provider, hours="12.5",
        price_yen=0, format=Course.Format.HYBRID, prefecture="40", starts_on="2027-04-01", ends_on="2027-04-30",
    )  # fmt: skip
    course_target(course, "data-engineer", "b")

    response = api.get("/api/v1/courses/")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    assert body["results"] == [
        {
            "slug": "pipelines",
            "uuid": str(course.uuid),
            "title": "データ基盤",
            "title_ja": "データ基盤",
            "title_en": "Data Platforms",
            "provider": {
                "slug": "academy", "name": "アカデミー", "name_ja": "アカデミー", "name_en": "Academy",
                "kind": "training_company", "url": "https://example.jp/a",
            },
            "format": "hybrid",
            "hours": 12.5,
            "price_yen": 0,
            "is_free": True,
            "language": "ja",
            "level": "beginner",
            "prefecture": "40",
            "prefecture_name": "福岡県",
            "starts_on": "2027-04-01",
            "ends_on": "2027-04-30",
            "roles": [
                {
                    "role": "data-engineer", "role_name": "データエンジニア", "hr_type": "data-scientist",
                    "level": "b", "level_name": "一定の実践力と専門性が必要",
                }
            ],
            "activity_iri": f"{settings.PLATFORM_BASE_URL}/xapi/activities/courses/{course.uuid}",
        }
    ]  # fmt: skip


def test_english_is_served_on_request(api, standard):
    course = CourseFactory.create(title_ja="データ基盤", title_en="Data Platforms", prefecture=None)
    course_target(course, "data-engineer")

    result = api.get("/api/v1/courses/", headers={"accept-language": "en"}).json()["results"][0]

    assert (result["title"], result["roles"][0]["role_name"]) == ("Data Platforms", "Data Engineer")


@pytest.fixture
def catalogue(standard):
    engineer = CourseFactory.create(
        slug="engineer", title_ja="データ基盤", hours="30", price_yen=50000, level=Course.Level.ADVANCED,
        format=Course.Format.IN_PERSON, prefecture="13",
    )  # fmt: skip
    course_target(engineer, "data-engineer", "a")
    course_skill(engineer, "data-platform-design", "a")
    designer = CourseFactory.create(
        slug="designer", title_ja="UX入門", title_en="Intro to UX", hours="6", price_yen=0,
        language=Course.Language.ENGLISH,
    )  # fmt: skip
    course_target(designer, "ux-ui-designer", "c")
    course_skill(designer, "design-spec", "c")
    draft = CourseFactory.create(slug="draft", is_published=False, price_yen=0)
    course_target(draft, "data-engineer")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("role=data-engineer", ["engineer"]),
        ("hr_type=designer", ["designer"]),
        ("category=data-utilization", ["engineer"]),
        ("level=advanced", ["engineer"]),
        ("free=true", ["designer"]),
        ("free=false", ["engineer"]),
        ("format=in_person", ["engineer"]),
        ("prefecture=13", ["engineer"]),
        ("language=en", ["designer"]),
        ("q=ux", ["designer"]),
        ("q=データ", ["engineer"]),
        ("ordering=hours", ["designer", "engineer"]),
        ("ordering=price", ["designer", "engineer"]),
        ("ordering=title", ["designer", "engineer"]),
        ("", ["designer", "engineer"]),
    ],
)
def test_filters_and_ordering(api, catalogue, query, expected):
    response = api.get(f"/api/v1/courses/?{query}")

    assert response.status_code == 200
    assert slugs(response) == expected


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("role", "astronaut"),
        ("hr_type", "wizard"),
        ("category", "magic"),
        ("level", "expert"),
        ("free", "maybe"),
        ("format", "carrier-pigeon"),
        ("prefecture", "48"),
        ("language", "fr"),
        ("ordering", "popularity"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, standard, parameter, value):
    response = api.get("/api/v1/courses/", {parameter: value}, headers={"accept-language": "en"})

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Validation error"
    assert list(body["extra"]["fields"]) == [parameter]
    assert body["extra"]["fields"][parameter][0].startswith("Select a valid choice.")


def test_the_list_is_paginated(api, standard):
    for number in range(3):
        CourseFactory.create(slug=f"course-{number}")

    body = api.get("/api/v1/courses/", {"page_size": 2, "ordering": "title"}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/v1/courses/?ordering=title&page=2&page_size=2"


def test_the_list_runs_a_fixed_number_of_queries(api, standard, django_assert_max_num_queries):
    for _ in range(15):
        course = CourseFactory.create()
        course_target(course, "data-engineer")
        course_target(course, "backend-engineer", "a")
        course_skill(course, "data-platform-design")

    # count, page, target roles, and the three filter choice lists validated on each request
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/courses/", {"role": "data-engineer", "hr_type": "data-scientist"})

    assert response.json()["count"] == 15


def test_the_detail_has_roles_skills_and_outline(api, standard):
    course = CourseFactory.create(slug="ux", title_ja="UX入門", summary_ja="ユーザー理解から。")
    course_target(course, "ux-ui-designer", "c")
    course_skill(course, "design-spec", "c")
    module = ModuleFactory.create(course=course, order=1, title_ja="基礎", title_en="Basics")
    LessonFactory.create(module=module, order=1, title_ja="はじめに", estimated_minutes=10)

    response = api.get("/api/v1/courses/ux/")

    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == "ユーザー理解から。"
    assert body["roles"][0]["role"] == "ux-ui-designer"
    assert body["skills"] == [
        {"skill": "design-spec", "skill_name": "設計", "category": "business-transformation", "level": "c",
         "level_name": "説明可能なレベルで理解が必要"},
    ]  # fmt: skip
    assert body["modules"] == [
        {
            "order": 1, "title": "基礎", "title_ja": "基礎", "title_en": "Basics",
            "lessons": [
                {"order": 1, "title": "はじめに", "title_ja": "はじめに", "title_en": "", "kind": "text",
                 "is_required": True, "estimated_minutes": 10},
            ],
        }
    ]  # fmt: skip


def test_the_detail_ignores_list_filters(api, standard):
    CourseFactory.create(slug="online", format=Course.Format.ONLINE)

    assert api.get("/api/v1/courses/online/", {"format": "hybrid"}).status_code == 200


def test_unpublished_courses_are_invisible(api):
    CourseFactory.create(slug="draft", is_published=False)

    assert api.get("/api/v1/courses/").json()["count"] == 0
    assert api.get("/api/v1/courses/draft/").status_code == 404
