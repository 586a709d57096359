"""The CASE 1.1 service end to end: public read access for everyone, GET only, JSON only, the binding's
imsx_StatusInfo for every refusal (also at an address the service does not have), getAllCFDocuments'
query parameters, conditional GETs, and an OpenAPI schema that documents the bodies it answers with."""

import json
from typing import Any

import jsonschema
import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from core.models import User
from skills.models import RoleSkillRequirement, StandardVersion
from skills.services import stable_uuid
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "https://skills.example.go.jp"
SERVICE = "/ims/case/v1p1"
P12, P20, LITERACY = "dss-p-1.2", "dss-p-2.0", "dss-l-2023-08"
UNKNOWN = "00000000-0000-4000-8000-000000000000"
DOCUMENTS = f"{SERVICE}/CFDocuments"


@pytest.fixture(autouse=True)
def _platform_base_url(settings):
    settings.PLATFORM_BASE_URL = BASE


def english() -> dict[str, str]:
    return {"HTTP_ACCEPT_LANGUAGE": "en"}


def imsx(field: str, code_minor: str, description: str) -> dict[str, Any]:
    return {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": field, "imsx_codeMinorFieldValue": code_minor}
            ]
        },
    }


def documents(query: str = "") -> Any:
    response = APIClient().get(f"{DOCUMENTS}{query}")
    assert response.status_code == 200, response.content[:300]
    return response


def titles(response: Any) -> list[str]:
    return [document["title"] for document in response.json()["CFDocuments"]]


# --- access ----------------------------------------------------------------------------------------


def clients() -> dict[str, APIClient]:
    learner = APIClient()
    learner.force_login(UserFactory.create(username="case-learner"))
    staff = APIClient()
    staff.force_login(User.objects.create_superuser("case-root", "root@example.jp", "x-2026-pass"))
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION="Bearer a-consumer-s-oauth-token")
    return {
        "anonymous": APIClient(),
        "learner": learner,
        "staff": staff,
        "bad token": bad_token,
        "bearer": bearer,
    }


@pytest.mark.parametrize("who", ["anonymous", "learner", "staff", "bad token", "bearer"])
def test_everyone_reads_the_public_standard_and_credentials_are_ignored(standard, who):
    client = clients()[who]

    listed = client.get(DOCUMENTS)
    framework = client.get(f"{SERVICE}/CFPackages/{stable_uuid(LITERACY)}")

    assert (listed.status_code, framework.status_code) == (200, 200)
    assert listed["Content-Type"] == framework["Content-Type"] == "application/json"
    assert framework.json()["CFDocument"]["identifier"] == str(stable_uuid(LITERACY))


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", [DOCUMENTS, f"{SERVICE}/CFItems/{stable_uuid(P12, 'skill', 'ml-dl')}"])
def test_the_service_is_read_only(standard, method, path):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(UserFactory.create(username="case-writer"))

    response = getattr(client, method)(path, {"title": "x"}, format="json", **english())

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == imsx(
        "method", "forbidden", f"{method.upper()} is not allowed: the CASE service is read-only (GET)."
    )
    assert RoleSkillRequirement.objects.count() == 735
    assert StandardVersion.objects.count() == 3


def test_json_only_an_accept_header_without_it_is_a_406(standard):
    response = APIClient().get(DOCUMENTS, HTTP_ACCEPT="application/xml", **english())

    assert response.status_code == 406
    assert response.json() == imsx(
        "Accept", "forbidden", "The CASE service answers in application/json only."
    )


# --- addresses the service does not have -------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "",
        "CFItems",
        f"CFItems/{UNKNOWN}/",
        "CFItems/a/b",
        "CFFrameworks",
        f"CFRubricCriteria/{UNKNOWN}",
        "cfdocuments",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_address_the_service_does_not_have_is_an_imsx_404(standard, path, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(f"{SERVICE}/{path}", **english())

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == imsx("path", "unknownobject", "No CASE 1.1 endpoint answers at this address.")


@pytest.mark.parametrize(
    ("collection", "kind"),
    [
        ("CFConcepts", "CFConcept"),
        ("CFSubjects", "CFSubject"),
        ("CFLicenses", "CFLicense"),
        ("CFAssociationGroupings", "CFAssociationGrouping"),
        ("CFRubrics", "CFRubric"),
    ],
)
def test_definitions_the_packages_do_not_use_are_imsx_404s(standard, collection, kind):
    client = Client()

    unknown = client.get(f"{SERVICE}/{collection}/{UNKNOWN}", **english())
    malformed = client.get(f"{SERVICE}/{collection}/nope", **english())

    assert (unknown.status_code, malformed.status_code) == (404, 404)
    assert unknown.json() == imsx(
        "sourcedId",
        "unknownobject",
        f"No {kind} has the identifier {UNKNOWN}: the packages of this service use none.",
    )
    assert malformed.json() == imsx(
        "sourcedId", "invaliduuid", "'nope' is not a UUID (8-4-4-4-12 hexadecimal digits)."
    )


@pytest.mark.parametrize("address", [f"{SERVICE}/CFItems/%00", f"{DOCUMENTS}?sort=%00"])
def test_a_nul_character_is_a_json_400_never_a_500(standard, address):
    response = Client().get(address)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"message", "extra"}


# --- getAllCFDocuments ---------------------------------------------------------------------------


def test_every_published_document_is_listed_with_its_package_uri(standard):
    response = documents()

    assert response["X-Total-Count"] == "3"
    assert titles(response) == ["DXリテラシー標準 2023-08", "DX推進スキル標準 2.0", "DX推進スキル標準 1.2"]
    first = response.json()["CFDocuments"][0]
    assert first["CFPackageURI"] == {
        "title": "DXリテラシー標準 2023-08",
        "identifier": str(stable_uuid(LITERACY)),
        "uri": f"{BASE}{SERVICE}/CFPackages/{stable_uuid(LITERACY)}",
    }


@pytest.mark.parametrize(
    ("query", "expected", "total"),
    [
        ("?limit=1", ["DXリテラシー標準 2023-08"], "3"),
        ("?limit=2&offset=1", ["DX推進スキル標準 2.0", "DX推進スキル標準 1.2"], "3"),
        ("?offset=3", [], "3"),
        (
            "?limit=100000000000",
            ["DXリテラシー標準 2023-08", "DX推進スキル標準 2.0", "DX推進スキル標準 1.2"],
            "3",
        ),
        ("?sort=title", ["DXリテラシー標準 2023-08", "DX推進スキル標準 1.2", "DX推進スキル標準 2.0"], "3"),
        (
            "?sort=statusStartDate&orderBy=desc",
            ["DX推進スキル標準 2.0", "DX推進スキル標準 1.2", "DXリテラシー標準 2023-08"],
            "3",
        ),
        ("?orderBy=desc", ["DX推進スキル標準 2.0", "DX推進スキル標準 1.2", "DXリテラシー標準 2023-08"], "3"),
        ("?filter=adoptionStatus='Adopted'", ["DXリテラシー標準 2023-08", "DX推進スキル標準 1.2"], "2"),
        ("?filter=title~'リテラシー'", ["DXリテラシー標準 2023-08"], "1"),
        ("?filter=version='1.2' OR version='2.0'", ["DX推進スキル標準 2.0", "DX推進スキル標準 1.2"], "2"),
        ("?filter=adoptionStatus='Adopted' AND statusStartDate>='2024-01-01'", ["DX推進スキル標準 1.2"], "1"),
        ("?filter=adoptionStatus!='Adopted'&limit=1", ["DX推進スキル標準 2.0"], "1"),
    ],
)
def test_documents_are_paged_sorted_and_filtered_as_the_binding_says(standard, query, expected, total):
    response = documents(query)

    assert titles(response) == expected
    assert response["X-Total-Count"] == total


def test_fields_selects_the_fields_of_each_document(standard):
    listed = documents("?fields=identifier,title&limit=1").json()["CFDocuments"]

    assert listed == [{"identifier": str(stable_uuid(LITERACY)), "title": "DXリテラシー標準 2023-08"}]


@pytest.mark.parametrize(
    ("query", "field", "code_minor", "description"),
    [
        ("limit=0", "limit", "invalid_selection_field", "limit: '0' is not a whole number from 1 (at most 18 digits)."),
        ("limit=x", "limit", "invalid_selection_field", "limit: 'x' is not a whole number from 1 (at most 18 digits)."),
        ("limit=-1", "limit", "invalid_selection_field", "limit: '-1' is not a whole number from 1 (at most 18 digits)."),
        ("limit=", "limit", "invalid_selection_field", "limit: is empty; give a value or leave the parameter out."),
        ("offset=1.5", "offset", "invalid_selection_field", "offset: '1.5' is not a whole number from 0 (at most 18 digits)."),
        ("offset=" + "9" * 19, "offset", "invalid_selection_field", f"offset: '{'9' * 19}' is not a whole number from 0 (at most 18 digits)."),
        ("sort=colour", "sort", "invalid_sort_field", "sort: 'colour' is not a field of CFDocument."),
        ("sort=CFPackageURI", "sort", "invalid_sort_field", "sort: 'CFPackageURI' is not a field of CFDocument."),
        ("orderBy=up", "orderBy", "invalid_selection_field", "orderBy: 'up' is neither asc nor desc."),
        ("fields=identifier,colour", "fields", "invalid_selection_field", "fields: 'colour' is not a field of CFDocument."),
        ("filter=", "filter", "invalid_selection_field", "filter: is empty; give a value or leave the parameter out."),
    ],
)  # fmt: skip
def test_a_bad_query_parameter_is_a_400_naming_it(standard, query, field, code_minor, description):
    response = APIClient().get(f"{DOCUMENTS}?{query}", **english())

    assert response.status_code == 400
    assert response.json() == imsx(field, code_minor, description)


@pytest.mark.parametrize(
    "expression",
    [
        "title",
        "title=Adopted",
        "colour='x'",
        "title='a' AND version='b' OR version='c'",
        "title=='a'",
        "title~'a",
    ],
)
def test_a_filter_this_service_cannot_read_is_a_400(standard, expression):
    response = APIClient().get(DOCUMENTS, {"filter": expression}, **english())

    assert response.status_code == 400
    assert response.json() == imsx(
        "filter",
        "invalid_selection_field",
        f"filter: '{expression}' is not a filter this service reads: a CFDocument field, one of "
        "= != > >= < <= ~, and a value in single quotes, joined by AND or by OR.",
    )


def test_an_error_description_is_in_the_visitors_language(standard):
    response = APIClient().get(f"{SERVICE}/CFItems/{UNKNOWN}", HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 404
    assert (
        response.json()["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"]
        == "unknownobject"
    )


# --- conditional GET ------------------------------------------------------------------------------


def test_a_repeated_get_with_the_etag_is_a_304(standard):
    client = Client()
    path = f"{SERVICE}/CFPackages/{stable_uuid(P12)}"
    first = client.get(path)

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    other = client.get(f"{SERVICE}/CFPackages/{stable_uuid(P20)}", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert (again.status_code, again.content) == (304, b"")
    assert other.status_code == 200


# --- OpenAPI --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(json.dumps(generated, default=str))


def resolved(node: Any, schema: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return resolved(schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]], schema)
        return {key: resolved(value, schema) for key, value in node.items()}
    if isinstance(node, list):
        return [resolved(value, schema) for value in node]
    return node


def test_the_schema_has_the_bindings_operations_and_not_the_old_uris(schema):
    operations = {
        path: item["get"]["operationId"] for path, item in schema["paths"].items() if path.startswith(SERVICE)
    }

    assert operations == {
        f"{SERVICE}/CFDocuments": "getAllCFDocuments",
        f"{SERVICE}/CFDocuments/{{sourced_id}}": "getCFDocument",
        f"{SERVICE}/CFPackages/{{sourced_id}}": "getCFPackage",
        f"{SERVICE}/CFItems/{{sourced_id}}": "getCFItem",
        f"{SERVICE}/CFAssociations/{{sourced_id}}": "getCFAssociation",
        f"{SERVICE}/CFItemAssociations/{{sourced_id}}": "getCFItemAssociations",
        f"{SERVICE}/CFItemTypes/{{sourced_id}}": "getCFItemType",
    }
    assert not [path for path in schema["paths"] if path.startswith("/api/v1/skills/case/{")]
    assert {code for path in operations for code in schema["paths"][path]["get"]["responses"]} == {
        "200",
        "400",
        "404",
        "406",
        "414",
    }


@pytest.mark.parametrize(
    ("template", "address", "status", "headers"),
    [
        (f"{SERVICE}/CFItems/{{sourced_id}}", f"{SERVICE}/CFItems/{UNKNOWN}", 404, {}),
        (f"{SERVICE}/CFPackages/{{sourced_id}}", f"{SERVICE}/CFPackages/nope", 404, {}),
        (f"{SERVICE}/CFItemTypes/{{sourced_id}}", f"{SERVICE}/CFItemTypes/%00", 400, {}),
        (DOCUMENTS, f"{DOCUMENTS}?limit=x", 400, {}),
        (DOCUMENTS, f"{DOCUMENTS}?x={'&x='.join('1' * 1001)}", 400, {}),
        (DOCUMENTS, DOCUMENTS, 406, {"HTTP_ACCEPT": "text/html"}),
        (DOCUMENTS, DOCUMENTS, 200, {}),
        (f"{SERVICE}/CFItemAssociations/{{sourced_id}}", f"{SERVICE}/CFItemAssociations/{stable_uuid(P12, 'skill', 'ml-dl')}", 200, {}),
    ],
)  # fmt: skip
def test_every_answer_has_the_documented_body(standard, schema, template, address, status, headers):
    response = Client().get(address, **headers)

    assert response.status_code == status
    documented = schema["paths"][template]["get"]["responses"][str(status)]["content"]["application/json"]
    jsonschema.validate(response.json(), resolved(documented["schema"], schema))
