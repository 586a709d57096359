"""The xAPI Statement resource: storing, idempotency, voiding, queries, headers and every bad input
the issue names, each answered with a 4xx that names the problem and stores nothing."""

import base64
import json
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from exchange.models import CredentialUse, Statement
from learners.models import ExternalCompletion
from tests.core.factories import UserFactory

from .helpers import COMPLETED, new_credential, post, put, setting, statement, xapi_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(standard):
    return setting()


def test_about_answers_the_versions_without_credentials(client):
    response = client.get("/xapi/about")

    assert response.status_code == 200
    assert response.json() == {"version": ["1.0.3", "1.0.2", "1.0.1", "1.0.0"], "extensions": {}}
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_post_one_statement_stores_it_with_stored_authority_and_version(world):
    body = statement(world.course)

    response = post(world.client, body)

    assert response.status_code == 200
    assert response.json() == [body["id"]]
    assert response["X-Experience-API-Version"] == "1.0.3"
    row = Statement.objects.get(statement_id=body["id"])
    assert row.provider == world.provider
    assert row.document["authority"]["account"]["name"] == "provider:manabi-co"
    assert row.document["version"] == "1.0.0"
    assert row.document["stored"] == row.stored.isoformat()


def test_post_without_id_gets_one_assigned(world):
    body = statement(world.course)
    del body["id"]

    response = post(world.client, body)

    assert response.status_code == 200
    assigned = response.json()[0]
    assert Statement.objects.get(statement_id=assigned).document["id"] == assigned


def test_get_by_statement_id_returns_it_with_consistent_through(world):
    body = statement(world.course)
    post(world.client, body)

    response = world.client.get(f"/xapi/statements?statementId={body['id']}")

    assert response.status_code == 200
    assert response.json()["id"] == body["id"]
    assert response.json()["actor"] == body["actor"]
    assert "X-Experience-API-Consistent-Through" in response
    assert "Last-Modified" in response


def test_put_stores_then_repeats_idempotently_and_conflicts_on_other_content(world):
    body = statement(world.course)
    statement_id = body.pop("id")

    first = put(world.client, statement_id, body)
    again = put(world.client, statement_id, body)
    changed = put(world.client, statement_id, {**body, "timestamp": "2026-10-02T10:00:00+09:00"})

    assert (first.status_code, again.status_code, changed.status_code) == (204, 204, 409)
    assert "different statement" in changed.json()["message"]
    assert Statement.objects.filter(statement_id=statement_id).count() == 1


def test_post_the_same_list_twice_stores_it_once(world):
    batch = [statement(world.course, email=f"p{i}@example.jp") for i in range(3)]

    first = post(world.client, batch)
    second = post(world.client, batch)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == [item["id"] for item in batch]
    assert Statement.objects.count() == 3


def test_a_list_with_one_bad_statement_stores_none(world):
    batch = [statement(world.course), statement(world.course, result={"score": {"scaled": 2}})]

    response = post(world.client, batch)

    assert response.status_code == 400
    assert response.json()["message"].startswith("statements[1].result.score.scaled:")
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (
            {"actor": {"mbox": "mailto:a@example.jp", "openid": "http://openid.example.jp/a"}},
            "statement.actor:",
        ),
        ({"actor": {"name": "No identifier"}}, "statement.actor:"),
        ({"actor": {"mbox": "a@example.jp"}}, "statement.actor.mbox:"),
        ({"actor": {"mbox_sha1sum": "xyz"}}, "statement.actor.mbox_sha1sum:"),
        ({"actor": {"account": {"name": "L1"}}}, "statement.actor.account.homePage:"),
        ({"verb": {"id": "completed"}}, "statement.verb.id:"),
        ({"verb": {"display": {"ja": "修了"}}}, "statement.verb.id:"),
        ({"object": {"objectType": "Activity"}}, "statement.object.id:"),
        ({"object": {"id": "not an iri"}}, "statement.object.id:"),
        ({"result": {"score": {"scaled": 2}}}, "statement.result.score.scaled:"),
        ({"result": {"score": {"scaled": -1.5}}}, "statement.result.score.scaled:"),
        ({"result": {"score": {"raw": 5, "min": 10, "max": 20}}}, "statement.result.score.raw:"),
        ({"result": {"success": "yes"}}, "statement.result.success:"),
        ({"result": {"completion": 1}}, "statement.result.completion:"),
        ({"result": {"duration": "90 minutes"}}, "statement.result.duration:"),
        ({"timestamp": "yesterday"}, "statement.timestamp:"),
        ({"id": "not-a-uuid"}, "statement.id:"),
        ({"version": "2.0.0"}, "statement.version:"),
        ({"context": {"registration": "x"}}, "statement.context.registration:"),
        ({"context": {"language": "日本語"}}, "statement.context.language:"),
        ({"unknown": 1}, "statement.unknown:"),
        ({"verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}}, "statement.object.objectType:"),
    ],
)
def test_bad_statements_are_refused_naming_the_property(world, change, named):
    body = {**statement(world.course), **change}

    response = post(world.client, body)

    assert response.status_code == 400, response.content
    assert response.json()["message"].startswith(named)
    assert Statement.objects.count() == 0


def test_a_statement_for_another_providers_course_is_refused_and_stored_nowhere(world):
    response = post(world.client, [statement(world.course), statement(world.other_course)])

    assert response.status_code == 403
    assert "another provider" in response.json()["message"]
    assert Statement.objects.count() == ExternalCompletion.objects.count() == 0


def test_an_unknown_course_iri_in_the_platforms_namespace_is_refused(world):
    body = statement(world.course)
    body["object"]["id"] = world.course.activity_iri.replace(str(world.course.uuid), str(uuid.uuid4()))

    response = post(world.client, body)

    assert response.status_code == 400
    assert "names no course" in response.json()["message"]


def test_a_list_of_100000_statements_is_refused_before_it_is_read(world):
    body = json.dumps([statement(world.course)] * 100_000)

    response = world.client.post("/xapi/statements", data=body, content_type="application/json")

    assert response.status_code == 413
    assert Statement.objects.count() == 0


def test_more_statements_than_the_batch_limit_is_413(world, settings):
    settings.XAPI_MAX_STATEMENTS_PER_REQUEST = 5

    response = post(world.client, [statement(world.course) for _ in range(6)])

    assert response.status_code == 413
    assert "at most 5" in response.json()["message"]


def test_a_2_gb_body_is_refused_from_its_content_length(world):
    response = world.client.generic(
        "POST",
        "/xapi/statements",
        data=b"[]",
        content_type="application/json",
        CONTENT_LENGTH=str(2 * 1024**3),
    )

    assert response.status_code == 413


@pytest.mark.parametrize(
    ("body", "content_type", "status", "text"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b'{"a": NaN}', "application/json", 400, "not valid JSON"),
        (b"{}", "text/plain", 415, "application/json"),
        (b"--x\r\n", "multipart/mixed; boundary=x", 415, "application/json"),
        (b"42", "application/json", 400, "statement or a list"),
        (b"[]", "application/json", 400, "empty"),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(world, body, content_type, status, text):
    response = world.client.generic("POST", "/xapi/statements", data=body, content_type=content_type)

    assert response.status_code == status
    assert text in response.json()["message"]


@pytest.mark.parametrize(("header", "text"), [(None, "required"), ("0.95", "1.0.x"), ("2.0.0", "1.0.x")])
def test_the_version_header_is_required(world, header, text):
    extra = {} if header is None else {"HTTP_X_EXPERIENCE_API_VERSION": header}
    world.client.credentials(
        HTTP_AUTHORIZATION=world.client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="en", **extra
    )

    response = post(world.client, statement(world.course))

    assert response.status_code == 400
    assert text in response.json()["message"]
    assert response["X-Experience-API-Version"] == "1.0.3"
    assert Statement.objects.count() == 0


def test_voiding_removes_the_statement_from_queries_and_stops_its_completion(world):
    UserFactory(username="taro", email="taro@example.jp")
    target = statement(world.course)
    post(world.client, target)
    void = statement(verb="http://adlnet.gov/expapi/verbs/voided")
    void["object"] = {"objectType": "StatementRef", "id": target["id"]}

    response = post(world.client, void)

    assert response.status_code == 200
    assert world.client.get(f"/xapi/statements?statementId={target['id']}").status_code == 404
    assert world.client.get(f"/xapi/statements?voidedStatementId={target['id']}").json()["id"] == target["id"]
    listed = [row["id"] for row in world.client.get("/xapi/statements").json()["statements"]]
    assert listed == [void["id"]]
    assert ExternalCompletion.objects.get(record_id=target["id"]).status == ExternalCompletion.Status.VOIDED


def test_voiding_again_and_voiding_a_voiding_statement_are_refused(world):
    target = statement(world.course)
    post(world.client, target)
    first = statement(
        verb="http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    post(world.client, first)
    second = statement(
        verb="http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": target["id"]},
    )
    third = statement(
        verb="http://adlnet.gov/expapi/verbs/voided", object={"objectType": "StatementRef", "id": first["id"]}
    )

    again = post(world.client, second)
    of_void = post(world.client, third)
    repeat = post(world.client, first)

    assert again.status_code == 400
    assert "already voided" in again.json()["message"]
    assert of_void.status_code == 400
    assert "cannot be voided" in of_void.json()["message"]
    assert repeat.status_code == 200  # the same voiding statement sent again is a repeat, not a new void
    assert Statement.objects.count() == 2


def test_a_provider_cannot_void_or_read_another_providers_statements(world):
    _other_credential, other_key = new_credential(world.other_provider)
    theirs = statement(world.other_course)
    post(xapi_client(other_key), theirs)
    void = statement(
        verb="http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": theirs["id"]},
    )

    voided = post(world.client, void)
    read = world.client.get(f"/xapi/statements?statementId={theirs['id']}")
    listed = world.client.get("/xapi/statements").json()["statements"]

    # The voiding statement is taken like one whose target is not stored: it voids nothing and
    # does not reveal that the id exists elsewhere.
    assert voided.status_code == 200
    assert read.status_code == 404
    assert [row["id"] for row in listed] == [void["id"]]
    assert not Statement.objects.get(statement_id=theirs["id"]).is_voided


def test_voiding_an_id_before_another_provider_sends_it_does_not_void_theirs(world):
    _other_credential, other_key = new_credential(world.other_provider)
    future = str(uuid.uuid4())
    post(
        world.client,
        statement(
            verb="http://adlnet.gov/expapi/verbs/voided", object={"objectType": "StatementRef", "id": future}
        ),
    )

    response = post(xapi_client(other_key), {**statement(world.other_course), "id": future})

    assert response.status_code == 200
    assert not Statement.objects.get(statement_id=future).is_voided


def test_voiding_an_id_before_the_same_provider_sends_it_voids_it_on_arrival(world):
    future = str(uuid.uuid4())
    post(
        world.client,
        statement(
            verb="http://adlnet.gov/expapi/verbs/voided", object={"objectType": "StatementRef", "id": future}
        ),
    )

    post(world.client, {**statement(world.course), "id": future})

    assert Statement.objects.get(statement_id=future).is_voided


def test_a_statement_voided_in_its_own_batch_is_stored_voided(world):
    UserFactory(username="taro", email="taro@example.jp")
    target = statement(world.course)
    void = statement(
        verb="http://adlnet.gov/expapi/verbs/voided",
        object={"objectType": "StatementRef", "id": target["id"]},
    )

    response = post(world.client, [target, void])

    assert response.status_code == 200
    assert Statement.objects.get(statement_id=target["id"]).is_voided
    assert ExternalCompletion.objects.count() == 0


def test_a_statement_cannot_void_itself(world):
    own = str(uuid.uuid4())
    body = statement(
        verb="http://adlnet.gov/expapi/verbs/voided", object={"objectType": "StatementRef", "id": own}
    )

    response = post(world.client, {**body, "id": own})

    assert response.status_code == 400
    assert Statement.objects.count() == 0


def test_query_filters_and_pages_with_a_more_link(world):
    rows = [statement(world.course, email=f"p{i}@example.jp") for i in range(5)]
    for row in rows:
        post(world.client, row)
    other_verb = statement(verb="http://adlnet.gov/expapi/verbs/attempted")
    post(world.client, other_verb)

    page = world.client.get(f"/xapi/statements?verb={COMPLETED}&limit=2&ascending=true")
    second = world.client.get(page.json()["more"])
    third = world.client.get(second.json()["more"])
    agent = world.client.get("/xapi/statements", {"agent": json.dumps({"mbox": "mailto:p3@example.jp"})})
    activity = world.client.get("/xapi/statements", {"activity": world.course.activity_iri})
    newest = world.client.get("/xapi/statements?limit=1")

    ids = [row["id"] for response in (page, second, third) for row in response.json()["statements"]]
    assert ids == [row["id"] for row in rows]
    assert third.json()["more"] == ""
    assert "X-Experience-API-Consistent-Through" in page
    assert [row["id"] for row in agent.json()["statements"]] == [rows[3]["id"]]
    assert len(activity.json()["statements"]) == 5
    assert [row["id"] for row in newest.json()["statements"]] == [other_verb["id"]]


def test_since_and_until_bound_by_stored_time(world):
    post(world.client, statement(world.course))
    middle = timezone.now().isoformat()
    later = statement(world.course, email="later@example.jp")
    post(world.client, later)

    since = world.client.get("/xapi/statements", {"since": middle}).json()["statements"]
    until = world.client.get("/xapi/statements", {"until": middle}).json()["statements"]

    assert [row["id"] for row in since] == [later["id"]]
    assert len(until) == 1
    assert until[0]["id"] != later["id"]


def test_format_ids_keeps_only_identifiers(world):
    body = statement(world.course)
    body["actor"]["name"] = "山田太郎"
    body["object"]["definition"] = {"name": {"ja": "データ基礎"}}
    post(world.client, body)

    row = world.client.get(f"/xapi/statements?statementId={body['id']}&format=ids").json()

    assert row["actor"] == {"objectType": "Agent", "mbox": "mailto:taro@example.jp"}
    assert row["verb"] == {"id": COMPLETED}
    assert row["object"] == {"objectType": "Activity", "id": world.course.activity_iri}


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("statementId=nope", "statementId: must be a UUID"),
        (f"statementId={uuid.uuid4()}&verb={COMPLETED}", "go alone"),
        ("limit=x", "limit:"),
        ("limit=-1", "limit:"),
        ("ascending=maybe", "ascending:"),
        ("since=yesterday", "since:"),
        ("verb=completed", "verb: must be an IRI"),
        ("agent=notjson", "agent:"),
        ("agent=%7B%22mbox%22%3A%22x%22%7D", "agent.mbox:"),
        ("cursor=forged", "cursor:"),
        ("format=full", "format:"),
        ("colour=blue", "colour: is not a parameter"),
        ("related_agents=true", "related_agents:"),
    ],
)
def test_bad_query_parameters_are_400(world, query, text):
    response = world.client.get(f"/xapi/statements?{query}")

    assert response.status_code == 400
    assert text in response.json()["message"]


def test_unknown_statement_id_is_404(world):
    assert world.client.get(f"/xapi/statements?statementId={uuid.uuid4()}").status_code == 404


# --- Credentials -------------------------------------------------------------------------------


def _client_with(username: str, secret: str):
    client = xapi_client("x.y")
    token = base64.b64encode(f"{username}:{secret}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")
    return client


@pytest.mark.parametrize("problem", ["revoked", "expired", "wrong secret", "unknown", "none"])
def test_bad_credentials_are_401_and_store_nothing(world, problem):
    username, _dot, secret = world.key.partition(".")
    if problem == "revoked":
        world.credential.revoked = True
        world.credential.save()
    elif problem == "expired":
        world.credential.expiry_date = timezone.now() - timezone.timedelta(minutes=1)
        world.credential.save()
    client = {
        "wrong secret": lambda: _client_with(username, "not-the-secret"),
        "unknown": lambda: _client_with("nobody12", secret),
    }.get(problem, lambda: world.client)()
    if problem == "none":
        client.credentials(HTTP_X_EXPERIENCE_API_VERSION="1.0.3")

    response = post(client, statement(world.course))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="xAPI"'
    assert Statement.objects.count() == 0
    if problem in ("revoked", "expired", "wrong secret"):
        use = CredentialUse.objects.get()
        assert (use.status_code, use.credential) == (401, world.credential)


def test_a_signed_in_portal_user_cannot_use_the_statement_resource(world, client):
    client.force_login(UserFactory())

    response = client.get("/xapi/statements", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")

    assert response.status_code == 401


def test_every_use_is_recorded_with_its_result_and_moves_last_used(world):
    post(world.client, [statement(world.course), statement(world.course, email="b@example.jp")])
    post(world.client, {"bad": 1})
    world.client.get("/xapi/statements")

    uses = list(CredentialUse.objects.order_by("pk").values_list("method", "status_code", "statements"))
    world.credential.refresh_from_db()

    assert uses == [("POST", 200, 2), ("POST", 400, 0), ("GET", 200, 0)]
    assert CredentialUse.objects.filter(status_code=400).get().detail.startswith("statement.")
    assert world.credential.last_used_at is not None


def test_the_rate_limit_is_per_credential(world, settings):
    settings.XAPI_RATE_LIMIT = "2/minute"
    _other, other_key = new_credential(world.provider, "second LMS")

    answers = [world.client.get("/xapi/statements").status_code for _ in range(3)]
    other = xapi_client(other_key).get("/xapi/statements").status_code

    assert answers == [200, 200, 429]
    assert other == 200


def test_messages_are_japanese_by_default(world):
    client = xapi_client(world.key, language="ja")

    response = post(client, {**statement(world.course), "result": {"score": {"scaled": 2}}})

    assert response.json()["message"] == "statement.result.score.scaled: -1 から 1 の間にしてください。"


def test_a_course_activity_iri_resolves_to_the_course_page(client, world):
    path = world.course.activity_iri.removeprefix(settings.PLATFORM_BASE_URL)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == world.course.get_absolute_url()
    assert client.get(path.replace(str(world.course.uuid), str(uuid.uuid4()))).status_code == 404
