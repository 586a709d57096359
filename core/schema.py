"""OpenAPI: the error answers every operation can give, documented once (issue #9).

A drf-spectacular post-processing hook adds 400, 401, 403, 404 and 414 to every operation that does not
describe them itself, with the platform's error body: `{"message", "extra": {"fields"}}` from
core.exceptions.api_exception_handler, or DRF's `{"detail"}` for authentication and missing objects.
"""

from typing import Any

ERROR = {
    "type": "object",
    "description": "An error: a message naming the parameter or field, or DRF's detail.",
    "properties": {
        "message": {"type": "string"},
        "extra": {"type": "object", "additionalProperties": True},
        "detail": {"type": "string"},
    },
}
ANSWERS = {
    "400": "A parameter or field is not valid; the message names it.",
    "401": "The credentials given are not valid.",
    "403": "Not signed in, or not allowed to read this.",
    "404": "No such object (or not one the caller may see).",
    "414": "The address is too long (the server reads at most 4 KB of it).",
}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS entry: the Error component and the 4xx answers of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ANSWERS.items():
                # gunicorn itself answers an over-long address, with a short HTML page
                content = {"text/html": {"schema": {"type": "string"}}} if code == "414" else reference
                responses.setdefault(code, {"description": description, "content": content})
    return result
