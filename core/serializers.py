"""Input fields that take JSON values as they are, never coerced (issue #9: the API contract).

DRF's BooleanField also reads 0, 1, "yes" and "on", and its CharField turns numbers into text; the
OpenAPI schema says a boolean and a string, so anything else is a 400 naming the field.
"""

from rest_framework import serializers


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false only (consent is never given by a stray 1)."""

    def to_internal_value(self, data: object) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)
        return False  # unreachable: fail() raises


class StrictCharField(serializers.CharField):
    """A JSON string only."""

    default_error_messages = {"not_a_string": "Give a string."}

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)
