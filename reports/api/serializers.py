from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["x"]}]})
class PeopleField(serializers.Field):
    """A count, or "x" when it is suppressed."""

    def to_representation(self, value: int | str) -> int | str:
        return value


class ProgressRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Prefecture code, type or consortium slug, YYYY-MM or source."))
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label", not Field.label
    people = PeopleField()


class ProgressFiltersSerializer(serializers.Serializer):
    """The filters as applied (blank when not given); "from" is added in get_fields (a keyword)."""

    to = serializers.CharField(allow_blank=True)
    prefecture = serializers.CharField(allow_blank=True)
    hr_type = serializers.CharField(allow_blank=True)
    consortium = serializers.CharField(allow_blank=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"from": serializers.CharField(allow_blank=True), **fields}


class ProgressOutputSerializer(serializers.Serializer):
    group_by = serializers.CharField()
    filters = ProgressFiltersSerializer()
    total = PeopleField()
    results = ProgressRowSerializer(many=True)
    suppressed = serializers.BooleanField()
    threshold = serializers.IntegerField()
    note = serializers.CharField()


class MeasureRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field called "label", not Field.label
    people = PeopleField()


class OverlapRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    cells = serializers.ListField(
        child=PeopleField(), help_text=_("People reached by this and each measure, in order.")
    )


class AudienceRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    persons = PeopleField()


class ByNumberSerializer(serializers.Serializer):
    measures = serializers.IntegerField()
    people = PeopleField()


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["x"]}], "nullable": True})
class ReconciliationValueField(serializers.Field):
    """A figure, "x" when it depends on a hidden one, or null when it does not apply (as head_count)."""

    def to_representation(self, value: int | str) -> int | str:
        return value


class ReconciliationRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = ReconciliationValueField()


class MeasuresOutputSerializer(serializers.Serializer):
    filters = ProgressFiltersSerializer()
    as_of = serializers.DateField(allow_null=True)
    measures = MeasureRowSerializer(many=True)
    head_count = PeopleField(
        allow_null=True, help_text=_("Null when a type filter applies (head-counts have none).")
    )
    head_counts_by_audience = AudienceRowSerializer(many=True)
    total = PeopleField()
    overlap = OverlapRowSerializer(many=True)
    by_number = ByNumberSerializer(many=True)
    reconciliation = ReconciliationRowSerializer(many=True)
    threshold = serializers.IntegerField()
    note = serializers.CharField()
