"""Progress by policy measure (issue #12): the rollup's measure and head-count tables and the
measures table read from them, for exact and protected audiences."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from consortia.models import HEAD_COUNT_KEY_SPACE, AttendanceAudience, Event, HeadCount
from learners.models import Exam, ExamPass
from reports.disclosure import KEY_SPACE, protect
from reports.measure_figures import NOT_APPLICABLE, measures_table
from reports.models import CountedPerson, MeasureProgress, Qualification, RecordKey
from reports.rollup import rollup_run
from reports.selectors import ProgressFilter, progress_overview

from .world import JST, add_activity, build_world

pytestmark = pytest.mark.django_db

BITS = {"course": 1, "external": 2, "exam": 4, "programme": 8}
DAYS = [datetime.date(2024, 9, 30), datetime.date(2025, 6, 30), datetime.date(2026, 12, 31)]


def masks_by_hand(as_of: datetime.date) -> Counter:
    """(measures, prefecture, type, consortium) -> people, from the qualifications, by hand."""
    firsts: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for q in Qualification.objects.all():
        known = firsts[q.person_id].get(q.source)
        if known is None or q.qualified_on < known:
            firsts[q.person_id][q.source] = q.qualified_on
    counted = {c.person_id: c for c in CountedPerson.objects.all()}
    found: Counter = Counter()
    for person, days in firsts.items():
        mask = sum(BITS[source] for source, day in days.items() if day <= as_of)
        if mask and person in counted:
            c = counted[person]
            found[(mask, c.prefecture, c.hr_type_id, c.consortium_id)] += 1
    return found


def masks_rolled_up(as_of: datetime.date) -> Counter:
    found: Counter = Counter()
    for row in MeasureProgress.objects.filter(day__lte=as_of):
        found[(row.measures, row.prefecture, row.hr_type_id, row.consortium_id)] += row.people
    return +found  # drops zero cells


def measure_rows() -> set[tuple]:
    return {
        (r.day, r.measures, r.prefecture, r.hr_type_id, r.consortium_id, r.people, r.key_sum)
        for r in MeasureProgress.objects.all()
    }


@pytest.mark.parametrize("seed", [11, 12])
def test_the_measure_table_gives_the_people_of_each_combination_on_any_day(counting, seed):
    build_world(seed, people=70)

    rollup_run(full=True)

    for day in DAYS:
        assert masks_rolled_up(day) == masks_by_hand(day)


def test_incremental_measure_rows_equal_a_full_rebuild(counting):
    world = build_world(13, people=60)
    rollup_run(full=True)
    add_activity(world, 90)

    assert rollup_run().mode == "incremental"
    after_incremental = measure_rows()
    rollup_run(full=True)

    assert after_incremental == measure_rows()
    assert masks_rolled_up(DAYS[-1]) == masks_by_hand(DAYS[-1])


def _age_every_record() -> None:
    from django.db import connection

    day_ago = timezone.now() - datetime.timedelta(days=1)
    with connection.cursor() as cursor:
        for table in (
            "learners_enrolment",
            "courses_course",
            "learners_exampass",
            "learners_exam",
            "learners_externalcompletion",
            "consortia_participation",
            "consortia_event",
            "consortia_programme",
            "learners_learnerprofile",
        ):
            cursor.execute(f"UPDATE {table} SET updated_at = %s", [day_ago])  # noqa: S608


def _stored() -> tuple:
    from reports.models import DailyProgress

    return (
        measure_rows(),
        set(Qualification.objects.values_list("person_id", "source", "source_key", "qualified_on")),
        set(CountedPerson.objects.values_list("person_id", "qualified_on", "source", "source_key")),
        {
            row
            for row in DailyProgress.objects.values_list("day", "prefecture", "source", "people", "key_sum")
            if row[3]
        },
    )


@pytest.mark.parametrize("to_nobody", [False, True])
def test_a_participation_moved_to_another_learner_leaves_the_tables_of_a_full_rebuild(counting, to_nobody):
    """An admin moving a participation from A to B (or to nobody) changes A's records too: before,
    only B was recomputed, A kept the stored qualification and B's could not be stored, and the
    incremental add pass (which reads the run's own tables) then drifted further on every run."""
    from consortia.models import Participation

    world = build_world(13, people=60)
    _age_every_record()  # so that the next incremental run recomputes only the people it must
    rollup_run(full=True)
    stored = Qualification.objects.filter(source="programme").first()
    assert stored is not None
    moved = Participation.objects.get(pk=stored.source_key)
    counted = set(CountedPerson.objects.values_list("person_id", flat=True))
    other = next(u for u in world.users if u.pk != moved.learner_id and u.pk in counted)
    Participation.objects.filter(pk=moved.pk).update(
        learner=None if to_nobody else other,
        group_name="3年A組" if to_nobody else "",
        students_count=12 if to_nobody else 0,
        updated_at=timezone.now(),
    )

    assert rollup_run().mode == "incremental"
    after_incremental = _stored()
    assert rollup_run().mode == "incremental"  # and a second run changes nothing
    assert _stored() == after_incremental
    rollup_run(full=True)

    assert after_incremental == _stored()


def test_key_sums_are_the_record_keys_of_the_people_in_each_cell(counting):
    build_world(14, people=50)
    rollup_run(full=True)
    keys = dict(RecordKey.objects.values_list("person_id", "record_key"))

    table = measures_table(exact=True, f=ProgressFilter())

    total_people = CountedPerson.objects.count()
    assert table.total == total_people
    rows = MeasureProgress.objects.all()
    assert sum(r.key_sum for r in rows) == sum(keys[c.person_id] for c in CountedPerson.objects.all())


def _person_with_course_and_exam(counting):
    from tests.courses.factories import CourseFactory, course_target
    from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

    profile = LearnerProfileFactory.create(consents_to_statistics=True, statistics_consent_at=timezone.now())
    course = CourseFactory.create()
    course_target(course, "data-engineer", "b")
    EnrolmentFactory.create(
        learner=profile.user, course=course, completed_at=datetime.datetime(2025, 6, 10, 12, tzinfo=JST)
    )
    ExamPass.objects.create(
        learner=profile.user, exam=Exam.objects.get(code="FE"), passed_on=datetime.date(2025, 9, 3)
    )
    return profile.user


def test_a_person_reached_by_two_measures_is_one_person_and_one_in_each_measure(counting):
    _person_with_course_and_exam(counting)
    rollup_run(full=True)

    table = measures_table(exact=True, f=ProgressFilter())
    in_july = measures_table(exact=True, f=ProgressFilter(date_to=datetime.date(2025, 7, 31)))

    people = {row["key"]: row["people"] for row in table.measures}
    assert people == {"portal_courses": 1, "provider_courses": 0, "it_exams": 1, "consortium_programmes": 0}
    assert table.total == 1
    assert [row["people"] for row in table.by_number] == [0, 1, 0, 0]
    assert table.overlap[0]["cells"] == [1, 0, 1, 0]
    reconciliation = {row["key"]: row["value"] for row in table.reconciliation}
    assert reconciliation == {
        "sum_people": 2, "head_counts": 0, "sum_all": 2, "less_head_counts": 0, "less_repeats": -1,
        "protection": 0, "total": 1,
    }  # fmt: skip
    # As of the end of July 2025 the exam was not passed yet.
    assert {row["key"]: row["people"] for row in in_july.measures}["it_exams"] == 0
    assert in_july.total == 1


def _ended_event(consortium_slug: str = "kyushu") -> Event:
    from tests.consortia.factories import EventFactory

    start = timezone.now() - datetime.timedelta(days=40)
    return EventFactory.create(
        programme__consortium__slug=consortium_slug,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        prefecture="43",
    )


def test_head_counts_are_a_measure_of_their_own_and_never_in_the_unique_count(counting):
    _person_with_course_and_exam(counting)
    event = _ended_event()
    HeadCount.objects.create(event=event, audience=AttendanceAudience.TEACHERS, persons=13)
    HeadCount.objects.create(
        event=event, audience=AttendanceAudience.PARENTS_AND_CHILDREN, persons=28, groups=11
    )

    before = measures_table(exact=True, f=ProgressFilter())
    rollup_run()
    table = measures_table(exact=True, f=ProgressFilter())
    typed = measures_table(exact=True, f=ProgressFilter(hr_type_id=1))

    assert before.head_count == 0  # not before the rollup
    assert table.head_count == 41
    by_audience = {row["key"]: row["persons"] for row in table.head_counts_by_audience}
    assert by_audience["teachers"] == 13
    assert by_audience["parents_children"] == 28
    assert table.total == 1 == CountedPerson.objects.count()
    reconciliation = {row["key"]: row["value"] for row in table.reconciliation}
    assert reconciliation["sum_all"] == 43
    assert reconciliation["less_head_counts"] == -41
    assert reconciliation["protection"] == 0
    assert typed.head_count is None
    assert {row["key"]: row["value"] for row in typed.reconciliation}["head_counts"] == NOT_APPLICABLE


def test_protected_measure_figures_are_the_cells_protected_and_the_total_is_the_dashboard_headline(
    counting, settings
):
    settings.REPORTS_SUPPRESSION_THRESHOLD = 1
    build_world(15, people=80)
    event = _ended_event()
    head_count = HeadCount.objects.create(
        event=event, audience=AttendanceAudience.KOSEN_STUDENTS, persons=120
    )
    rollup_run(full=True)
    keys = dict(RecordKey.objects.values_list("person_id", "record_key"))
    firsts: dict[int, set[str]] = defaultdict(set)
    for q in Qualification.objects.all():
        firsts[q.person_id].add(q.source)

    table = measures_table(exact=False, f=ProgressFilter())
    overview = progress_overview(exact=False, f=ProgressFilter())

    for row, source in zip(table.measures, BITS, strict=True):
        people = [p for p, sources in firsts.items() if source in sources]
        assert row["people"] == protect(len(people), sum(keys[p] for p in people))
    assert table.total == overview.total
    assert table.head_count == protect(120, head_count.record_key)
    shown = {row["key"]: row["value"] for row in table.reconciliation}
    assert shown["total"] == table.total
    assert shown["sum_people"] == sum(int(row["people"]) for row in table.measures)


def test_the_head_count_key_space_is_the_disclosure_key_space():
    assert HEAD_COUNT_KEY_SPACE == KEY_SPACE


def test_an_event_still_running_is_not_in_the_head_counts(counting):
    from tests.consortia.factories import EventFactory

    start = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory.create(starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    HeadCount.objects.create(event=event, audience=AttendanceAudience.TEACHERS, persons=30)

    rollup_run()

    assert measures_table(exact=True, f=ProgressFilter()).head_count == 0
