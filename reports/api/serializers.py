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
