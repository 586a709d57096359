"""Template tags for other apps' pages; each only delegates to a selector (no rules here)."""

from typing import Any

from django import template

from courses.models import Course

from ..models import Enrolment
from ..selectors import enrolment_get_for_course

register = template.Library()


@register.simple_tag(takes_context=True)
def course_enrolment(context: dict[str, Any], course: Course) -> Enrolment | None:
    """The signed-in learner's enrolment in the course, or None; lets a course page offer enrol/continue."""
    request = context.get("request")
    if request is None:
        return None
    return enrolment_get_for_course(actor=request.user, course=course)
