"""The catalogue's query parameters, shared by the /courses/ page and GET /api/v1/courses/.

The FilterSet validates and documents the parameters (an unknown role, prefecture or format is
an error naming the parameter); `courses.selectors.course_list` does the filtering.
"""

from collections.abc import Callable
from typing import Any

import django_filters
from django.db.models import Model, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.prefectures import Prefecture
from skills.models import HumanResourceType, Role, SkillCategory, StandardVersion

from .models import Course
from .selectors import course_list

ANY = _("Any")


def _current(model: type[Model], *ordering: str) -> Callable[[HttpRequest | None], QuerySet]:
    """Choices from the current DSS-P version, read per request (django-filter calls this with the request)."""

    def rows(request: HttpRequest | None) -> QuerySet:
        return model._default_manager.filter(
            version__is_current=True, version__part=StandardVersion.Part.PROMOTION
        ).order_by(*ordering)

    return rows


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A row of the current standard named by its slug (documented as a string in the schema)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(to_field_name="slug", empty_label=ANY, **kwargs)


class CourseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Keyword"), max_length=200)
    hr_type = SlugChoiceFilter(
        label=_("Human-resource type"),
        queryset=_current(HumanResourceType, "order"),
    )
    role = SlugChoiceFilter(label=_("Role"), queryset=_current(Role, "hr_type__order", "order"))
    category = SlugChoiceFilter(
        label=_("Skill category"),
        queryset=_current(SkillCategory, "order"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Course level"), choices=Course.Level.choices, empty_label=ANY
    )
    free = django_filters.ChoiceFilter(
        label=_("Price"), choices=[("true", _("Free")), ("false", _("Paid"))], empty_label=ANY
    )
    format = django_filters.ChoiceFilter(
        label=pgettext_lazy("course delivery", "Format"), choices=Course.Format.choices, empty_label=ANY
    )
    prefecture = django_filters.ChoiceFilter(
        label=_("Prefecture"), choices=Prefecture.choices, empty_label=ANY
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of instruction"), choices=Course.Language.choices, empty_label=ANY
    )
    ordering = django_filters.ChoiceFilter(
        label=_("Sort by"),
        help_text=_("Best match is the default with a keyword; newest first without one."),
        choices=[
            ("relevance", _("Best match")),
            ("newest", _("Newest first")),
            ("title", _("Title")),
            ("hours", _("Shortest first")),
            ("price", _("Cheapest first")),
        ],
        empty_label=None,
    )

    class Meta:
        model = Course
        fields = ()

    # The filters a visitor sets; `applied_filters` lists those in force.
    FILTER_NAMES = ("hr_type", "role", "category", "level", "free", "format", "prefecture", "language")

    def __init__(self, data: QueryDict | dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> None:
        # Without an ordering, a keyword sorts by best match and no keyword by newest, so the
        # sort menu shows the ordering that applies (the page and the API alike). The catalogue's
        # form also sends its sort menu and `searched`, the keyword the page was showing: a new or
        # changed keyword sorts by best match whatever the menu said (the menu read "Newest first"
        # when there was no keyword), while a new order for the same keyword is kept.
        if data is not None:
            query = (data.get("q") or "").strip()
            is_new_keyword = (
                "searched" in data and bool(query) and query != (data.get("searched") or "").strip()
            )
            if is_new_keyword or not data.get("ordering"):
                data = data.copy()
                data["ordering"] = "relevance" if query else "newest"
        super().__init__(data, *args, **kwargs)

    def applied_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, label, value shown) of each valid filter in force, in the form's order."""
        self.form.is_valid()  # cleans once; invalid fields are left out of cleaned_data
        data = self.form.cleaned_data
        applied = []
        for name in self.FILTER_NAMES:
            value = data.get(name)
            if not value:
                continue
            field = self.form.fields[name]
            shown = str(dict(field.choices).get(value, value)) if isinstance(value, str) else str(value)
            applied.append((name, str(field.label), shown))
        return applied

    def selector_arguments(self) -> dict[str, Any]:
        """The valid parameters as `course_list` arguments; invalid ones are left out."""
        data = self.form.cleaned_data
        free = data.get("free")
        return {
            "query": data.get("q") or "",
            "hr_type": data["hr_type"].slug if data.get("hr_type") else None,
            "role": data["role"].slug if data.get("role") else None,
            "category": data["category"].slug if data.get("category") else None,
            "level": data.get("level") or None,
            "is_free": {"true": True, "false": False}.get(free) if free else None,
            "format": data.get("format") or None,
            "prefecture": data.get("prefecture") or None,
            "language": data.get("language") or None,
            "ordering": data.get("ordering") or None,
        }

    def filter_queryset(self, queryset: QuerySet[Course]) -> QuerySet[Course]:
        # The selector owns filtering, search and ordering (the same call the page makes).
        return course_list(**self.selector_arguments())
