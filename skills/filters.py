"""Query-string filters of the skills API."""

import django_filters

from .models import Role, Skill


class RoleFilter(django_filters.FilterSet):
    hr_type = django_filters.CharFilter(field_name="hr_type__slug", label="Human-resource type slug")

    class Meta:
        model = Role
        fields = ("hr_type",)


class SkillFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="subcategory__category__slug", label="Category slug")
    subcategory = django_filters.CharFilter(field_name="subcategory__slug", label="Sub-category slug")
    role = django_filters.CharFilter(
        method="filter_role", label="Role slug: only the skills the role requires"
    )

    class Meta:
        model = Skill
        fields = ("category", "subcategory", "role")

    def filter_role(self, queryset, name, value):
        return queryset.filter(requirements__role__slug=value).distinct()
