"""The CASE 1.1 service (1EdTech CASE 1.1 REST binding, read operations) at /ims/case/v1p1/.

Public and read-only, like the standard it serves: no authentication is read (a consumer's
credentials are ignored, never refused), GET only. Every answer but a 200 carries the binding's
imsx_StatusInfo payload: 404 `unknownobject` for an identifier that names no object of the kind
asked for, 404 `invaliduuid` for one that is not a UUID (the binding's 404 covers both), 400
`invalid_selection_field` or `invalid_sort_field` naming the bad query parameter, 405 for any other
method, 406 for an Accept header without JSON. Any other address under the service is an imsx 404.
"""

import copy
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import MESSAGE, ErrorAnswersSchema
from skills import case_service
from skills.case_service import (
    FORBIDDEN,
    INTERNAL_ERROR,
    INVALID_SELECTION,
    SERVER_BUSY,
    UNAUTHORISED,
    UNKNOWN_OBJECT,
    CaseError,
    imsx_status_info,
)

IMSX = "imsx_StatusInfo"
IMSX_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The CASE 1.1 binding's status payload, sent with every answer but a 200.",
    "properties": {
        "imsx_codeMajor": {"type": "string", "enum": ["success", "processing", "failure", "unsupported"]},
        "imsx_severity": {"type": "string", "enum": ["status", "warning", "error"]},
        "imsx_description": {"type": "string"},
        "imsx_codeMinor": {
            "type": "object",
            "properties": {
                "imsx_codeMinorField": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "imsx_codeMinorFieldName": {"type": "string"},
                            "imsx_codeMinorFieldValue": {"type": "string"},
                        },
                        "required": ["imsx_codeMinorFieldName", "imsx_codeMinorFieldValue"],
                    },
                }
            },
            "required": ["imsx_codeMinorField"],
        },
    },
    "required": ["imsx_codeMajor", "imsx_severity", "imsx_codeMinor"],
}
# code minor of the answers DRF itself gives (the binding has no code for 405 or 406: "forbidden")
CODE_MINOR = {
    400: INVALID_SELECTION,
    401: UNAUTHORISED,
    403: FORBIDDEN,
    404: UNKNOWN_OBJECT,
    429: SERVER_BUSY,
}


class CaseSchema(ErrorAnswersSchema):
    """The project's schema, with the service's error bodies: imsx_StatusInfo for every 4xx but a 400
    the platform's middleware refuses (a NUL character, too many parameters: ErrorMessage) and the
    414 of gunicorn. The URIs kept from the first packages (/api/v1/skills/case/<version>/...) are
    left out of the schema: they answer as the service does."""

    def is_excluded(self) -> bool:
        return bool(getattr(self.view, "version_in_path", False)) or super().is_excluded()

    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        component = ResolvedComponent(
            name=IMSX,
            type=ResolvedComponent.SCHEMA,
            object=f"skills.api.case_views.{IMSX}",
            # A copy each time: drf-spectacular's enum hook rewrites the schema it is given in
            # place, so a second generation in the same process found no enum to name.
            schema=copy.deepcopy(IMSX_SCHEMA),
        )
        self.registry.register_on_missing(component)
        for code, response in operation["responses"].items():
            if code == "404":
                response["description"] = _(
                    "No object of this kind has the identifier (code minor unknownobject), or the "
                    "identifier is not a UUID (invaliduuid)."
                )
            if code.startswith("4") and code != "414":
                schema = component.ref
                if code == "400":
                    schema = {"anyOf": [component.ref, {"$ref": f"#/components/schemas/{MESSAGE}"}]}
                response["content"] = {"application/json": {"schema": schema}}
        return operation


def case_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal as imsx_StatusInfo; anything else goes on to Django (a 500, logged)."""
    if isinstance(exc, CaseError):
        return Response(exc.status_info(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.MethodNotAllowed):
        description = _("%(method)s is not allowed: the CASE service is read-only (GET).") % {
            "method": context["request"].method
        }
        return Response(imsx_status_info(description=description, code_minor=FORBIDDEN, field="method"), 405)
    if isinstance(exc, exceptions.NotAcceptable):
        description = _("The CASE service answers in application/json only.")
        return Response(imsx_status_info(description=description, code_minor=FORBIDDEN, field="Accept"), 406)
    if isinstance(exc, exceptions.APIException):
        code_minor = CODE_MINOR.get(exc.status_code, INTERNAL_ERROR)
        description = str(exc.detail)
        return Response(imsx_status_info(description=description, code_minor=code_minor), exc.status_code)
    return None


class CaseView(APIView):
    """A read operation of the binding. `version_in_path` views answer the URIs of the first
    packages (/api/v1/skills/case/<version>/<collection>/<id>): the object must be of that version."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (JSONRenderer,)
    http_method_names = ["get", "head"]  # any other method, OPTIONS too, is an imsx 405
    schema = CaseSchema()
    version_in_path = False

    def get_exception_handler(self) -> Any:
        return case_exception_handler


def _object(description: str, required: list[str]) -> OpenApiResponse:
    properties = {
        "identifier": {"type": "string", "format": "uuid"},
        "uri": {"type": "string", "format": "uri"},
    }
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": True}
    return OpenApiResponse(response=schema, description=description)


def _collection(description: str, *names: str) -> OpenApiResponse:
    schema = {
        "type": "object",
        "properties": {name: {"type": "array", "items": {"type": "object"}} for name in names},
        "required": list(names),
    }
    return OpenApiResponse(response=schema, description=description)


SOURCED_ID = OpenApiParameter(
    "sourced_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The object's identifier (a UUID); not a UUID, or none of this kind: 404.",
)
LIST_PARAMETERS = [
    OpenApiParameter("limit", OpenApiTypes.INT, description="Documents in the answer, from 1 (default 100)."),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Documents to skip, from 0 (default 0)."),
    OpenApiParameter("sort", OpenApiTypes.STR, description="A CFDocument field to sort on (with orderBy)."),
    OpenApiParameter(
        "orderBy", OpenApiTypes.STR, enum=["asc", "desc"], description="Sort order (default asc)."
    ),
    OpenApiParameter(
        "filter",
        OpenApiTypes.STR,
        description="field<op>'value' predicates (= != > >= < <= ~) joined by AND or by OR, "
        "e.g. title~'リテラシー'.",
    ),
    OpenApiParameter("fields", OpenApiTypes.STR, description="Comma-separated CFDocument fields to return."),
]


class CFDocumentListView(CaseView):
    """getAllCFDocuments: the CFDocument of every published version of the standard (DSS-P and
    DSS-L), each with its CFPackageURI. Paging (`limit`, `offset`), sorting (`sort`, `orderBy`),
    filtering (`filter`) and field selection (`fields`) as the binding defines them; a bad value is
    a 400 naming the parameter (`invalid_selection_field`, `invalid_sort_field`)."""

    @extend_schema(
        tags=["case"],
        operation_id="getAllCFDocuments",
        parameters=LIST_PARAMETERS,
        responses={
            200: _collection("Every published document (X-Total-Count: how many matched).", "CFDocuments")
        },
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        page = case_service.case_document_list(
            limit=params.get("limit"),
            offset=params.get("offset"),
            sort=params.get("sort"),
            order_by=params.get("orderBy"),
            filter_expression=params.get("filter"),
            fields=params.get("fields"),
        )
        return Response({"CFDocuments": page.documents}, headers={"X-Total-Count": str(page.total)})


class CFDocumentView(CaseView):
    """getCFDocument: one version's CFDocument, with its CFPackageURI."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFDocument",
        parameters=[SOURCED_ID],
        responses={200: _object("A CFDocument, with its CFPackageURI.", ["identifier", "uri"])},
    )
    def get(self, request: Request, sourced_id: str, version: str | None = None) -> Response:
        return Response(case_service.case_document_get(sourced_id=sourced_id, version_slug=version))


class CFPackageView(CaseView):
    """getCFPackage: the whole framework of one document (CFDocument, CFItems, CFAssociations,
    CFDefinitions), the answer a CASE consumer imports."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFPackage",
        parameters=[SOURCED_ID],
        responses={200: _collection("The document's CFPackage.", "CFItems", "CFAssociations")},
    )
    def get(self, request: Request, sourced_id: str) -> Response:
        return Response(case_service.case_package_get(sourced_id=sourced_id))


class CFItemView(CaseView):
    """getCFItem: one item of any version (a type, role, category, skill, level, literacy area or
    literacy item), as in its package, with its CFDocumentURI."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFItem",
        parameters=[SOURCED_ID],
        responses={200: _object("A CFItem, with its CFDocumentURI.", ["identifier", "uri"])},
    )
    def get(self, request: Request, sourced_id: str, version: str | None = None) -> Response:
        return Response(case_service.case_item_get(sourced_id=sourced_id, version_slug=version))


class CFAssociationView(CaseView):
    """getCFAssociation: one association (isChildOf, ext:requiresSkillAtLevel), with its
    CFDocumentURI."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFAssociation",
        parameters=[SOURCED_ID],
        responses={200: _object("A CFAssociation, with its CFDocumentURI.", ["identifier", "uri"])},
    )
    def get(self, request: Request, sourced_id: str, version: str | None = None) -> Response:
        return Response(case_service.case_association_get(sourced_id=sourced_id, version_slug=version))


class CFItemAssociationsView(CaseView):
    """getCFItemAssociations: an item and every association it is the origin or destination of."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFItemAssociations",
        parameters=[SOURCED_ID],
        responses={200: _collection("The CFItem and every association from or to it.", "CFAssociations")},
    )
    def get(self, request: Request, sourced_id: str) -> Response:
        return Response(case_service.case_item_associations_get(sourced_id=sourced_id))


class CFItemTypeView(CaseView):
    """getCFItemType: one item type, then its descendants by hierarchyCode (none here)."""

    @extend_schema(
        tags=["case"],
        operation_id="getCFItemType",
        parameters=[SOURCED_ID],
        responses={200: _collection("The CFItemType, then its descendants by hierarchyCode.", "CFItemTypes")},
    )
    def get(self, request: Request, sourced_id: str, version: str | None = None) -> Response:
        return Response(case_service.case_item_type_get(sourced_id=sourced_id, version_slug=version))


@csrf_exempt
def case_unused_collection(request: HttpRequest, collection: str, sourced_id: str) -> JsonResponse:
    """CFConcepts, CFSubjects, CFLicenses, CFAssociationGroupings, CFRubrics: the packages use none."""
    try:
        identifier = case_service.case_identifier_parse(sourced_id=sourced_id)
    except CaseError as error:
        return JsonResponse(error.status_info(), status=error.status)
    description = _("No %(kind)s has the identifier %(identifier)s: the packages of this service use none.")
    kind = collection.removesuffix("s")
    payload = imsx_status_info(
        description=description % {"kind": kind, "identifier": identifier}, code_minor=UNKNOWN_OBJECT
    )
    return JsonResponse(payload, status=404)


@csrf_exempt
def case_unknown_endpoint(request: HttpRequest, path: str = "") -> JsonResponse:
    """Any other address under the service: an imsx 404, never the portal's HTML page."""
    description = _("No CASE 1.1 endpoint answers at this address.")
    return JsonResponse(
        imsx_status_info(description=description, code_minor=UNKNOWN_OBJECT, field="path"), status=404
    )
