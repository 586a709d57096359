"""Portal pages of the course catalogue."""

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.module_loading import import_string

from .filters import CourseFilter
from .selectors import course_get, course_list

PAGE_SIZE = 12


def course_catalogue(request: HttpRequest) -> HttpResponse:
    """/courses/: search and filter the published courses, 12 a page.

    An invalid parameter is named in an error message and left out; the valid ones still apply.
    A keyword sorts by best match unless another ordering is chosen. The page says how many
    courses matched and which filters are in force, each with a link that removes it.
    """
    filterset = CourseFilter(request.GET, queryset=course_list(), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    applied = []
    for name, label, value in filterset.applied_filters():
        rest = request.GET.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        applied.append({"label": label, "value": value, "remove_url": f"?{rest.urlencode()}"})
    return render(
        request,
        "courses/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "query": filterset.selector_arguments()["query"].strip(),
            "applied_filters": applied,
        },
    )


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """/courses/<slug>/: a published course, the roles and skills it builds and its outline."""
    course = course_get(slug=slug)
    if course is None:
        raise Http404
    context: dict[str, Any] = {"course": course}
    if settings.COURSE_PAGE_CONTEXT:  # what a higher app adds (the learner's enrolment), composed in settings
        context |= import_string(settings.COURSE_PAGE_CONTEXT)(actor=request.user, course=course)
    return render(request, "courses/detail.html", context)
