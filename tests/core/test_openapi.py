"""The OpenAPI schema says what the API answers (issue #13): every 4xx an operation gives is documented
for it, with the body it has; none it cannot give is; every filter that works is a parameter."""

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import jsonschema
import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from core.models import User
from exchange.api.views import QUERY_PARAMETERS, SINGLE_PARAMETERS
from learners.services import exam_reference_load
from reports.selectors import FILTER_PARAMS
from reports.services import reports_setup
from tests.core.factories import UserFactory
from tests.exchange.helpers import Setting, basic, setting, statement, xapi_client

pytestmark = pytest.mark.django_db

UNKNOWN = "00000000-0000-4000-8000-000000000000"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        GENERATOR_STATS.reset()
        generated = SchemaGenerator().get_schema(request=None, public=True)
    warnings = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    assert warnings == {}
    return json.loads(json.dumps(generated, default=str))  # lazy translations become strings


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield method, path, item[method]


def resolved(node: Any, schema: dict[str, Any]) -> Any:
    """A response schema with its $refs replaced by the components they name."""
    if isinstance(node, dict):
        if "$ref" in node:
            return resolved(schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]], schema)
        return {key: resolved(value, schema) for key, value in node.items()}
    if isinstance(node, list):
        return [resolved(value, schema) for value in node]
    return node


def test_the_schema_is_generated_in_process_and_validates(schema):
    validate_schema(schema)

    assert set(schema["components"]["schemas"]["ErrorMessage"]["required"]) == {"message"}
    assert set(schema["components"]["schemas"]["ErrorDetail"]["required"]) == {"detail"}


# --- every 4xx that a bad request gets is documented for its operation, with its body ----------


@dataclass
class World:
    anonymous: APIClient
    bad_token: APIClient
    learner: APIClient
    browser: APIClient  # a signed-in session that enforces CSRF, as a browser's does
    superuser: APIClient
    provider: Setting
    anonymous_xapi: APIClient  # the version header, no credential
    unversioned_xapi: APIClient  # a credential, no version header

    def client(self, who: str) -> APIClient:
        if who == "xapi":
            return self.provider.client
        return getattr(self, who)


@pytest.fixture
def world(standard, settings) -> World:
    exam_reference_load()
    reports_setup()
    settings.XAPI_MAX_BODY_BYTES = 10_000
    settings.EXCHANGE_UPLOAD_MAX_BYTES = 10_000
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    learner = APIClient()
    learner.force_authenticate(UserFactory.create(username="openapi-learner"))
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(UserFactory.create(username="openapi-browser"))
    superuser = APIClient()
    superuser.force_authenticate(
        User.objects.create_superuser("openapi-root", "root@example.jp", "x-2026-pass")
    )
    anonymous_xapi = APIClient()
    anonymous_xapi.credentials(HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    provider = setting()
    unversioned_xapi = APIClient()
    unversioned_xapi.credentials(HTTP_AUTHORIZATION=basic(provider.key))
    return World(
        APIClient(), bad_token, learner, browser, superuser, provider, anonymous_xapi, unversioned_xapi
    )


def json_body(data: Any) -> dict[str, Any]:
    return {"data": json.dumps(data), "content_type": "application/json"}


def csv_upload(world: World) -> dict[str, Any]:
    header = "record_id,email,learner_id,course,completed_on,score,result"
    file = io.BytesIO(f"{header}\nr-1,a@example.jp,,data-basics,01/10/2026,,\n".encode())
    file.name = "completions.csv"
    return {"data": {"file": file, "kind": "completions"}, "format": "multipart"}


def other_providers_course(world: World) -> dict[str, Any]:
    return json_body(statement(world.provider.other_course))


Request = dict[str, Any] | Callable[[World], dict[str, Any]]
CASES: list[tuple[str, str, str, str, str, Request, int]] = [
    # (what, operation, path template, who, address, request, status)
    ("unknown filter value", "get", "/api/v1/courses/", "anonymous", "/api/v1/courses/?role=nope", {}, 400),
    ("filter choice", "get", "/api/v1/consortia/events/", "anonymous", "/api/v1/consortia/events/?upcoming=maybe", {}, 400),
    ("non-integer page_size", "get", "/api/v1/skills/roles/", "anonymous", "/api/v1/skills/roles/?page_size=x", {}, 400),
    ("page_size over 200", "get", "/api/v1/courses/", "anonymous", "/api/v1/courses/?page_size=201", {}, 400),
    ("page 0", "get", "/api/v1/skills/skills/", "anonymous", "/api/v1/skills/skills/?page=0", {}, 400),
    ("page past the last", "get", "/api/v1/skills/roles/", "anonymous", "/api/v1/skills/roles/?page=999", {}, 404),
    ("unknown version", "get", "/api/v1/skills/types/", "anonymous", "/api/v1/skills/types/?version=9.9", {}, 400),
    ("unknown version, CASE", "get", "/api/v1/skills/case/", "anonymous", "/api/v1/skills/case/?version=9.9", {}, 400),
    ("empty parameter", "get", "/api/v1/skills/versions/", "anonymous", "/api/v1/skills/versions/?x=", {}, 400),
    ("NUL character", "get", "/xapi/about", "anonymous", "/xapi/about?x=%00", {}, 400),
    ("1,001 parameters", "get", "/api/v1/consortia/", "anonymous", "/api/v1/consortia/?" + "a&" * 1001, {}, 400),
    ("bad group_by", "get", "/api/v1/reports/progress/", "superuser", "/api/v1/reports/progress/?group_by=nope", {}, 400),
    ("bad date", "get", "/api/v1/reports/measures/", "superuser", "/api/v1/reports/measures/?from=2026-13-01", {}, 400),
    ("anonymous", "get", "/api/v1/reports/progress/", "anonymous", "/api/v1/reports/progress/?group_by=month", {}, 403),
    ("signed in, not a viewer", "get", "/api/v1/reports/measures/", "learner", "/api/v1/reports/measures/", {}, 403),
    ("anonymous", "get", "/api/v1/me/enrolments/", "anonymous", "/api/v1/me/enrolments/", {}, 403),
    ("anonymous", "get", "/api/v1/me/export/", "anonymous", "/api/v1/me/export/", {}, 403),
    ("bad token, public list", "get", "/api/v1/skills/roles/", "bad_token", "/api/v1/skills/roles/", {}, 403),
    ("session without CSRF", "post", "/api/v1/me/enrolments/", "browser", "/api/v1/me/enrolments/", json_body({"course": "x"}), 403),
    ("unknown id", "get", "/api/v1/me/enrolments/{uuid}/", "learner", f"/api/v1/me/enrolments/{UNKNOWN}/", {}, 404),
    ("unknown id", "get", "/api/v1/me/credentials/{uuid}/", "learner", f"/api/v1/me/credentials/{UNKNOWN}/", {}, 404),
    ("unknown enrolment", "post", "/api/v1/me/enrolments/{uuid}/lessons/{lesson_id}/complete/", "learner", f"/api/v1/me/enrolments/{UNKNOWN}/lessons/1/complete/", {}, 404),
    ("unknown exam pass", "delete", "/api/v1/me/exam-passes/{code}/", "learner", "/api/v1/me/exam-passes/FE/", {}, 404),
    ("unknown slug", "get", "/api/v1/skills/roles/{slug}/", "anonymous", "/api/v1/skills/roles/nope/", {}, 404),
    ("unknown slug", "get", "/api/v1/courses/{slug}/", "anonymous", "/api/v1/courses/nope/", {}, 404),
    ("unknown slug", "get", "/api/v1/consortia/{slug}/", "anonymous", "/api/v1/consortia/nope/", {}, 404),
    ("unknown uuid", "get", "/api/v1/consortia/events/{uuid}/", "anonymous", f"/api/v1/consortia/events/{UNKNOWN}/", {}, 404),
    ("no profile yet", "get", "/api/v1/me/profile/", "learner", "/api/v1/me/profile/", {}, 404),
    ("form encoding", "post", "/api/v1/me/enrolments/", "learner", "/api/v1/me/enrolments/", {"data": "course=x", "content_type": "application/x-www-form-urlencoded"}, 415),
    ("plain text", "put", "/api/v1/me/profile/", "learner", "/api/v1/me/profile/", {"data": "x", "content_type": "text/plain"}, 415),
    ("JSON that does not parse", "post", "/api/v1/me/exam-passes/", "learner", "/api/v1/me/exam-passes/", {"data": "{", "content_type": "application/json"}, 400),
    ("unknown course", "post", "/api/v1/me/enrolments/", "learner", "/api/v1/me/enrolments/", json_body({"course": "nope"}), 400),
    ("body over 2.5 MB", "post", "/api/v1/me/enrolments/", "learner", "/api/v1/me/enrolments/", json_body({"course": "x" * 2_700_000}), 413),
    ("body over 2.5 MB", "post", "/api/v1/me/enrolments/{uuid}/lessons/{lesson_id}/complete/", "learner", f"/api/v1/me/enrolments/{UNKNOWN}/lessons/1/complete/", json_body(["x" * 2_700_000]), 413),
    ("Accept: XML", "get", "/api/v1/courses/", "anonymous", "/api/v1/courses/", {"HTTP_ACCEPT": "application/xml"}, 406),
    ("Accept: XML", "get", "/api/v1/provider/uploads/", "xapi", "/api/v1/provider/uploads/", {"HTTP_ACCEPT": "application/xml"}, 406),
    ("no credential", "get", "/api/v1/provider/uploads/", "anonymous", "/api/v1/provider/uploads/", {}, 401),
    ("a token, not a credential", "post", "/api/v1/provider/uploads/", "bad_token", "/api/v1/provider/uploads/", {}, 401),
    ("unknown batch", "get", "/api/v1/provider/uploads/{batch_uuid}/", "xapi", f"/api/v1/provider/uploads/{UNKNOWN}/", {}, 404),
    ("unknown batch", "get", "/api/v1/provider/uploads/{batch_uuid}/errors.csv", "xapi", f"/api/v1/provider/uploads/{UNKNOWN}/errors.csv", {}, 404),
    ("JSON, not multipart", "post", "/api/v1/provider/uploads/", "xapi", "/api/v1/provider/uploads/", json_body({}), 415),
    ("unknown kind", "post", "/api/v1/provider/uploads/", "xapi", "/api/v1/provider/uploads/", {"data": {"kind": "nope"}, "format": "multipart"}, 400),
    ("a file refused as a whole", "post", "/api/v1/provider/uploads/", "xapi", "/api/v1/provider/uploads/", csv_upload, 400),
    ("file over the limit", "post", "/api/v1/provider/uploads/", "xapi", "/api/v1/provider/uploads/", {"data": b"x" * 20_000, "content_type": "multipart/form-data; boundary=x"}, 413),
    ("no credential", "get", "/xapi/statements", "anonymous_xapi", "/xapi/statements", {}, 401),
    ("unknown statementId", "get", "/xapi/statements", "xapi", f"/xapi/statements?statementId={UNKNOWN}", {}, 404),
    ("bad limit", "get", "/xapi/statements", "xapi", "/xapi/statements?limit=x", {}, 400),
    ("attachments=true", "get", "/xapi/statements", "xapi", "/xapi/statements?attachments=true", {}, 400),
    ("plain text", "put", "/xapi/statements", "xapi", f"/xapi/statements?statementId={UNKNOWN}", {"data": "x", "content_type": "text/plain"}, 415),
    ("body over the limit", "post", "/xapi/statements", "xapi", "/xapi/statements", json_body(["x" * 20_000]), 413),
    ("another provider's course", "post", "/xapi/statements", "xapi", "/xapi/statements", other_providers_course, 403),
    ("no version header", "post", "/xapi/statements", "unversioned_xapi", "/xapi/statements", json_body([]), 400),
]  # fmt: skip


@pytest.mark.parametrize(
    ("operation", "template", "who", "address", "request_", "status"),
    [case[1:] for case in CASES],
    ids=[f"{case[1]} {case[2]}: {case[0]}" for case in CASES],
)
def test_the_4xx_a_bad_request_gets_is_documented_with_its_body(
    schema, world, operation, template, who, address, request_, status
):
    arguments = request_(world) if callable(request_) else request_

    response = getattr(world.client(who), operation)(address, **arguments)

    assert response.status_code == status, response.content[:300]
    documented = schema["paths"][template][operation]["responses"]
    assert str(status) in documented
    body_schema = documented[str(status)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), resolved(body_schema, schema))


def test_throttled_credentials_get_the_documented_429(schema, world, settings):
    settings.XAPI_RATE_LIMIT = "1/minute"
    world.provider.client.get("/xapi/statements")

    response = world.provider.client.get("/xapi/statements")

    assert response.status_code == 429
    documented = schema["paths"]["/xapi/statements"]["get"]["responses"]["429"]
    jsonschema.validate(
        response.json(), resolved(documented["content"]["application/json"]["schema"], schema)
    )


def test_a_statement_id_stored_with_other_content_gets_the_documented_409(schema, world):
    body = statement(world.provider.course)
    client = xapi_client(world.provider.key)
    assert client.put(f"/xapi/statements?statementId={body['id']}", **json_body(body)).status_code == 204

    response = client.put(
        f"/xapi/statements?statementId={body['id']}",
        **json_body({**body, "timestamp": "2026-01-01T00:00:00Z"}),
    )

    assert response.status_code == 409
    assert "409" in schema["paths"]["/xapi/statements"]["put"]["responses"]


def test_a_wrong_provider_secret_is_a_401_never_a_403(schema, world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=basic(world.provider.key + "x"))

    response = client.get("/api/v1/provider/uploads/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="xAPI"'
    assert "403" not in schema["paths"]["/api/v1/provider/uploads/"]["get"]["responses"]


def test_the_error_report_answers_accept_text_csv_and_documents_no_406(schema, world):
    batch = world.provider.client.post("/api/v1/provider/uploads/", **csv_upload(world)).json()

    report = world.provider.client.get(batch["errors_url"], HTTP_ACCEPT="text/csv")

    assert report.status_code == 200
    assert report["Content-Type"] == "text/csv; charset=utf-8"
    responses = schema["paths"]["/api/v1/provider/uploads/{batch_uuid}/errors.csv"]["get"]["responses"]
    assert "406" not in responses


def test_an_over_large_portal_form_keeps_the_portals_own_400(client):
    response = client.post("/accounts/login/", {"login": "x" * 2_700_000, "password": "x"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


# --- every filter that works is a documented parameter ------------------------------------------


def list_views() -> Iterator[tuple[str, Any]]:
    """(path, view class) of every list action that filters with a FilterSet."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    # drf-spectacular's endpoints: (path, regex, method, callback)
    endpoints: list[Any] = list(generator.endpoints or [])
    for path, _regex, method, callback in endpoints:
        view = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if method == "GET" and actions.get("get") == "list" and getattr(view, "filterset_class", None):
            yield path, view


def query_parameters(schema: dict[str, Any], path: str, method: str = "get") -> set[str]:
    parameters = schema["paths"][path][method].get("parameters", [])
    return {parameter["name"] for parameter in parameters if parameter["in"] == "query"}


def test_every_filterset_filter_is_a_query_parameter_of_its_list(schema):
    undocumented = {}
    for path, view in list_views():
        filters = set(view.filterset_class.base_filters)
        undocumented[path] = filters - query_parameters(schema, path)

    assert {path: names for path, names in undocumented.items() if names} == {}
    assert {
        "/api/v1/consortia/events/",
        "/api/v1/courses/",
        "/api/v1/skills/roles/",
        "/api/v1/skills/skills/",
    } <= set(undocumented)


def test_paginated_lists_document_page_and_page_size_with_their_bounds(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/skills/roles/"]["get"]["parameters"]
    }

    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 200}
    assert parameters["hr_type"] == {"type": "string"}


def test_hand_read_parameters_are_documented(schema):
    progress = schema["paths"]["/api/v1/reports/progress/"]["get"]["parameters"]
    prefecture = next(p for p in progress if p["name"] == "prefecture")["schema"]

    assert query_parameters(schema, "/api/v1/reports/progress/") == {*FILTER_PARAMS, "group_by"}
    assert query_parameters(schema, "/api/v1/reports/measures/") == set(FILTER_PARAMS)
    assert len(prefecture["enum"]) == 47
    # every parameter the xAPI resource accepts; `registration` it always refuses
    accepted = QUERY_PARAMETERS | SINGLE_PARAMETERS
    assert query_parameters(schema, "/xapi/statements") == accepted - {"registration"}


def test_the_hr_type_filter_of_roles_works_as_documented(standard):
    client = APIClient()

    both = client.get("/api/v1/skills/roles/", {"hr_type": "data-scientist"}).json()["results"]
    none = client.get("/api/v1/skills/roles/", {"hr_type": "nope"}).json()["results"]

    assert {role["hr_type"] for role in both} == {"data-scientist"}
    assert len(both) == 3
    assert none == []


# --- nothing is documented that an operation cannot answer ---------------------------------------


def documented_by_views() -> dict[tuple[str, str], set[str]]:
    """(method, path) -> the codes the view's own @extend_schema names."""
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    own = {}
    for path, _regex, method, view in generator._get_paths_and_endpoints():
        view.request = spectacular_settings.GET_MOCK_REQUEST(method, path, view, None)
        own[method.lower(), path] = view.schema.documented_by_view()
    return own


def test_a_404_is_documented_only_where_an_operation_can_answer_it(schema):
    own = documented_by_views()
    unexplained = []
    for method, path, operation in operations(schema):
        parameters = operation.get("parameters", [])
        has_path_parameter = any(parameter["in"] == "path" for parameter in parameters)
        paginated = "page" in {parameter["name"] for parameter in parameters}
        explained = has_path_parameter or paginated or "404" in own[method, path]
        if "404" in operation["responses"] and not explained:
            unexplained.append((method, path))

    assert own["get", "/api/v1/me/profile/"] == {"200", "404"}
    assert unexplained == []
    assert "404" not in schema["paths"]["/api/v1/reports/progress/"]["get"]["responses"]
    assert "404" not in schema["paths"]["/api/v1/me/export/"]["get"]["responses"]
    assert "404" not in schema["paths"]["/api/v1/me/enrolments/"]["post"]["responses"]


def challenged(schema: dict[str, Any], operation: dict[str, Any]) -> bool | None:
    """Whether a refused credential is a 401: DRF asks the first authentication class (the first
    security requirement) for a WWW-Authenticate challenge; a session cookie has none."""
    first = [*(operation.get("security") or [{}])[0]]
    if not first:
        return False
    scheme = schema["components"]["securitySchemes"][first[0]]
    if scheme["type"] in ("http", "oauth2", "openIdConnect"):
        return True
    return False if scheme.get("in") == "cookie" else None


def test_401_only_where_a_credential_is_challenged_and_403_where_a_session_is_read(schema):
    for method, path, operation in operations(schema):
        schemes = {name for requirement in operation.get("security", []) for name in requirement}
        codes = set(operation["responses"])
        if (challenge := challenged(schema, operation)) is not None:
            assert ("401" in codes) == challenge, (method, path)
        if "cookieAuth" in schemes:
            assert "403" in codes, (method, path)

    assert not {"401", "403", "406", "429"} & set(schema["paths"]["/xapi/about"]["get"]["responses"])
    assert "401" in schema["paths"]["/xapi/statements"]["get"]["responses"]
    assert "401" not in schema["paths"]["/api/v1/me/enrolments/"]["get"]["responses"]


def test_body_codes_only_where_a_body_is_read_and_never_a_405(schema):
    for method, path, operation in operations(schema):
        codes = set(operation["responses"])
        assert ("415" in codes) == ("requestBody" in operation), (method, path)
        assert ("413" in codes) == (method in ("post", "put", "patch")), (method, path)
        assert "405" not in codes
        for code, response in operation["responses"].items():
            if code.startswith("4"):
                assert response["description"], (method, path, code)
                assert all("schema" in media for media in response["content"].values()), (method, path, code)
        assert [*operation["responses"]["414"]["content"]] == ["text/html"]
        assert [*operation["responses"]["400"]["content"]] == ["application/json"]


def test_the_schema_served_is_the_one_checked(schema):
    served = APIClient().get("/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert served.status_code == 200
    assert set(json.loads(served.content)["paths"]) == set(schema["paths"])
