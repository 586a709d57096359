from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consortia.models import Consortium, Event, MemberOrganization, Programme


class MemberOrganizationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberOrganization
        fields = ("slug", "name_ja", "name_en", "kind", "prefecture", "verification")


class ConsortiumOutputSerializer(serializers.ModelSerializer):
    members = MemberOrganizationOutputSerializer(source="organizations", many=True, read_only=True)
    founded = serializers.CharField(source="founded_display", read_only=True)

    class Meta:
        model = Consortium
        fields = (
            "slug",
            "name_ja",
            "name_en",
            "industry",
            "region",
            "prefectures",
            "prefectures_verification",
            "meti_bureau",
            "founded",
            "verification",
            "sources",
            "members",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_prefectures(self, consortium: Consortium) -> list[str]:  # pragma: no cover - schema only
        return consortium.prefectures


class ProgrammeSummarySerializer(serializers.ModelSerializer):
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Programme
        fields = ("uuid", "name_ja", "name_en", "kind", "audiences", "is_demo")


class EventOutputSerializer(serializers.ModelSerializer):
    consortium: "serializers.SlugRelatedField[Consortium]" = serializers.SlugRelatedField(
        source="programme.consortium", slug_field="slug", read_only=True
    )
    programme = ProgrammeSummarySerializer(read_only=True)
    seats_left = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = (
            "uuid",
            "consortium",
            "programme",
            "starts_at",
            "ends_at",
            "venue",
            "prefecture",
            "capacity",
            "seats_left",
            "is_demo",
        )

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_seats_left(self, event: Event) -> int | None:
        """Seats left while one can still register; none once the event has started. After the
        start, capacity minus seats left would be the exact attendance of the event, which the
        rollup counts (docs/adr/0001-disclosure-control.md): a day-level exact count, unprotected."""
        if not event.is_upcoming:
            return None
        # learner_seats and group_seats are annotations of consortia.selectors.event_list
        return max(event.capacity - event.learner_seats - event.group_seats, 0)  # type: ignore[attr-defined]
