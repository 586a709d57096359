"""My learning, enrolment, lessons and quizzes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.types import AuthenticatedHttpRequest
from courses.models import Lesson

from .. import selectors, services
from ..forms import (
    QuizForm,
)
from ..models import Enrolment, ExternalCompletion
from .common import _course_or_404, _enrolment_or_403, _lesson_url


@login_required
def my_learning(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/learning/: each enrolment in progress with its progress bar and next lesson; completed ones."""
    in_progress, completed = selectors.learning_overview(actor=request.user)
    return render(
        request,
        "learners/my_learning.html",
        {
            "in_progress": in_progress,
            "completed": completed,
            "profile": selectors.learner_profile_get(actor=request.user),
            "external": selectors.external_completion_list(actor=request.user),
            "has_record": selectors.learner_record_available(actor=request.user),
        },
    )


@login_required
@require_POST
def external_completion_dispute(request: AuthenticatedHttpRequest, completion_uuid: str) -> HttpResponse:
    """POST /me/learning/reported/<uuid>/dispute/: the learner disputes a completion a provider reported."""
    try:
        completion = selectors.external_completion_get(actor=request.user, uuid=completion_uuid)
    except ExternalCompletion.DoesNotExist:
        raise Http404 from None
    reason = request.POST.get("reason", "")
    if len(reason) > 2000:
        messages.error(request, _("Keep the reason under 2,000 characters."))
        return redirect("learners:my-learning")
    try:
        services.external_completion_dispute(learner=request.user, completion=completion, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your dispute was sent to %(provider)s. The record does not count until it is resolved.")
            % {"provider": completion.provider.name},
        )
    return redirect("learners:my-learning")


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """POST /learn/<slug>/enrol/: enrol (idempotent) and continue on the course's learning page."""
    course = _course_or_404(slug)
    existing = selectors.enrolment_get_for_course(actor=request.user, course=course)
    try:
        services.enrolment_create(learner=request.user, course=course)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(course)
    if existing is None:
        messages.success(request, _("You are enrolled. Start with the first lesson when you are ready."))
    return redirect("learners:course-learn", slug=course.slug)


@login_required
def course_learn(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """/learn/<slug>/: the enrolled learner's outline with what is done and what comes next."""
    course = _course_or_404(slug)
    enrolment = selectors.enrolment_get_for_course(actor=request.user, course=course)
    if enrolment is None:
        return render(request, "learners/not_enrolled.html", {"course": course}, status=403)
    progress = selectors.enrolment_progress(enrolment=enrolment)
    return render(
        request,
        "learners/course_learn.html",
        {"course": enrolment.course, "enrolment": enrolment, "progress": progress},
    )


def _lesson_context(request: AuthenticatedHttpRequest, enrolment: Enrolment, lesson: Lesson) -> dict:
    progress = selectors.enrolment_progress(enrolment=enrolment)
    lessons = selectors.course_lessons(course=enrolment.course)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    return {
        "course": enrolment.course,
        "enrolment": enrolment,
        "lesson": lesson,
        "progress": progress,
        "is_complete": lesson.pk in progress.completed_lesson_ids,
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "following_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "attempts": selectors.quiz_attempt_list(actor=request.user, enrolment=enrolment, lesson=lesson)[:5],
        "quiz": getattr(lesson, "quiz", None),
    }


def _enrolled_lesson(
    request: AuthenticatedHttpRequest, slug: str, lesson_id: int
) -> tuple[Enrolment, Lesson] | HttpResponse:
    course = _course_or_404(slug)
    enrolment = _enrolment_or_403(request, course)
    if isinstance(enrolment, HttpResponse):
        return enrolment
    lesson = selectors.lesson_get(course=course, lesson_id=lesson_id)
    if lesson is None:
        raise Http404
    return enrolment, lesson


@login_required
def lesson_detail(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """/learn/<slug>/lessons/<id>/: a lesson of a course the learner is enrolled in (403 otherwise)."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    context = _lesson_context(request, enrolment, lesson)
    if context["quiz"] is not None:
        context["form"] = QuizForm(quiz=context["quiz"])
    return render(request, "learners/lesson.html", context)


@login_required
@require_POST
def lesson_complete(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """POST: mark the lesson complete and go on to the next required lesson (or the outline)."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    try:
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    except ApplicationError as error:
        context = _lesson_context(request, enrolment, lesson)
        context["error"] = error.message
        if context["quiz"] is not None:
            context["form"] = QuizForm(quiz=context["quiz"])
        return render(request, "learners/lesson.html", context, status=400)
    return _after_completion(request, enrolment)


def _after_completion(request: AuthenticatedHttpRequest, enrolment: Enrolment) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, uuid=enrolment.uuid) or enrolment
    if enrolment.is_completed:
        messages.success(
            request,
            _("You have completed %(course)s. Well done!") % {"course": enrolment.course.title},
        )
        return redirect("learners:my-learning")
    progress = selectors.enrolment_progress(enrolment=enrolment)
    if progress.next_lesson is not None:
        return redirect(_lesson_url(enrolment.course, progress.next_lesson))
    return redirect("learners:course-learn", slug=enrolment.course.slug)


@login_required
@require_POST
def quiz_submit(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """POST: take the lesson's quiz. Bad answers give 400 and record nothing; a pass completes the lesson."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    context = _lesson_context(request, enrolment, lesson)
    if context["quiz"] is None:
        raise Http404
    form = QuizForm(request.POST, quiz=context["quiz"])
    context["form"] = form
    if not form.is_valid():
        return render(request, "learners/lesson.html", context, status=400)
    try:
        attempt = services.quiz_attempt_submit(enrolment=enrolment, lesson=lesson, answers=form.answers())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render(request, "learners/lesson.html", context, status=400)
    if attempt.is_passed:
        messages.success(
            request,
            _("You passed with %(score)d%% (%(correct)d of %(total)d correct).")
            % {"score": attempt.score, "correct": attempt.correct_count, "total": attempt.question_count},
        )
        return _after_completion(request, enrolment)
    messages.error(
        request,
        _(
            "You scored %(score)d%% (%(correct)d of %(total)d correct); %(pass_mark)d%% is needed to pass. Try again."
        )
        % {
            "score": attempt.score,
            "correct": attempt.correct_count,
            "total": attempt.question_count,
            "pass_mark": context["quiz"].pass_mark,
        },
    )
    return redirect(_lesson_url(enrolment.course, lesson))
