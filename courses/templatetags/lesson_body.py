"""{% load lesson_body %} … {{ lesson.body|lesson_body }}: a lesson's body as HTML (courses/lesson_body.py)."""

from django import template
from django.utils.safestring import SafeString

from courses.lesson_body import lesson_body_html

register = template.Library()


@register.filter(name="lesson_body")
def lesson_body(value: str) -> SafeString:
    return lesson_body_html(value or "")
