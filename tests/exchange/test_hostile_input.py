"""What an outside attack on the store found (issue #11 review), each reproduced before the fix:
answers were 500s, a provider could void another's statements ahead of time, deletion left the
person in the store. Each now answers a 4xx naming the problem, and stores nothing."""

import base64
import json
import uuid

import pytest

from exchange.models import CredentialUse, Statement
from learners.models import ExternalCompletion
from tests.core.factories import PASSWORD, UserFactory

from .helpers import new_credential, post, setting, statement, xapi_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(standard):
    return setting()


@pytest.mark.parametrize(
    "timestamp",
    [
        "9999-12-31T23:59:59-01:00",  # year 10000 in UTC: PostgreSQL stored it and every read failed
        "0001-01-01T00:00:00+01:00",  # year 0 in UTC
        "2026-02-30T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "2026-02-28T24:00:00Z",
        "2026-01-01T00:00:60Z",
        "2026-13-01T00:00:00Z",
        "2026-01-01T00:00:00+99:00",
        "2026-01-01T00:00:00+24:00",
        "2026-01-01T00:00:00+16:00",
        "2026-01-01",
        "2026-01-01T00:00:00Z\n",
    ],
)
def test_timestamps_that_are_no_real_instant_are_400(world, timestamp):
    response = post(world.client, statement(world.course, timestamp=timestamp))

    assert response.status_code == 400, response.content
    assert response.json()["message"].startswith("statement.timestamp:")
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("parameter", ["since", "until"])
def test_query_times_that_are_no_real_instant_are_400(world, parameter):
    response = world.client.get("/xapi/statements", {parameter: "2026-02-30T00:00:00Z"})

    assert response.status_code == 400
    assert response.json()["message"].startswith(f"{parameter}:")


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ('"result": {"response": "\\ud800"}', "statement.result.response"),
        ('"result": {"response": "a\\u0000b"}', "body"),  # the NUL middleware answers first
        ('"result": {"score": {"raw": 1e309}}', "statement.result.score.raw"),
        ('"result": {"score": {"raw": 1' + "0" * 400 + ', "max": 2}}', "statement.result.score.raw"),
        ('"result": {"extensions": {"http://e.jp/x": 1e999}}', "statement.result.extensions.http://e.jp/x"),
        ('"result": {"duration": "PT1H\\n"}', "statement.result.duration"),
    ],
)
def test_strings_and_numbers_the_store_cannot_keep_are_400(world, body, named):
    base = json.dumps(statement(world.course))[:-1]

    response = world.client.post(
        "/xapi/statements", data=f"{base}, {body}}}", content_type="application/json"
    )

    assert response.status_code == 400, response.content
    assert response.json()["message"].startswith(named)
    assert Statement.objects.count() == 0


def test_deep_nesting_is_refused_when_stored_not_when_read(world):
    deep: dict = {"x": 1}
    for _ in range(40):
        deep = {"http://e.jp/n": deep}

    response = post(world.client, statement(world.course, result={"extensions": {"http://e.jp/deep": deep}}))

    assert response.status_code == 400
    assert "nested deeper than 32" in response.json()["message"]


def test_format_ids_leaves_extensions_alone(world):
    body = statement(
        world.course,
        result={"extensions": {"http://e.jp/x": {"verb": {"foo": 1}, "objectType": "Group", "member": 5}}},
    )
    post(world.client, body)

    response = world.client.get("/xapi/statements", {"statementId": body["id"], "format": "ids"})

    assert response.status_code == 200
    assert response.json()["result"] == body["result"]


@pytest.mark.parametrize(
    ("agent", "named"),
    [
        ('{"account": {"homePage": "http://e.jp", "name": "a\\u0000"}}', "agent.account.name"),
        ('{"openid": "http://e.jp/\\u0000"}', "agent.openid"),
        ('{"account": {"homePage": "http://e.jp", "name": "\\ud800"}}', "agent.account.name"),
        ("[" * 950, "agent"),
        ('{"mbox": "mailto:a@example.jp", "colour": "blue"}', "agent.colour"),
    ],
)
def test_agent_parameters_that_cannot_be_searched_are_400(world, agent, named):
    response = world.client.get("/xapi/statements", {"agent": agent})

    assert response.status_code == 400, response.content
    assert response.json()["message"].startswith(named)


def test_ids_longer_than_the_columns_are_refused_not_truncated(world):
    long_verb = "http://e.jp/" + "v" * 600

    response = post(world.client, statement(world.course, verb=long_verb))

    assert response.status_code == 400
    assert response.json()["message"].startswith("statement.verb.id: is longer than 500")


def test_another_providers_course_named_anywhere_in_a_statement_is_403(world):
    body = statement(context={"contextActivities": {"parent": [{"id": world.other_course.activity_iri}]}})
    sub = statement(object={"objectType": "SubStatement", "actor": {"mbox": "mailto:a@example.jp"},
                            "verb": {"id": "http://e.jp/planned"}, "object": {"id": world.other_course.activity_iri}})  # fmt: skip

    assert post(world.client, body).status_code == 403
    assert post(world.client, sub).status_code == 403
    assert Statement.objects.count() == 0


def test_a_nul_in_the_basic_user_name_is_401_not_500(world):
    token = base64.b64encode(b"abc\x00:secret").decode()
    client = xapi_client(world.key)
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")

    assert client.get("/xapi/statements").status_code == 401


def test_unknown_prefix_and_wrong_secret_read_the_same(world):
    username, _dot, _secret = world.key.partition(".")
    answers = []
    for user in (username, "nobody12"):
        client = xapi_client(world.key)
        token = base64.b64encode(f"{user}:wrong".encode()).decode()
        client.credentials(
            HTTP_AUTHORIZATION=f"Basic {token}",
            HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        answers.append(client.get("/xapi/statements").json())

    assert answers[0] == answers[1] == {"message": "Invalid credentials."}
    assert CredentialUse.objects.get().detail == "Wrong secret for this credential."


def test_refused_attempts_are_throttled_and_stop_filling_the_use_log(world, settings):
    settings.XAPI_FAILED_AUTH_LIMIT = 3
    username, _dot, _secret = world.key.partition(".")
    client = xapi_client(world.key)
    token = base64.b64encode(f"{username}:wrong".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}", HTTP_X_EXPERIENCE_API_VERSION="1.0.3")

    statuses = [client.get("/xapi/statements").status_code for _ in range(6)]

    assert statuses == [401, 401, 401, 429, 429, 429]
    assert CredentialUse.objects.count() == 3


@pytest.mark.parametrize("method", ["TRACE", "DELETE", "PATCH"])
def test_undeclared_methods_are_405_even_without_the_version_header(world, method):
    world.client.credentials(HTTP_AUTHORIZATION=world.client._credentials["HTTP_AUTHORIZATION"])

    assert world.client.generic(method, "/xapi/statements").status_code == 405


@pytest.mark.parametrize("path", ["/xapi/", "/xapi/nothing", "/xapi/statements/"])
def test_unknown_xapi_paths_are_json_404s_with_the_version_header(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response["X-Experience-API-Version"] == "1.0.3"


def test_deleting_an_account_scrubs_every_statement_that_names_the_person(world, client):
    carol = UserFactory(username="carol", email="carol@example.jp")
    team = {
        "objectType": "Group",
        "member": [{"mbox": "mailto:carol@example.jp"}, {"mbox": "mailto:dan@example.jp"}],
    }
    completion = statement(
        world.course,
        email="carol@example.jp",
        context={"team": team, "instructor": {"mbox": "mailto:carol@example.jp"}},
    )
    attempted = statement(email="carol@example.jp", verb="http://adlnet.gov/expapi/verbs/attempted",
                          result={"response": "carol's private answer"})  # fmt: skip
    post(world.client, [completion, attempted])
    client.force_login(carol)

    client.post("/me/delete/", {"password": PASSWORD})

    stored = json.dumps(list(Statement.objects.values_list("document", flat=True)))
    assert "carol@example.jp" not in stored
    assert "dan@example.jp" in stored  # other people stay as they were
    assert not Statement.objects.filter(learner__isnull=False).exists()
    found = world.client.get("/xapi/statements", {"agent": json.dumps({"mbox": "mailto:carol@example.jp"})})
    assert found.json()["statements"] == []
    assert ExternalCompletion.objects.filter(learner__username__startswith="deleted-").count() == 1


def test_a_learner_whose_username_starts_with_deleted_can_delete_their_account(client):
    user = UserFactory(username="deleted-zed", email="deleted-zed@example.jp")
    client.force_login(user)

    response = client.post("/me/delete/", {"password": PASSWORD})

    user.refresh_from_db()
    assert response.status_code == 302
    assert not user.is_active


def test_the_same_provider_may_use_two_credentials_but_not_another_providers_cursor(world):
    for _ in range(3):
        post(world.client, statement(world.course))
    _second, second_key = new_credential(world.provider, "second")
    _other, other_key = new_credential(world.other_provider, "theirs")
    more = world.client.get("/xapi/statements?limit=1").json()["more"]

    assert xapi_client(other_key).get(more).status_code == 400
    assert xapi_client(second_key).get(more).json() == world.client.get(more).json()
    assert uuid.UUID(world.client.get(more).json()["statements"][0]["id"])


def test_a_statement_over_the_size_limit_is_413(world, settings):
    settings.XAPI_MAX_STATEMENT_BYTES = 2000

    response = post(
        world.client, [statement(world.course), statement(world.course, result={"response": "x" * 3000})]
    )

    assert response.status_code == 413
    assert response.json()["message"].startswith("statements[1]: is ")
    assert Statement.objects.count() == 0


def test_a_multipart_body_without_a_boundary_is_415_not_an_error_log(world, caplog):
    response = world.client.generic(
        "POST", "/xapi/statements", data=b"--x", content_type="multipart/form-data"
    )

    assert response.status_code == 415
    assert "Traceback" not in caplog.text
