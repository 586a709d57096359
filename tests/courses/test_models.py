from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from core.prefectures import Prefecture
from courses.models import Course, Lesson

from .factories import CourseFactory, LessonFactory, QuizFactory, course_target

pytestmark = pytest.mark.django_db


def validation_fields(instance) -> list[str]:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return sorted(error.value.message_dict)


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1.5")])
def test_hours_must_be_positive(hours):
    course = CourseFactory.build(hours=hours, provider=CourseFactory.create().provider)

    assert validation_fields(course) == ["hours"]


def test_price_cannot_be_negative():
    course = CourseFactory.build(price_yen=-1, provider=CourseFactory.create().provider)

    assert validation_fields(course) == ["price_yen"]


def test_a_free_course_is_valid():
    course = CourseFactory.create(price_yen=0)

    course.full_clean()
    assert course.is_free is True


@pytest.mark.parametrize("course_format", [Course.Format.IN_PERSON, Course.Format.HYBRID])
def test_an_on_site_course_needs_a_prefecture(course_format):
    course = CourseFactory.build(
        format=course_format, prefecture=None, provider=CourseFactory.create().provider
    )

    with pytest.raises(ValidationError) as error:
        course.full_clean()

    assert error.value.message_dict == {
        "prefecture": ["対面・ハイブリッドの講座は、開催する都道府県を選んでください。"]
    }


def test_an_online_course_needs_no_prefecture():
    CourseFactory.create(format=Course.Format.ONLINE, prefecture=None).full_clean()


def test_an_unknown_prefecture_code_is_refused():
    course = CourseFactory.build(prefecture="48", provider=CourseFactory.create().provider)

    assert validation_fields(course) == ["prefecture"]


def test_the_end_date_cannot_precede_the_start_date():
    course = CourseFactory.build(
        starts_on="2027-04-10", ends_on="2027-04-09", provider=CourseFactory.create().provider
    )

    assert validation_fields(course) == ["ends_on"]


@pytest.mark.parametrize(
    "change",
    [
        {"hours": Decimal("-1")},
        {"hours": Decimal("0")},
        {"price_yen": -100},
        {"format": Course.Format.IN_PERSON, "prefecture": None},
        {"starts_on": "2027-04-10", "ends_on": "2027-04-01"},
    ],
)
def test_the_database_enforces_the_course_constraints(change):
    course = CourseFactory.create()

    with pytest.raises(IntegrityError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(**change)


def test_a_course_targets_a_role_once(standard):
    course = CourseFactory.create()
    course_target(course, "data-engineer")

    with pytest.raises(IntegrityError), transaction.atomic():
        course_target(course, "data-engineer", "a")


def test_a_quiz_pass_mark_is_a_percentage():
    quiz = QuizFactory.build(pass_mark=101, lesson=LessonFactory.create(kind=Lesson.Kind.QUIZ))

    assert validation_fields(quiz) == ["pass_mark"]


def test_a_quiz_belongs_to_a_quiz_lesson():
    quiz = QuizFactory.build(lesson=LessonFactory.create(kind=Lesson.Kind.TEXT))

    assert validation_fields(quiz) == ["lesson"]


@pytest.mark.parametrize("kind", [Lesson.Kind.VIDEO, Lesson.Kind.EXTERNAL_LINK])
def test_video_and_link_lessons_need_a_url(kind):
    lesson = LessonFactory.create(kind=kind, url="")

    assert validation_fields(lesson) == ["url"]


def test_title_and_summary_follow_the_active_language():
    course = CourseFactory.create(
        title_ja="データ分析入門", title_en="Data Analysis Basics", summary_ja="概要", summary_en="Summary"
    )

    with translation.override("ja"):
        assert (course.title, course.summary, str(course)) == ("データ分析入門", "概要", "データ分析入門")
    with translation.override("en"):
        assert (course.title, course.summary, str(course)) == (
            "Data Analysis Basics",
            "Summary",
            "Data Analysis Basics",
        )


def test_the_japanese_title_is_the_fallback_in_english():
    course = CourseFactory.create(title_ja="データ分析入門", title_en="")

    with translation.override("en"):
        assert course.title == "データ分析入門"


def test_the_47_prefectures_have_jis_codes_and_names_in_both_languages():
    assert Prefecture.values == [f"{code:02d}" for code in range(1, 48)]
    with translation.override("ja"):
        assert [Prefecture("01").label, Prefecture("13").label, Prefecture("47").label] == [
            "北海道",
            "東京都",
            "沖縄県",
        ]
    with translation.override("en"):
        assert [Prefecture("01").label, Prefecture("13").label, Prefecture("47").label] == [
            "Hokkaido",
            "Tokyo",
            "Okinawa",
        ]
