"""The one paginator for every list endpoint: responses carry count, next, previous and results."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_number(self, request: Request, paginator: object) -> str:
        """`page` is a whole number from 1 (DRF would read "" or "x" as the first page)."""
        value = request.query_params.get(self.page_query_param, "1")
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ValidationError({"page": [f"page: '{value[:40]}' is not a whole number from 1."]})
        return value

    def get_page_size(self, request: Request) -> int:
        """`page_size` from 1 to 200; anything else is a 400 naming it (DRF would silently ignore it)."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            message = f"page_size: '{value[:40]}' is not a whole number from 1 to {self.max_page_size}."
            raise ValidationError({"page_size": [message]})
        return int(value)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict]:
        """DRF's two parameters, with the bounds the methods above enforce."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
