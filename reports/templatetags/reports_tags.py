"""Template helpers of the reports app: the navigation link and figures that may be suppressed."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reports.disclosure import SUPPRESSED
from reports.selectors import actor_may_read_reports

register = template.Library()


@register.simple_tag(takes_context=True)
def reports_nav_link(context: template.Context) -> str:
    """A navigation item to the ministry dashboard, only for users who may read reports."""
    request = context.get("request")
    if request is None or not actor_may_read_reports(actor=request.user):
        return ""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.namespace == "reports":
        return format_html(
            '<li><a href="{}" aria-current="page">{}</a></li>',
            reverse("reports:dashboard"),
            _("Progress reports"),
        )
    return format_html('<li><a href="{}">{}</a></li>', reverse("reports:dashboard"), _("Progress reports"))


@register.filter
def people(value: object) -> str:
    """A count with thousands separators; the suppression mark "x" and blanks pass through."""
    if value == SUPPRESSED or value is None or value == "":
        return str(value or "")
    try:
        return f"{int(value):,}"  # type: ignore[call-overload]  # a count, or text that falls through
    except (TypeError, ValueError):
        return str(value)


@register.filter
def is_suppressed(value: object) -> bool:
    return value == SUPPRESSED


@register.filter
def is_figure(value: object) -> bool:
    """A number or the suppression mark: right-aligned in tables."""
    return value == SUPPRESSED or (isinstance(value, int | float) and not isinstance(value, bool))
