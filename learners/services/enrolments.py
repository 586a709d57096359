"""Enrolment, lesson completion, quizzes and course completion."""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from core.queue import enqueue, enqueue_on_commit
from courses.models import Course, Lesson, Quiz

from ..models import (
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)

# --- Enrolment and progress --------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, learner: User, course: Course) -> Enrolment:
    """Enrol a learner in a published course. Idempotent: repeating it returns the existing enrolment."""
    if not course.is_published:
        raise ApplicationError(_("This course is not open for enrolment."))
    enrolment, created = Enrolment.objects.get_or_create(learner=learner, course=course)
    if created:
        enrolment.full_clean()
    return enrolment


def _check_lesson_of_enrolment(*, enrolment: Enrolment, lesson: Lesson) -> None:
    if lesson.module.course_id != enrolment.course_id:
        raise ApplicationError(
            _("This lesson is not part of the course of this enrolment."),
            extra={"fields": {"lesson": [_("This lesson is not part of the course of this enrolment.")]}},
        )


def _has_questions(lesson: Lesson) -> bool:
    quiz = Quiz.objects.filter(lesson=lesson).first()
    return quiz is not None and quiz.questions.exists()


def _record_completion(*, enrolment: Enrolment, lesson: Lesson) -> LessonCompletion:
    completion, created = LessonCompletion.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if created:
        completion.full_clean()
    if not enrolment.is_completed and not _required_lessons_left(enrolment=enrolment).exists():
        enrolment_complete(enrolment=enrolment)
    return completion


def _required_lessons_left(*, enrolment: Enrolment) -> QuerySet[Lesson]:
    return Lesson.objects.filter(module__course_id=enrolment.course_id, is_required=True).exclude(
        completions__enrolment=enrolment
    )


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, lesson: Lesson) -> LessonCompletion:
    """Mark a lesson of the enrolment's course complete; idempotent.

    A quiz lesson with questions is completed only by passing the quiz (quiz_attempt_submit).
    Completing the last required lesson completes the enrolment (enrolment_complete).
    """
    _check_lesson_of_enrolment(enrolment=enrolment, lesson=lesson)
    if lesson.kind == Lesson.Kind.QUIZ and _has_questions(lesson):
        raise ApplicationError(_("Pass the quiz to complete this lesson."))
    return _record_completion(enrolment=enrolment, lesson=lesson)


@transaction.atomic
def quiz_attempt_submit(*, enrolment: Enrolment, lesson: Lesson, answers: Mapping[int, int]) -> QuizAttempt:
    """Score the answers (question id → choice id) to the lesson's quiz and record the attempt.

    Every question of the quiz must be answered with one of its own choices; an answer to a
    question outside the quiz, or a choice of another question, raises ApplicationError and
    records nothing. A score (percent, rounded down) at or above the pass mark completes the lesson.
    """
    _check_lesson_of_enrolment(enrolment=enrolment, lesson=lesson)
    quiz = Quiz.objects.filter(lesson=lesson).prefetch_related("questions__choices").first()
    if quiz is None:
        raise ApplicationError(_("This lesson has no quiz."))
    questions = {question.pk: question for question in quiz.questions.all()}
    if not questions:
        raise ApplicationError(_("This quiz has no questions yet."))

    unknown = sorted(set(answers) - set(questions))
    if unknown:
        message = _("Question %(ids)s is not part of this quiz.") % {"ids": ", ".join(map(str, unknown))}
        raise ApplicationError(message, extra={"fields": {"answers": [message]}})
    missing = [pk for pk in questions if pk not in answers]
    if missing:
        message = _("Answer every question: %(count)d unanswered.") % {"count": len(missing)}
        raise ApplicationError(message, extra={"fields": {"answers": [message]}})
    correct = 0
    for question_id, choice_id in answers.items():
        choices = {choice.pk: choice for choice in questions[question_id].choices.all()}
        if choice_id not in choices:
            message = _("Choice %(choice)s is not an answer to question %(question)s.") % {
                "choice": choice_id,
                "question": question_id,
            }
            raise ApplicationError(message, extra={"fields": {"answers": [message]}})
        correct += choices[choice_id].is_correct

    score = correct * 100 // len(questions)
    attempt = QuizAttempt(
        enrolment=enrolment,
        quiz=quiz,
        answers={str(question_id): choice_id for question_id, choice_id in answers.items()},
        correct_count=correct,
        question_count=len(questions),
        score=score,
        is_passed=score >= quiz.pass_mark,
    )
    attempt.full_clean()
    attempt.save()
    if attempt.is_passed:
        _record_completion(enrolment=enrolment, lesson=lesson)
    return attempt


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment) -> Enrolment:
    """Mark the enrolment completed once every required lesson is complete. Idempotent.

    Raises ApplicationError while required lessons remain. Called by lesson_complete and
    quiz_attempt_submit when the last required lesson is done.
    """
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.is_completed:
        enrolment.completed_at = locked.completed_at
        return enrolment
    if _required_lessons_left(enrolment=enrolment).exists():
        raise ApplicationError(_("Complete every required lesson before finishing the course."))
    enrolment.completed_at = timezone.now()
    enrolment.full_clean()
    enrolment.save(update_fields=["completed_at", "updated_at"])
    _enqueue_credential_issue(enrolment_id=enrolment.pk)
    return enrolment


def _enqueue_credential_issue(*, enrolment_id: int) -> None:
    from ..tasks import credential_issue_task  # local import: tasks import services

    enqueue_on_commit(credential_issue_task, enrolment_id)


# A completion's certificate is normally issued within seconds; past this the sweep enqueues it again.
CREDENTIAL_DEADLINE = datetime.timedelta(minutes=5)
SWEEP_BATCH = 1000


def credential_sweep(*, now: datetime.datetime | None = None) -> int:
    """Enqueue the certificate of every enrolment completed more than CREDENTIAL_DEADLINE ago that has
    none (its task was lost to a broker outage or a killed worker). Idempotent: issuing is. Returns
    how many were enqueued (at most SWEEP_BATCH a run; the next run takes the rest)."""
    from ..tasks import credential_issue_task

    now = now or timezone.now()
    pending = (
        Enrolment.objects.filter(completed_at__lt=now - CREDENTIAL_DEADLINE, credential__isnull=True)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(enqueue(credential_issue_task, pk) for pk in pending)
