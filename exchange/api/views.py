"""The xAPI 1.0.3 Statement resource and About resource (Communication, part three, 2.1 and 2.7).

https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Communication.md#21-statement-resource
"""

import datetime
import json
import uuid
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.selectors import course_slug_for_activity

from .. import xapi
from ..models import ProviderCredential, Statement
from ..selectors import statement_get, statement_list
from ..services import StatementRefused, credential_use_record, statements_store
from . import schema  # noqa: F401  (registers the OpenAPI security scheme)
from .authentication import ProviderBasicAuthentication, ProviderCredentialThrottle

VERSION_HEADER = "X-Experience-API-Version"
SINGLE_PARAMETERS = {"statementId", "voidedStatementId"}
QUERY_PARAMETERS = {"agent", "verb", "activity", "since", "until", "limit", "format", "attachments", "ascending",
                    "registration", "related_activities", "related_agents", "cursor"}  # fmt: skip
CURSOR_SALT = "exchange.xapi.more"


class XAPIError(exceptions.APIException):
    status_code = 400
    default_code = "invalid"


def _refuse(message: str, code: int = 400) -> XAPIError:
    error = XAPIError(message)
    error.status_code = code
    return error


def _no_constants(name: str) -> None:
    raise ValueError(f"{name} is not allowed in JSON")


def _parse_json(text: str | bytes, where: str, *, storable: bool = True) -> Any:
    """JSON, or a 400 naming what is wrong: malformed, and with `storable` also too deep, a NUL, a
    lone surrogate or a number too large for a float (a body's statements are checked one by one
    instead, so that the message names the statement)."""
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        raise _refuse(
            _("%(where)s: not valid JSON: %(error)s") % {"where": where, "error": str(error)[:200]}
        ) from None
    found = xapi.unstorable(value, where) if storable else None
    if found:
        raise _refuse(f"{found[0]}: {found[1]}")
    return value


class JSONOnlyNegotiation(BaseContentNegotiation):
    """Always JSON: `format` is the xAPI's own parameter (exact, ids, canonical), not DRF's
    renderer override."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class XAPIBaseView(APIView):
    """Version header in and out, JSON bodies read within a limit, every use of a credential recorded."""

    authentication_classes = [ProviderBasicAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [ProviderCredentialThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes: list = []
    content_negotiation_class = JSONOnlyNegotiation
    requires_version = True
    error_body = "message"  # every error reads {"message"} (handle_exception); core/schema.py documents so

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method or "")
        if self.requires_version:
            version = request.headers.get("x-experience-api-version")
            if not version:
                raise _refuse(_("The X-Experience-API-Version header is required (1.0.3)."))
            if not xapi.VERSION_RE.match(version.strip()):
                raise _refuse(
                    _("X-Experience-API-Version: this store speaks 1.0.x, not %(version)s.")
                    % {"version": version[:20]}
                )

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, StatementRefused):
            return Response({"message": exc.message}, status=exc.status)
        if isinstance(exc, Statement.DoesNotExist):
            return Response({"message": _("No such statement.")}, status=404)
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"message": str(response.data["detail"])}
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response[VERSION_HEADER] = xapi.VERSION
        credential = getattr(request, "_auth", None)
        if isinstance(credential, ProviderCredential):
            message = (
                response.data.get("message", "") if isinstance(getattr(response, "data", None), dict) else ""
            )
            credential_use_record(
                credential=credential, method=request.method or "", path=request.get_full_path(),
                status_code=response.status_code, statements=getattr(self, "statement_count", 0),
                detail=str(message), remote_addr=request.META.get("REMOTE_ADDR"),
            )  # fmt: skip
        return response

    def read_json(self, request: Request) -> Any:
        """The JSON body, or 415/400 naming what is wrong; the size was checked before reading
        (exchange.middleware)."""
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise _refuse(
                _("Content-Type must be application/json (this store takes no multipart/mixed attachments)."),
                status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            )
        return _parse_json(request._request.body, "body", storable=False)


STATEMENT_SCHEMA = {"type": "object", "description": "An xAPI 1.0.3 statement.", "additionalProperties": True}
VERSION_PARAMETER = OpenApiParameter(
    VERSION_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description="1.0.3 (any 1.0.x)."
)
# Parameters of the specification this store accepts only with the value false (`registration`
# it refuses always, so it is not documented).
NOT_SUPPORTED_PARAMETERS = [
    OpenApiParameter(name, OpenApiTypes.BOOL, enum=[False], description=description)
    for name, description in (
        ("attachments", "Only false: this store keeps no attachment content."),
        ("related_activities", "Only false: this store does not support related matching."),
        ("related_agents", "Only false: this store does not support related matching."),
    )
]


class StatementsView(XAPIBaseView):
    """POST, PUT and GET statements of the credential's provider."""

    statement_count = 0

    @extend_schema(
        operation_id="xapi_statements_list",
        summary="Get one statement, or a page of statements",
        parameters=[
            VERSION_PARAMETER,
            OpenApiParameter("statementId", OpenApiTypes.UUID),
            OpenApiParameter("voidedStatementId", OpenApiTypes.UUID),
            OpenApiParameter("agent", OpenApiTypes.STR, description="An Agent or identified Group, as JSON."),
            OpenApiParameter("verb", OpenApiTypes.URI),
            OpenApiParameter("activity", OpenApiTypes.URI),
            OpenApiParameter("since", OpenApiTypes.DATETIME),
            OpenApiParameter("until", OpenApiTypes.DATETIME),
            OpenApiParameter(
                "limit", {"type": "integer", "minimum": 0}, description="0 means the store's maximum."
            ),
            OpenApiParameter("ascending", OpenApiTypes.BOOL),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["exact", "ids", "canonical"]),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="Given by the `more` link."),
            *NOT_SUPPORTED_PARAMETERS,
        ],
        responses={
            200: OpenApiResponse(description="A statement, or {statements, more}."),
            404: OpenApiResponse(description="No statement of this provider has this statementId."),
            429: OpenApiResponse(description="The credential's rate limit is reached."),
        },
        tags=["xapi"],
    )
    def get(self, request: Request) -> Response:
        credential = _credential(request)
        params = request.query_params
        unknown = sorted(set(params) - SINGLE_PARAMETERS - QUERY_PARAMETERS)
        if unknown:
            raise _refuse(_("%(name)s: is not a parameter of the Statement resource.") % {"name": unknown[0]})
        fmt = params.get("format", "exact")
        if fmt not in ("exact", "ids", "canonical"):
            raise _refuse(_("format: must be exact, ids or canonical."))
        if params.get("attachments", "false") != "false":
            raise _refuse(
                _("attachments: this store keeps no attachment content; leave it out or send false.")
            )
        for name in ("related_activities", "related_agents"):
            if params.get(name, "false") != "false":
                raise _refuse(_("%(name)s: this store does not support related matching.") % {"name": name})
        if "registration" in params:
            raise _refuse(_("registration: this store does not filter by registration."))
        single = SINGLE_PARAMETERS & set(params)
        if single:
            if len(single) > 1 or set(params) - single - {"format", "attachments"}:
                raise _refuse(
                    _("statementId and voidedStatementId go alone (with format or attachments at most).")
                )
            name = single.pop()
            statement = statement_get(
                credential=credential,
                statement_id=_uuid_parameter(params.get(name, ""), name),
                voided=name == "voidedStatementId",
            )
            response = Response(_formatted(statement.document, fmt))
            response["Last-Modified"] = statement.stored.strftime("%a, %d %b %Y %H:%M:%S GMT")
            response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat()
            return response
        return self._query(credential, params, fmt)

    def _query(self, credential: ProviderCredential, params: QueryDict, fmt: str) -> Response:
        consistent_through = timezone.now()
        limit_max = settings.XAPI_QUERY_LIMIT
        try:
            limit = int(params.get("limit", "0"))
        except ValueError:
            raise _refuse(_("limit: must be a whole number.")) from None
        if limit < 0:
            raise _refuse(_("limit: must be 0 or more."))
        limit = min(limit or limit_max, limit_max)
        ascending_value = params.get("ascending", "false")
        if ascending_value not in ("true", "false"):
            raise _refuse(_("ascending: must be true or false."))
        ascending = ascending_value == "true"
        actor_key = None
        if "agent" in params:
            agent = _parse_json(params.get("agent", ""), "agent")
            try:
                xapi.agent_validate(agent, "agent")
            except xapi.StatementError as error:
                raise _refuse(str(error)) from error
            actor_key = xapi.actor_key(agent)
        verb = _iri_parameter(params, "verb")
        activity = _iri_parameter(params, "activity")
        since = _time_parameter(params, "since")
        until = _time_parameter(params, "until")
        after = None
        if "cursor" in params:
            try:
                stored, pk = signing.loads(
                    params.get("cursor", ""), salt=f"{CURSOR_SALT}:{credential.provider_id}"
                )
                after = (datetime.datetime.fromisoformat(stored), int(pk))
            except (signing.BadSignature, ValueError, TypeError):
                raise _refuse(
                    _("cursor: not one this store gave; follow the `more` link as it is.")
                ) from None
        rows = list(
            statement_list(
                credential=credential, actor_key=actor_key, verb=verb, activity=activity, since=since,
                until=until, ascending=ascending, after=after,
            ).only("pk", "stored", "document")[: limit + 1]
        )  # fmt: skip
        more = ""
        if len(rows) > limit:
            rows = rows[:limit]
            last = rows[-1]
            following = {key: value for key, value in params.items() if key != "cursor"}
            following["cursor"] = signing.dumps(
                [last.stored.isoformat(), last.pk], salt=f"{CURSOR_SALT}:{credential.provider_id}"
            )
            more = f"/xapi/statements?{urlencode(following)}"
        response = Response({"statements": [_formatted(row.document, fmt) for row in rows], "more": more})
        response["X-Experience-API-Consistent-Through"] = consistent_through.isoformat()
        return response

    @extend_schema(
        operation_id="xapi_statements_store",
        summary="Store one statement or a list of statements",
        parameters=[VERSION_PARAMETER],
        request={"application/json": STATEMENT_SCHEMA},
        responses={
            200: OpenApiResponse(description="The statement ids, in order."),
            403: OpenApiResponse(description="A statement names a course of another provider."),
            409: OpenApiResponse(description="A statement id is stored with other content."),
            413: OpenApiResponse(description="Too many statements or too large a body."),
            415: OpenApiResponse(description="Not application/json."),
            429: OpenApiResponse(description="The credential's rate limit is reached."),
        },
        tags=["xapi"],
    )
    def post(self, request: Request) -> Response:
        if request.query_params:
            raise _refuse(
                _("POST takes no parameters (this store does not use the alternate request syntax).")
            )
        body = self.read_json(request)
        single = isinstance(body, dict)
        statements = [body] if single else body
        if not isinstance(statements, list):
            raise _refuse(_("The body must be a statement or a list of statements."))
        ids, self.statement_count = statements_store(
            credential=_credential(request),
            statements=statements,
            single=single,
        )
        return Response([str(statement_id) for statement_id in ids])

    @extend_schema(
        operation_id="xapi_statements_put",
        summary="Store one statement under the given id",
        parameters=[VERSION_PARAMETER, OpenApiParameter("statementId", OpenApiTypes.UUID, required=True)],
        request={"application/json": STATEMENT_SCHEMA},
        responses={
            204: OpenApiResponse(description="Stored (or already stored with the same content)."),
            403: OpenApiResponse(description="A statement names a course of another provider."),
            409: OpenApiResponse(description="The id is stored with other content."),
            413: OpenApiResponse(description="Too large a body."),
            415: OpenApiResponse(description="Not application/json."),
            429: OpenApiResponse(description="The credential's rate limit is reached."),
        },
        tags=["xapi"],
    )
    def put(self, request: Request) -> Response:
        if set(request.query_params) != {"statementId"}:
            raise _refuse(_("statementId: PUT needs it, and no other parameter."))
        statement_id = _uuid_parameter(request.query_params.get("statementId", ""), "statementId")
        body = self.read_json(request)
        if not isinstance(body, dict):
            raise _refuse(_("The body must be one statement."))
        _ids, self.statement_count = statements_store(
            credential=_credential(request),
            statements=[body],
            single=True,
            put_id=statement_id,
        )
        return Response(status=204)


class AboutView(XAPIBaseView):
    """GET /xapi/about: the versions this store speaks (open to anyone, no version header needed)."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    requires_version = False

    @extend_schema(
        operation_id="xapi_about",
        summary="xAPI versions this store speaks",
        auth=[],
        responses={200: OpenApiResponse(description='{"version": [...], "extensions": {}}')},
        tags=["xapi"],
    )
    def get(self, request: Request) -> Response:
        return Response({"version": ["1.0.3", "1.0.2", "1.0.1", "1.0.0"], "extensions": {}})


def _credential(request: Request) -> ProviderCredential:
    """The credential ProviderBasicAuthentication found (IsAuthenticated let only those through)."""
    if not isinstance(request.auth, ProviderCredential):
        raise exceptions.NotAuthenticated
    return request.auth


def _uuid_parameter(value: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _refuse(_("%(name)s: must be a UUID.") % {"name": name}) from None


def _iri_parameter(params: QueryDict, name: str) -> str | None:
    if name not in params:
        return None
    value = params.get(name, "")
    if not xapi.IRI_RE.match(value):
        raise _refuse(_("%(name)s: must be an IRI.") % {"name": name})
    return value


def _time_parameter(params: QueryDict, name: str) -> datetime.datetime | None:
    if name not in params:
        return None
    try:
        return xapi.timestamp_parse(params.get(name, ""), name)
    except xapi.StatementError as error:
        raise _refuse(str(error)) from error


def _agent_ids(agent: Any) -> Any:
    """An Agent or Group by its identifier only; an anonymous group by its members'."""
    if not isinstance(agent, dict):
        return agent
    kept = {name: agent[name] for name in ("objectType", *xapi.IFI_KEYS) if name in agent}
    if not any(name in agent for name in xapi.IFI_KEYS) and isinstance(agent.get("member"), list):
        kept["member"] = [_agent_ids(member) for member in agent["member"]]
    return kept


def _activity_ids(activity: Any) -> Any:
    return {name: activity[name] for name in ("objectType", "id") if name in activity}


def _body_ids(body: dict) -> dict:
    """format=ids (Communication, 2.1.3): agents, groups, verbs and activities by identifier only,
    at the places the specification puts them; results, extensions and the rest as stored."""
    out = dict(body)
    if "actor" in out:
        out["actor"] = _agent_ids(out["actor"])
    if isinstance(out.get("authority"), dict):
        out["authority"] = _agent_ids(out["authority"])
    if isinstance(out.get("verb"), dict):
        out["verb"] = {"id": out["verb"].get("id")}
    obj = out.get("object")
    if isinstance(obj, dict):
        kind = obj.get("objectType", "Activity")
        if kind == "Activity":
            out["object"] = _activity_ids(obj)
        elif kind in ("Agent", "Group"):
            out["object"] = _agent_ids(obj)
        elif kind == "SubStatement":
            out["object"] = _body_ids(obj)
    context = out.get("context")
    if isinstance(context, dict):
        context = dict(context)
        for name in ("instructor", "team"):
            if name in context:
                context[name] = _agent_ids(context[name])
        if isinstance(context.get("contextActivities"), dict):
            context["contextActivities"] = {
                key: [_activity_ids(item) for item in items]
                if isinstance(items, list)
                else _activity_ids(items)
                for key, items in context["contextActivities"].items()
            }
        out["context"] = context
    return out


def _formatted(document: dict, fmt: str) -> dict:
    return _body_ids(document) if fmt == "ids" else document


def course_activity(request: HttpRequest, course_uuid: uuid.UUID) -> HttpResponse:
    """A course's activity IRI resolves: to the course's page when it is published, 404 otherwise."""
    slug = course_slug_for_activity(course_uuid=str(course_uuid))
    if slug is None:
        raise Http404
    return redirect("courses:course-detail", slug=slug)
