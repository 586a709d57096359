import pytest
from django.utils import timezone

from learners.models import LessonCompletion
from learners.selectors import (
    enrolment_get,
    enrolment_list,
    enrolment_progress,
    learner_profile_get,
    learning_overview,
    skill_gap_get,
)
from skills.models import Level, Role, Skill
from tests.core.factories import UserFactory
from tests.courses.factories import CourseFactory, course_skill

from .factories import (
    EnrolmentFactory,
    LearnerProfileFactory,
    SelfAssessmentFactory,
    TargetRoleFactory,
    learning_course,
)

pytestmark = pytest.mark.django_db


def test_enrolment_list_holds_only_the_actors_enrolments():
    mine = EnrolmentFactory.create()
    EnrolmentFactory.create()  # someone else's

    assert list(enrolment_list(actor=mine.learner)) == [mine]


def test_enrolment_get_returns_none_for_another_learners_enrolment_and_for_garbage():
    enrolment = EnrolmentFactory.create()
    other = UserFactory.create()

    assert enrolment_get(actor=enrolment.learner, uuid=enrolment.uuid) == enrolment
    assert enrolment_get(actor=other, uuid=enrolment.uuid) is None
    assert enrolment_get(actor=enrolment.learner, uuid="not-a-uuid") is None


def test_learner_profile_get_is_the_actors_own():
    profile = LearnerProfileFactory.create()
    LearnerProfileFactory.create()

    assert learner_profile_get(actor=profile.user) == profile
    assert learner_profile_get(actor=UserFactory.create()) is None


def test_progress_counts_required_lessons_and_points_at_the_next_one():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=setup.text)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=setup.optional)  # optional: not counted

    progress = enrolment_progress(enrolment=enrolment_list(actor=enrolment.learner).get())

    assert (progress.completed, progress.required, progress.percent) == (1, 3, 33)
    assert progress.next_lesson == setup.video
    assert progress.completed_lesson_ids == {setup.text.pk, setup.optional.pk}


def test_learning_overview_splits_in_progress_and_completed_in_five_queries(django_assert_num_queries):
    learner = UserFactory.create()
    for _ in range(3):
        EnrolmentFactory.create(learner=learner, course=learning_course().course)
    done = EnrolmentFactory.create(
        learner=learner, course=learning_course().course, completed_at=timezone.now()
    )

    with django_assert_num_queries(4):
        in_progress, completed = learning_overview(actor=learner)

    assert len(in_progress) == 3
    assert [row.enrolment for row in completed] == [done]
    assert [row.progress.percent for row in in_progress] == [0, 0, 0]


# --- Skill gap ---------------------------------------------------------------------------------


@pytest.fixture
def gap_scenario(standard):
    """Target data-engineer (provisional matrix: 49 skills, rank total 123). Of its skills:
    data-platform-design a, data-understanding a, stats-multivariate-viz b, computer-science c."""
    learner = UserFactory.create()
    TargetRoleFactory.create(learner=learner, role=Role.objects.get(version=standard, slug="data-engineer"))
    level = {code: Level.objects.get(version=standard, slug=code) for code in "abcd"}
    skill = {slug: Skill.objects.get(version=standard, slug=slug) for slug in (
        "data-platform-design", "data-understanding", "stats-multivariate-viz", "computer-science",
    )}  # fmt: skip
    SelfAssessmentFactory.create(learner=learner, skill=skill["data-understanding"], level=level["c"])
    SelfAssessmentFactory.create(learner=learner, skill=skill["data-platform-design"], level=None)
    SelfAssessmentFactory.create(learner=learner, skill=skill["computer-science"], level=level["b"])

    done = CourseFactory.create(slug="done", title_ja="修了済み")
    course_skill(done, "data-platform-design", "d")  # earned; the course itself is not recommended again
    EnrolmentFactory.create(learner=learner, course=done, completed_at=timezone.now())

    pipelines = CourseFactory.create(slug="pipelines", title_ja="A データ基盤")
    course_skill(pipelines, "data-platform-design", "b")  # min(3,4) - 1 = 2
    course_skill(pipelines, "data-understanding", "b")  # min(3,4) - 2 = 1
    advanced = CourseFactory.create(slug="advanced", title_ja="B 上級")
    course_skill(advanced, "data-platform-design", "a")  # 4 - 1 = 3
    course_skill(advanced, "stats-multivariate-viz", "b")  # 3 - 0 = 3
    course_skill(advanced, "computer-science", "a")  # min(4,2) - 3 < 0: 0
    stats = CourseFactory.create(slug="stats", title_ja="D 統計")
    course_skill(stats, "stats-multivariate-viz", "c")  # 2 - 0 = 2
    in_progress = CourseFactory.create(slug="in-progress", title_ja="C 受講中")
    course_skill(in_progress, "data-understanding", "a")  # 4 - 2 = 2
    enrolment = EnrolmentFactory.create(learner=learner, course=in_progress)
    course_skill(CourseFactory.create(slug="cs-only"), "computer-science", "a")  # closes nothing
    course_skill(CourseFactory.create(slug="draft", is_published=False), "data-platform-design", "a")
    return learner, enrolment


def test_skill_gap_rows_show_required_self_assessed_and_earned_levels(gap_scenario):
    learner, _ = gap_scenario

    gap = skill_gap_get(actor=learner)

    assert gap.role.slug == "data-engineer"
    assert gap.is_provisional is True
    assert len(gap.rows) == 49
    rows = {row.skill.slug: row for row in gap.rows}
    summary = {
        slug: (
            rows[slug].required.slug,
            rows[slug].self_assessed.slug if rows[slug].self_assessed else None,
            rows[slug].earned.slug if rows[slug].earned else None,
            rows[slug].gap,
        )
        for slug in (
            "data-platform-design",
            "data-understanding",
            "stats-multivariate-viz",
            "computer-science",
        )
    }
    assert summary == {
        "data-platform-design": ("a", None, "d", 3),
        "data-understanding": ("a", "c", None, 2),
        "stats-multivariate-viz": ("b", None, None, 3),
        "computer-science": ("c", "b", None, 0),
    }
    assert gap.total_gap == 123 - 1 - 2 - 2


def test_skill_gap_ranks_courses_by_the_levels_they_close(gap_scenario):
    learner, enrolment = gap_scenario

    recommendations = skill_gap_get(actor=learner).recommendations

    # score: the steps closed weighted by the required level (a 8, b 4, c 2, d 1)
    assert [(rec.course.slug, rec.score, rec.steps) for rec in recommendations] == [
        ("advanced", 3 * 8 + 3 * 4, 6),
        ("pipelines", 2 * 8 + 1 * 8, 3),
        ("in-progress", 2 * 8, 2),
        ("stats", 2 * 4, 2),
    ]
    reasons = {
        rec.course.slug: [(r.skill.slug, r.level.slug, r.closes) for r in rec.reasons]
        for rec in recommendations
    }
    # Reasons lead with the skills the role requires at the higher level, then the larger step.
    assert reasons == {
        "advanced": [("data-platform-design", "a", 3), ("stats-multivariate-viz", "b", 3)],
        "pipelines": [("data-platform-design", "b", 2), ("data-understanding", "b", 1)],
        "in-progress": [("data-understanding", "a", 2)],
        "stats": [("stats-multivariate-viz", "c", 2)],
    }
    assert recommendations[2].enrolment == enrolment
    assert recommendations[0].enrolment is None


def test_skill_gap_is_none_without_a_target_role():
    assert skill_gap_get(actor=UserFactory.create()) is None
