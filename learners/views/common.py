"""Helpers the learner pages share: the course, the enrolment or a 403 page, a lesson's address."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.types import AuthenticatedHttpRequest
from courses.models import Course, Lesson
from courses.selectors import course_get

from .. import selectors
from ..models import Enrolment


def _course_or_404(slug: str) -> Course:
    course = course_get(slug=slug)
    if course is None:
        raise Http404
    return course


def _enrolment_or_403(request: AuthenticatedHttpRequest, course: Course) -> Enrolment | HttpResponse:
    enrolment = selectors.enrolment_get_for_course(actor=request.user, course=course)
    if enrolment is None:
        return render(request, "learners/not_enrolled.html", {"course": course}, status=403)
    return enrolment


def _lesson_url(course: Course, lesson: Lesson) -> str:
    return reverse("learners:lesson-detail", kwargs={"slug": course.slug, "lesson_id": lesson.pk})
