"""OpenAPI: each operation documents exactly the 4xx answers it can give (issue #13).

`ErrorAnswersSchema` is the project's DEFAULT_SCHEMA_CLASS. After drf-spectacular has built an
operation, it adds the error answers that the view's own machinery can give, derived from the view:

| code | when | body |
|---|---|---|
| 400 | always: any parameter or field the view checks (filters, `page`, `page_size`, hand-read parameters, the body), and core.middleware refuses an empty query parameter (under /api/v1/), a NUL character anywhere, or more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters | ErrorMessage; or ErrorDetail where a body is parsed (DRF's parse error) |
| 401 | the view's first authentication class sends a WWW-Authenticate challenge; without one DRF answers 403 instead | ErrorDetail |
| 403 | an authentication class other than the session (a bad token), the session on an unsafe method (CSRF), a permission class other than AllowAny and IsAuthenticated (signed in, not allowed), or IsAuthenticated without a challenge | ErrorDetail |
| 404 | a path parameter (no such object, or not one the caller may see), or a paginated list (`page` past the last) | ErrorDetail |
| 406 | DRF's content negotiation: an Accept header naming no media type the view renders | ErrorDetail |
| 413 | POST, PUT and PATCH: a body over DATA_UPLOAD_MAX_MEMORY_SIZE (core.middleware) | ErrorMessage |
| 414 | always: gunicorn refuses a request line over 4 KB before Django sees it | an HTML page |
| 415 | a request body: another Content-Type than the documented ones | ErrorDetail |
| 429 | throttle classes | ErrorDetail |

405 is never documented: an operation is a path and a method it allows (any other method is a 405).
Views document what only their code knows (409, a 404 on an address without parameters, the xAPI's
403) with `@extend_schema(responses=...)`: a 4xx documented without a body gets the error body, and
one documented with a body of its own (an upload refused as a whole) gets the error bodies as
alternatives. A view whose every error reads `{"message"}` (the xAPI resource) sets
`error_body = "message"`.
"""

import copy
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

MESSAGE = "ErrorMessage"
DETAIL = "ErrorDetail"
HTML = "html"
ERROR_SCHEMAS: dict[str, dict[str, Any]] = {
    MESSAGE: {
        "type": "object",
        "description": "The platform's error (core.exceptions.api_exception_handler, core.middleware): "
        "a message naming the parameter or field, and under extra.fields the message for each.",
        "properties": {
            "message": {"type": "string"},
            "extra": {
                "type": "object",
                "properties": {"fields": {"type": "object", "additionalProperties": {}}},
                "additionalProperties": {},
            },
        },
        "required": ["message"],
    },
    DETAIL: {
        "type": "object",
        "description": "DRF's error: authentication, permission, a missing object, content negotiation, "
        "a body that does not parse, throttling.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
}
# gunicorn's limit_request_line (4094 bytes): its own short HTML page, before Django sees the request.
URI_TOO_LONG = {"text/html": {"schema": {"type": "string"}}}


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


class ErrorAnswersSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the 4xx answers each operation can give (see the module)."""

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self._document_errors(operation)
        return operation

    # --- what the view can answer -------------------------------------------------------------

    def documented_by_view(self) -> set[str]:
        """The codes the view's own `@extend_schema(responses={...})` names (a 404 only its code knows)."""
        responses = self.get_response_serializers()
        if not isinstance(responses, dict):
            return set()
        return {str(code[0] if isinstance(code, tuple) else code) for code in responses}

    def error_answers(self, operation: dict[str, Any]) -> dict[str, str]:
        """The 4xx codes this operation can answer, with a description of each, from its view."""
        answers = {"400": self._bad_request(operation)}
        refusals = self._refusals()
        answers.update(refusals)
        not_found = self._not_found(operation)
        if not_found:
            answers["404"] = not_found
        if isinstance(self.view.get_content_negotiator(), DefaultContentNegotiation):
            media_types = ", ".join(self.map_renderers("media_type"))
            answers["406"] = _(
                "The Accept header names no media type this operation answers with (%(types)s)."
            ) % {"types": media_types}
        if self.method in ("POST", "PUT", "PATCH"):
            answers["413"] = _("The body is over %(limit)s bytes.") % {
                "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            }
        answers["414"] = _("The address is too long: the server reads at most 4 KB of the request line.")
        body = operation.get("requestBody")
        if body:
            answers["415"] = _("The Content-Type is not %(types)s.") % {"types": ", ".join(body["content"])}
        if self.view.get_throttles():
            answers["429"] = _("Too many requests; wait and try again.")
        return answers

    def _bad_request(self, operation: dict[str, Any]) -> str:
        names = [parameter["name"] for parameter in operation.get("parameters", [])]
        checked = _("Checked here: %(names)s.") % {"names": ", ".join(names)} if names else ""
        body = _("The body is checked field by field.") if operation.get("requestBody") else ""
        return _sentences(
            _(
                "A parameter or field is not valid, or a query parameter is empty or holds a NUL "
                "character; the message names it."
            ),
            checked,
            body,
        )

    def _refusals(self) -> dict[str, str]:
        """401 and 403, as DRF decides them: a refused credential is a 401 only when the first
        authentication class sends a challenge (WWW-Authenticate); otherwise it is a 403."""
        authenticators = self.view.get_authenticators()
        challenge = bool(authenticators) and bool(authenticators[0].authenticate_header(self.view.request))
        permissions = self.view.get_permissions()
        needs_sign_in = any(not isinstance(permission, AllowAny) for permission in permissions)
        may_refuse_signed_in = any(
            not isinstance(permission, (AllowAny, IsAuthenticated)) for permission in permissions
        )
        credentials = any(not isinstance(a, SessionAuthentication) for a in authenticators)
        csrf = self.method not in SAFE_METHODS and any(
            isinstance(a, SessionAuthentication) for a in authenticators
        )
        unauthenticated: list[str] = []
        if needs_sign_in and authenticators:
            unauthenticated.append(_("No credentials, or credentials that are not valid."))
        elif credentials:
            unauthenticated.append(_("Credentials that are not valid (this operation needs none)."))
        forbidden: list[str] = []
        if needs_sign_in and not authenticators:
            forbidden.append(_("Refused: this operation reads no credentials."))
        if csrf:
            forbidden.append(_("A signed-in browser session sent no valid CSRF token."))
        if may_refuse_signed_in:
            forbidden.append(_("Signed in, but not allowed to do this."))
        answers: dict[str, list[str]] = {}
        if unauthenticated:
            answers["401" if challenge else "403"] = unauthenticated
        if forbidden:
            answers.setdefault("403", []).extend(forbidden)
        return {code: _sentences(*parts) for code, parts in answers.items()}

    def _not_found(self, operation: dict[str, Any]) -> str:
        parts = []
        if any(parameter["in"] == "path" for parameter in operation.get("parameters", [])):
            parts.append(_("No such object, or not one the caller may see."))
        if self.method == "GET" and self._is_list_view() and self._get_paginator() is not None:
            parts.append(_("The page is past the last page."))
        return _sentences(*parts)

    # --- the bodies -----------------------------------------------------------------------------

    def error_bodies(self, code: str, operation: dict[str, Any]) -> list[str]:
        """The error components an answer with this code can have."""
        if code == "414":
            return [HTML]
        if getattr(self.view, "error_body", None) == "message":
            return [MESSAGE]
        if code == "400":
            return [MESSAGE, DETAIL] if operation.get("requestBody") else [MESSAGE]
        if code in ("409", "413", "422"):
            return [MESSAGE]
        return [DETAIL]

    def _reference(self, name: str) -> dict[str, Any]:
        component = ResolvedComponent(
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=f"core.schema.{name}",
            schema=copy.deepcopy(ERROR_SCHEMAS[name]),
        )
        self.registry.register_on_missing(component)
        return component.ref

    def _content(self, code: str, operation: dict[str, Any], own: dict[str, Any] | None) -> dict[str, Any]:
        bodies = self.error_bodies(code, operation)
        if bodies == [HTML]:
            return URI_TOO_LONG
        schemas = [self._reference(name) for name in bodies]
        if not own:
            return {"application/json": {"schema": schemas[0] if len(schemas) == 1 else {"anyOf": schemas}}}
        # A body of the view's own (an upload refused as a whole): the error bodies are alternatives.
        return {
            media_type: {**media, "schema": {"anyOf": [media["schema"], *schemas]}}
            if "schema" in media
            else media
            for media_type, media in own.items()
        }

    def _document_errors(self, operation: dict[str, Any]) -> None:
        responses = operation.setdefault("responses", {})
        answers = self.error_answers(operation)
        for code, description in answers.items():
            responses.setdefault(code, {"description": description})
        for code, response in responses.items():
            if code.startswith("4"):
                # a code the view names without saying when: the derived reason, or HTTP's own phrase
                response["description"] = (
                    response.get("description") or answers.get(code) or HTTPStatus(int(code)).phrase
                )
                response["content"] = self._content(code, operation, response.get("content"))
        operation["responses"] = dict(sorted(responses.items()))
