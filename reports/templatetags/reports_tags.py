"""Template filters of the reports app for figures that may be suppressed (no queries: STYLE §11)."""

from django import template

from reports.disclosure import SUPPRESSED

register = template.Library()


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
