import django_filters

from .models import Event


class EventFilter(django_filters.FilterSet):
    consortium = django_filters.CharFilter(
        field_name="programme__consortium__slug", help_text="Consortium slug, e.g. kyushu-semiconductor."
    )
    # A choice, not a BooleanFilter: that one reads any unknown value ("null", "maybe") as "not given".
    upcoming = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_upcoming",
        help_text="true: only events yet to start; false: only events that have started.",
    )

    class Meta:
        model = Event
        fields = ("consortium", "prefecture")

    def filter_upcoming(self, queryset, name, value):
        from django.utils import timezone

        if not value:
            return queryset
        if value == "true":
            return queryset.filter(starts_at__gt=timezone.now())
        return queryset.filter(starts_at__lte=timezone.now())
