import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import User
from courses.models import Course

from .factories import CourseFactory, LessonFactory, ModuleFactory, course_skill, course_target

pytestmark = pytest.mark.django_db


def card_titles(response) -> list[str]:
    return re.findall(r'<h2 class="card__title"><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def test_the_catalogue_lists_published_courses_with_their_facts(client, standard):
    free = CourseFactory.create(title_ja="無料の講座", price_yen=0, hours="6.0")
    course_target(free, "data-engineer", "b")
    CourseFactory.create(
        title_ja="有料の講座", price_yen=123456, hours="7.5", format=Course.Format.IN_PERSON, prefecture="13"
    )
    CourseFactory.create(title_ja="非公開の講座", is_published=False)

    response = client.get("/courses/", {"ordering": "price"})

    assert response.status_code == 200
    assert card_titles(response) == ["無料の講座", "有料の講座"]
    html = response.content.decode()
    assert "2件の講座が見つかりました" in html
    assert '<dd class="course-price course-price--free">無料</dd>' in html
    assert '<dd class="course-price">¥123,456</dd>' in html
    assert "7.5時間" in html
    assert "対面 · 東京都" in html
    assert (
        '<span class="level level--b" title="一定の実践力と専門性が必要">b</span> <span>データエンジニア</span>'
        in html
    )


def test_the_header_links_to_the_catalogue(client, standard):
    html = client.get("/skills/").content.decode()

    assert '<a href="/courses/" >講座を探す</a>' in html


def test_a_keyword_search_and_a_role_filter_on_the_page(client, standard):
    engineer = CourseFactory.create(title_ja="データ基盤構築")
    course_target(engineer, "data-engineer")
    scientist = CourseFactory.create(title_ja="データ分析")
    course_target(scientist, "data-science-professional")

    response = client.get("/courses/", {"q": "データ", "role": "data-engineer"})

    assert card_titles(response) == ["データ基盤構築"]


@pytest.mark.parametrize(
    ("parameter", "value", "label"),
    [("prefecture", "99", "都道府県"), ("format", "space", "受講形式"), ("role", "astronaut", "ロール")],
)
def test_an_unknown_filter_value_is_named_in_an_error_and_ignored(client, standard, parameter, value, label):
    CourseFactory.create(title_ja="講座A")

    response = client.get("/courses/", {parameter: value})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<div class="notice notice--error" role="alert">' in html
    assert f"<li>{label}「{value}」：" in html
    assert card_titles(response) == ["講座A"]


def test_the_catalogue_pages_by_twelve_and_keeps_the_query(client, standard):
    for number in range(13):
        CourseFactory.create(title_ja=f"講座{number:02d}", price_yen=0)

    first = client.get("/courses/", {"free": "true", "ordering": "title"})
    second = client.get("/courses/", {"free": "true", "ordering": "title", "page": "2"})

    assert len(card_titles(first)) == 12
    assert card_titles(second) == ["講座12"]
    assert '<a href="?free=true&amp;ordering=title&amp;page=2" rel="next">' in first.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(client, standard):
    CourseFactory.create(title_ja="唯一の講座")

    assert card_titles(client.get("/courses/", {"page": "99"})) == ["唯一の講座"]


def test_english_visitors_get_english_titles(client, standard):
    CourseFactory.create(title_ja="データ分析入門", title_en="Data Analysis Basics", price_yen=0)

    response = client.get("/courses/", headers={"accept-language": "en"})

    assert card_titles(response) == ["Data Analysis Basics"]
    assert "1 course found" in response.content.decode()


def test_the_course_page_shows_roles_skills_and_outline(client, standard):
    course = CourseFactory.create(
        slug="pipelines", title_ja="データパイプライン構築", summary_ja="基盤を作ります。"
    )
    course_target(course, "data-engineer", "b")
    course_skill(course, "data-platform-design", "c")
    module = ModuleFactory.create(course=course, title_ja="基礎")
    LessonFactory.create(module=module, title_ja="データ基盤とは", estimated_minutes=20)

    response = client.get(reverse("courses:course-detail", kwargs={"slug": "pipelines"}))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>データパイプライン構築</h1>" in html
    assert "基盤を作ります。" in html
    assert '<a href="/skills/roles/data-engineer/">データエンジニア</a>' in html
    assert '<span class="level level--c" title="説明可能なレベルで理解が必要">c</span>' in html
    assert '<th scope="row">データ活用基盤設計</th>' in html
    assert "<h3>基礎</h3>" in html
    assert '<span class="outline__title">データ基盤とは</span>' in html
    assert "20分" in html


def test_an_unpublished_course_page_is_not_found(client):
    CourseFactory.create(slug="draft", is_published=False)

    assert client.get("/courses/draft/").status_code == 404
    assert client.get("/courses/missing/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("staff without permission", 403),
        ("staff with permission", 200),
        ("superuser", 200),
    ],
)
def test_admin_course_change_page_needs_the_change_permission(client, who, expected):
    course = CourseFactory.create()
    if who != "anonymous":
        user = User.objects.create_user(
            username="u", password="x", is_staff=True, is_superuser=who == "superuser"
        )
        if who == "staff with permission":
            user.user_permissions.add(Permission.objects.get(codename="change_course"))
        client.force_login(user)

    response = client.get(reverse("admin:courses_course_change", args=[course.pk]))

    assert response.status_code == expected


def test_the_course_page_stands_without_the_learner_context(
    client, standard, settings, django_assert_num_queries
):
    """courses does not depend on learners: with no COURSE_PAGE_CONTEXT the page still answers, and
    the learner's enrolment is looked up by the view, never by a template tag."""
    course = CourseFactory.create(slug="standalone", is_published=True)
    settings.COURSE_PAGE_CONTEXT = ""
    alone = client.get(reverse("courses:course-detail", args=[course.slug]))
    assert alone.status_code == 200
    assert "enrolment" not in alone.context

    settings.COURSE_PAGE_CONTEXT = "learners.selectors.course_page_context"
    with_learners = client.get(reverse("courses:course-detail", args=[course.slug]))
    assert with_learners.context["enrolment"] is None  # anonymous: no query for it
