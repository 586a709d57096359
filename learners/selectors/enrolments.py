"""Enrolments, lessons and progress, and the learning overview."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet

from core.models import User
from courses.models import Course, Lesson, Module

from ..models import (
    Credential,
    Enrolment,
    QuizAttempt,
)
from .scope import _is_learner


def _outline() -> Prefetch:
    return Prefetch(
        "course__modules",
        queryset=Module.objects.order_by("order").prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order"))
        ),
    )


def enrolment_list(*, actor: User) -> QuerySet[Enrolment]:
    """The actor's enrolments, newest first, with course, certificate (if issued), outline and
    completed lessons prefetched.

    Four queries whatever the number of enrolments; an anonymous actor gets none.
    """
    if not _is_learner(actor):
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(learner=actor)
        .select_related("course__provider", "credential")
        .prefetch_related(_outline(), "lesson_completions")
        .order_by("-created_at", "-pk")
    )


def enrolment_get(*, actor: User, uuid: UUID | str) -> Enrolment | None:
    """One of the actor's enrolments by its public id; None for anyone else's (so views answer 404)."""
    try:
        public_id = uuid if isinstance(uuid, UUID) else UUID(str(uuid))
    except ValueError:  # not a UUID at all: nobody's enrolment
        return None
    return enrolment_list(actor=actor).filter(uuid=public_id).first()


def enrolment_get_for_course(*, actor: User, course: Course) -> Enrolment | None:
    """The actor's enrolment in the course, or None (also for anonymous visitors)."""
    return enrolment_list(actor=actor).filter(course=course).first()


def course_page_context(*, actor: User | AnonymousUser, course: Course) -> dict[str, Any]:
    """What a course page shows of the learner: their enrolment in it (None for anyone else).

    The courses app cannot import this one (docs/adr/0003-app-layers.md); settings name it in
    COURSE_PAGE_CONTEXT and courses.views.course_detail calls it, so the query runs in the view and
    not in a template tag.
    """
    enrolment = enrolment_get_for_course(actor=actor, course=course) if actor.is_authenticated else None
    return {"enrolment": enrolment}


def course_lessons(*, course: Course) -> list[Lesson]:
    """Every lesson of the course in outline order (module order, then lesson order).

    Uses the prefetched outline when there is one (as enrolment_list and course_get provide).
    """
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


@dataclass(frozen=True)
class Progress:
    """How far an enrolment is: required lessons completed of all required, and what comes next."""

    completed: int
    required: int
    percent: int
    next_lesson: Lesson | None
    completed_lesson_ids: frozenset[int] = field(default_factory=frozenset)


def enrolment_progress(*, enrolment: Enrolment) -> Progress:
    """Progress of one enrolment, computed from its prefetched outline and completions.

    `percent` is rounded down, so 100 means every required lesson is complete. `next_lesson` is the
    first required lesson not yet complete in outline order (None when all are).
    """
    done = frozenset(completion.lesson_id for completion in enrolment.lesson_completions.all())
    required = [lesson for lesson in course_lessons(course=enrolment.course) if lesson.is_required]
    completed = sum(1 for lesson in required if lesson.pk in done)
    # A course without required lessons is 100% once completed, 0% before.
    fallback = 100 if enrolment.is_completed else 0
    percent = completed * 100 // len(required) if required else fallback
    next_lesson = next((lesson for lesson in required if lesson.pk not in done), None)
    return Progress(completed, len(required), percent, next_lesson, done)


@dataclass(frozen=True)
class EnrolmentWithProgress:
    enrolment: Enrolment
    progress: Progress
    credential: "Credential | None" = None


def _issued_credential(enrolment: Enrolment) -> "Credential | None":
    try:
        return enrolment.credential
    except Credential.DoesNotExist:
        return None


def learning_overview(*, actor: User) -> tuple[list[EnrolmentWithProgress], list[EnrolmentWithProgress]]:
    """The actor's enrolments split into (in progress, completed), each with its progress and, once
    issued, the certificate of a completed one."""
    rows = [
        EnrolmentWithProgress(e, enrolment_progress(enrolment=e), _issued_credential(e))
        for e in enrolment_list(actor=actor)
    ]
    in_progress = [row for row in rows if not row.enrolment.is_completed]
    completed = sorted(
        (row for row in rows if row.enrolment.is_completed),
        key=lambda row: cast(dt.datetime, row.enrolment.completed_at),  # completed: never None
        reverse=True,
    )
    return in_progress, completed


def lesson_get(*, course: Course, lesson_id: int) -> Lesson | None:
    """One lesson of the course (with its quiz, questions and choices), or None if it is not the course's."""
    return (
        Lesson.objects.filter(pk=lesson_id, module__course=course)
        .select_related("module__course", "quiz")
        .prefetch_related("quiz__questions__choices")
        .first()
    )


def quiz_attempt_list(*, actor: User, enrolment: Enrolment, lesson: Lesson) -> QuerySet[QuizAttempt]:
    """The actor's attempts at the lesson's quiz within their enrolment, newest first."""
    if not _is_learner(actor) or enrolment.learner_id != actor.pk:
        return QuizAttempt.objects.none()
    return QuizAttempt.objects.filter(enrolment=enrolment, quiz__lesson=lesson).order_by("-created_at", "-pk")
