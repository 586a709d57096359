"""The rollup counts each person once, on their first qualifying day, and incremental equals full."""

import datetime

import pytest

from learners.models import Exam, ExamPass, LearnerProfile
from reports.models import CountedPerson, DailyProgress, Qualification
from reports.rollup import rollup_run

from .world import JST, add_activity, build_world, expected_counts, monthly_matches_daily, rolled_up_counts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_full_rebuild_equals_a_direct_count_of_the_raw_records(counting, seed):
    build_world(seed, people=80)

    result = rollup_run(full=True)

    expected = expected_counts(counting)
    assert rolled_up_counts() == expected
    assert result.counted_total == sum(expected.values())
    assert CountedPerson.objects.count() == sum(expected.values())
    assert monthly_matches_daily()


@pytest.mark.parametrize("seed", [4, 5])
def test_incremental_equals_full_rebuild(counting, seed):
    world = build_world(seed, people=60)
    rollup_run(full=True)
    add_activity(world, 80)
    # Changes to a profile (moving prefecture, withdrawing consent) count as changes too.
    for profile in LearnerProfile.objects.filter(user__in=world.users)[:5]:
        profile.prefecture = "47"
        profile.consents_to_statistics = not profile.consents_to_statistics
        profile.statistics_consent_at = profile.updated_at if profile.consents_to_statistics else None
        profile.save()

    incremental = rollup_run()
    after_incremental = rolled_up_counts()
    full = rollup_run(full=True)

    assert incremental.mode == "incremental"
    assert after_incremental == rolled_up_counts() == expected_counts(counting)
    assert incremental.counted_total == full.counted_total
    assert monthly_matches_daily()


def test_running_twice_changes_nothing(counting):
    build_world(7, people=40)
    rollup_run(full=True)
    before = (rolled_up_counts(), list(CountedPerson.objects.order_by("pk").values()))

    again = rollup_run()

    assert (rolled_up_counts(), list(CountedPerson.objects.order_by("pk").values())) == before
    assert again.mode == "incremental"


def test_a_person_who_qualifies_twice_counts_once_on_the_earlier_date(counting):
    from tests.courses.factories import CourseFactory, course_target
    from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

    profile = LearnerProfileFactory.create(
        consents_to_statistics=True, statistics_consent_at=datetime.datetime.now(JST)
    )
    course = CourseFactory.create()
    course_target(course, "data-engineer", "b")
    EnrolmentFactory.create(
        learner=profile.user, course=course, completed_at=datetime.datetime(2025, 6, 10, 12, tzinfo=JST)
    )
    ExamPass.objects.create(
        learner=profile.user, exam=Exam.objects.get(code="FE"), passed_on=datetime.date(2025, 2, 3)
    )

    rollup_run(full=True)

    counted = CountedPerson.objects.get(person=profile.user)
    assert (counted.qualified_on, counted.source) == (datetime.date(2025, 2, 3), "exam")
    assert Qualification.objects.filter(person=profile.user).count() == 2  # both kept, as the explanation
    assert list(DailyProgress.objects.values_list("day", "source", "people")) == [
        (datetime.date(2025, 2, 3), "exam", 1)
    ]


def test_a_completion_just_before_midnight_japan_time_counts_on_that_japanese_day(counting):
    from tests.courses.factories import CourseFactory, course_target
    from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

    profile = LearnerProfileFactory.create(
        consents_to_statistics=True, statistics_consent_at=datetime.datetime.now(JST)
    )
    course = CourseFactory.create()
    course_target(course, "data-engineer", "c")
    EnrolmentFactory.create(
        learner=profile.user, course=course, completed_at=datetime.datetime(2025, 3, 31, 23, 50, tzinfo=JST)
    )

    rollup_run(full=True)

    assert CountedPerson.objects.get(person=profile.user).qualified_on == datetime.date(2025, 3, 31)


def test_without_consent_or_below_the_rule_level_nobody_counts(counting):
    from tests.courses.factories import CourseFactory, course_target
    from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

    no_consent = LearnerProfileFactory.create(consents_to_statistics=False)
    consenting = LearnerProfileFactory.create(
        consents_to_statistics=True, statistics_consent_at=datetime.datetime.now(JST)
    )
    low = CourseFactory.create()
    course_target(low, "data-engineer", "d")  # below the rule's level c
    high = CourseFactory.create()
    course_target(high, "data-engineer", "a")
    EnrolmentFactory.create(
        learner=no_consent.user, course=high, completed_at=datetime.datetime(2025, 1, 5, tzinfo=JST)
    )
    EnrolmentFactory.create(
        learner=consenting.user, course=low, completed_at=datetime.datetime(2025, 1, 5, tzinfo=JST)
    )

    result = rollup_run(full=True)

    assert result.counted_total == 0


def test_changing_the_active_rule_rebuilds(counting):
    build_world(9, people=30)
    rollup_run(full=True)
    counting.is_active = False
    counting.save()
    stricter = type(counting).objects.create(version=2, name="a only", is_active=True, min_course_level=4)

    result = rollup_run()

    assert result.mode == "full"
    assert rolled_up_counts() == expected_counts(stricter)


def test_a_crash_that_emptied_the_unlogged_tables_triggers_a_rebuild(counting):
    build_world(13, people=30)
    rollup_run(full=True)
    CountedPerson.objects.all().delete()  # what PostgreSQL does to UNLOGGED tables after a crash
    Qualification.objects.all().delete()

    result = rollup_run()

    assert result.mode == "full"
    assert rolled_up_counts() == expected_counts(counting)


def test_a_pass_the_learner_deletes_stops_counting_at_the_next_incremental_run(counting):
    from learners.services import exam_pass_delete
    from tests.learners.factories import LearnerProfileFactory

    profile = LearnerProfileFactory.create(
        consents_to_statistics=True, statistics_consent_at=datetime.datetime.now(JST)
    )
    exam_pass = ExamPass.objects.create(
        learner=profile.user, exam=Exam.objects.get(code="FE"), passed_on=datetime.date(2025, 2, 3)
    )
    # Records from long ago: only the deletion can bring the person into the incremental run.
    a_day_ago = datetime.datetime.now(JST) - datetime.timedelta(days=1)
    LearnerProfile.objects.filter(pk=profile.pk).update(updated_at=a_day_ago)
    ExamPass.objects.filter(pk=exam_pass.pk).update(updated_at=a_day_ago)
    rollup_run(full=True)
    assert CountedPerson.objects.filter(person=profile.user).count() == 1

    exam_pass_delete(exam_pass=exam_pass)
    result = rollup_run()

    assert result.mode == "incremental"
    assert CountedPerson.objects.filter(person=profile.user).count() == 0
    assert DailyProgress.objects.count() == 0
