import io

import pytest

from courses import demo
from courses.models import Choice, Course, CourseRole, CourseSkill, Lesson, Module, Provider, Question
from skills.models import Role, RoleSkillRequirement

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Provider, Course, CourseRole, CourseSkill, Module, Lesson, Question, Choice)
    }


def test_the_seed_is_idempotent(standard):
    first_output, second_output = io.StringIO(), io.StringIO()

    demo.seed(first_output)
    after_first = row_counts()
    demo.seed(second_output)

    assert row_counts() == after_first
    assert after_first["Provider"] == 7
    assert after_first["Course"] == 33
    assert after_first["Question"] == 33 + 86  # the role's type, and one question per skill lesson
    assert "; 0 rows created, 0 updated, 1037 already present" in second_output.getvalue()


def test_the_seed_covers_every_role_of_the_current_version_twice(standard):
    demo.seed(io.StringIO())

    courses_per_role = {
        role.slug: CourseRole.objects.filter(role=role, course__is_published=True).count()
        for role in Role.objects.filter(version=standard)
    }

    assert courses_per_role == {
        "ba-new-business": 3, "ba-existing-business": 3, "ba-internal-operations": 3,
        "service-designer": 3, "ux-ui-designer": 3, "graphic-designer": 2,
        "data-business-strategist": 4, "data-science-professional": 3, "data-engineer": 3,
        "frontend-engineer": 4, "backend-engineer": 4, "cloud-engineer-sre": 2, "physical-computing-engineer": 2,
        "cybersecurity-manager": 3, "cybersecurity-engineer": 3,
    }  # fmt: skip
    assert min(courses_per_role.values()) == 2
    assert sorted(set(Provider.objects.values_list("kind", flat=True))) == sorted(Provider.Kind.values)


def test_demo_skills_never_exceed_what_the_target_roles_require(standard):
    demo.seed(io.StringIO())

    for item in CourseSkill.objects.select_related("level", "course"):
        roles = item.course.course_roles.values_list("role", flat=True)
        required = RoleSkillRequirement.objects.filter(role__in=roles, skill=item.skill).select_related(
            "level"
        )
        assert all(item.level.rank <= r.level.rank for r in required if r.level.rank is not None), item


def test_every_demo_course_has_an_outline_with_one_quiz(standard):
    demo.seed(io.StringIO())

    for course in Course.objects.prefetch_related("modules__lessons"):
        lessons = [lesson for module in course.modules.all() for lesson in module.lessons.all()]
        assert course.modules.count() in (2, 3), course.slug
        assert [lesson.kind for lesson in lessons].count(Lesson.Kind.QUIZ) == 1, course.slug
        assert {Lesson.Kind.TEXT, Lesson.Kind.VIDEO, Lesson.Kind.EXTERNAL_LINK, Lesson.Kind.ASSIGNMENT} <= {
            lesson.kind for lesson in lessons
        }


def test_remove_deletes_the_demo_rows_only(standard):
    demo.seed(io.StringIO())
    own = Course.objects.create(
        slug="own", title_ja="自前の講座", provider=Provider.objects.get(slug="dx-academy"), format="online",
        hours=1, price_yen=0, level="beginner",
    )  # fmt: skip

    demo.remove(io.StringIO())

    assert list(Course.objects.values_list("slug", flat=True)) == [own.slug]
    assert list(Provider.objects.values_list("slug", flat=True)) == ["dx-academy"]
