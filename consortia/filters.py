import django_filters

from .models import Event


class EventFilter(django_filters.FilterSet):
    consortium = django_filters.CharFilter(
        field_name="programme__consortium__slug", help_text="Consortium slug, e.g. kyushu-semiconductor."
    )
    upcoming = django_filters.BooleanFilter(method="filter_upcoming", help_text="Only events yet to start.")

    class Meta:
        model = Event
        fields = ("consortium", "prefecture")

    def filter_upcoming(self, queryset, name, value):
        from django.utils import timezone

        if value is None:
            return queryset
        if value:
            return queryset.filter(starts_at__gt=timezone.now())
        return queryset.filter(starts_at__lte=timezone.now())
