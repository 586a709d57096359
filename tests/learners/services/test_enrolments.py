"""Enrolment."""

import pytest

from core.exceptions import ApplicationError
from learners.models import (
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from learners.services import (
    enrolment_complete,
    enrolment_create,
    lesson_complete,
    quiz_attempt_submit,
)
from tests.core.factories import UserFactory
from tests.courses.factories import CourseFactory, LessonFactory

from ..factories import EnrolmentFactory, learning_course

pytestmark = pytest.mark.django_db


def test_enrolment_create_is_idempotent():
    learner, course = UserFactory.create(), CourseFactory.create()

    first = enrolment_create(learner=learner, course=course)
    second = enrolment_create(learner=learner, course=course)

    assert first.pk == second.pk
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_enrolment_create_refuses_an_unpublished_course():
    learner, course = UserFactory.create(), CourseFactory.create(is_published=False)

    with pytest.raises(ApplicationError, match="not open for enrolment"):
        enrolment_create(learner=learner, course=course)

    assert not Enrolment.objects.exists()


def test_lesson_complete_is_idempotent_and_does_not_finish_the_course_early():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)

    lesson_complete(enrolment=enrolment, lesson=setup.text)
    lesson_complete(enrolment=enrolment, lesson=setup.text)

    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None


def test_lesson_complete_refuses_a_lesson_of_another_course():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)
    elsewhere = LessonFactory.create()

    with pytest.raises(ApplicationError, match="not part of the course"):
        lesson_complete(enrolment=enrolment, lesson=elsewhere)

    assert not LessonCompletion.objects.exists()


def test_a_quiz_lesson_is_completed_only_by_passing_the_quiz():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)

    with pytest.raises(ApplicationError, match="Pass the quiz"):
        lesson_complete(enrolment=enrolment, lesson=setup.quiz_lesson)

    assert not LessonCompletion.objects.exists()


def test_a_failed_attempt_is_recorded_and_completes_nothing():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)

    attempt = quiz_attempt_submit(
        enrolment=enrolment,
        lesson=setup.quiz_lesson,
        answers={setup.questions[0].pk: setup.wrong[0], setup.questions[1].pk: setup.wrong[1]},
    )

    assert (attempt.score, attempt.correct_count, attempt.question_count, attempt.is_passed) == (
        0,
        0,
        2,
        False,
    )
    assert attempt.answers == {
        str(setup.questions[0].pk): setup.wrong[0],
        str(setup.questions[1].pk): setup.wrong[1],
    }
    assert not LessonCompletion.objects.exists()


def test_a_score_at_the_pass_mark_passes_and_completes_the_lesson():
    setup = learning_course()  # pass mark 50%
    enrolment = EnrolmentFactory.create(course=setup.course)

    attempt = quiz_attempt_submit(
        enrolment=enrolment,
        lesson=setup.quiz_lesson,
        answers={setup.questions[0].pk: setup.right[0], setup.questions[1].pk: setup.wrong[1]},
    )

    assert (attempt.score, attempt.is_passed) == (50, True)
    assert list(LessonCompletion.objects.values_list("lesson", flat=True)) == [setup.quiz_lesson.pk]


@pytest.mark.parametrize("bad", ["unknown_question", "foreign_choice", "missing_answer"])
def test_bad_quiz_answers_are_refused_and_nothing_is_recorded(bad):
    setup = learning_course()
    other = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)
    q1, q2 = setup.questions
    answers = {
        "unknown_question": {
            q1.pk: setup.right[0],
            q2.pk: setup.right[1],
            other.questions[0].pk: other.right[0],
        },
        "foreign_choice": {q1.pk: setup.right[1], q2.pk: setup.right[1]},
        "missing_answer": {q1.pk: setup.right[0]},
    }[bad]
    expected = {
        "unknown_question": f"Question {other.questions[0].pk} is not part of this quiz.",
        "foreign_choice": f"Choice {setup.right[1]} is not an answer to question {q1.pk}.",
        "missing_answer": "Answer every question: 1 unanswered.",
    }[bad]

    with pytest.raises(ApplicationError) as error:
        quiz_attempt_submit(enrolment=enrolment, lesson=setup.quiz_lesson, answers=answers)

    assert error.value.message == expected
    assert error.value.extra == {"fields": {"answers": [expected]}}
    assert not QuizAttempt.objects.exists()
    assert not LessonCompletion.objects.exists()


def test_completing_every_required_lesson_completes_the_enrolment(django_capture_on_commit_callbacks):
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)

    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(enrolment=enrolment, lesson=setup.text)
        lesson_complete(enrolment=enrolment, lesson=setup.video)
        quiz_attempt_submit(
            enrolment=enrolment,
            lesson=setup.quiz_lesson,
            answers={setup.questions[0].pk: setup.right[0], setup.questions[1].pk: setup.right[1]},
        )

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    # The optional external link was not needed.
    assert not LessonCompletion.objects.filter(lesson=setup.optional).exists()


def test_enrolment_complete_refuses_while_required_lessons_remain_and_is_idempotent_after():
    setup = learning_course()
    enrolment = EnrolmentFactory.create(course=setup.course)

    with pytest.raises(ApplicationError, match="Complete every required lesson"):
        enrolment_complete(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None

    for lesson in setup.required:
        LessonCompletion.objects.create(enrolment=enrolment, lesson=lesson)
    first = enrolment_complete(enrolment=enrolment).completed_at
    second = enrolment_complete(enrolment=enrolment).completed_at

    assert first is not None
    assert second == first
