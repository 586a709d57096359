"""A provider with a credential, a course of theirs and one of another provider, and a client that
speaks xAPI (HTTP Basic with the credential, the version header on every request)."""

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any, cast

from rest_framework.test import APIClient

from courses.models import Course, Provider
from exchange.models import ProviderCredential
from tests.courses.factories import CourseFactory, ProviderFactory, course_target

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
PASSED = "http://adlnet.gov/expapi/verbs/passed"


@dataclass
class Setting:
    provider: Provider
    credential: ProviderCredential
    key: str
    course: Course
    other_provider: Provider
    other_course: Course
    client: APIClient


def basic(key: str) -> str:
    username, _dot, secret = key.partition(".")
    return "Basic " + base64.b64encode(f"{username}:{secret}".encode()).decode()


def xapi_client(key: str, language: str = "en") -> APIClient:
    """Messages are Japanese by default; the tests read them in English unless they say otherwise."""
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=basic(key), HTTP_X_EXPERIENCE_API_VERSION="1.0.3", HTTP_ACCEPT_LANGUAGE=language
    )
    return client


def new_credential(provider: Provider, name: str = "LMS") -> tuple[ProviderCredential, str]:
    credential, key = ProviderCredential.objects.create_key(provider=provider, name=name)
    return cast(ProviderCredential, credential), key


def setting(*, qualifying: bool = True) -> Setting:
    provider = ProviderFactory.create(slug="manabi-co")
    other = ProviderFactory.create(slug="other-co")
    course = CourseFactory.create(provider=provider, slug="data-basics")
    other_course = CourseFactory.create(provider=other, slug="other-course")
    if qualifying:
        course_target(course, "data-engineer", "b")
        course_target(other_course, "data-engineer", "b")
    credential, key = new_credential(provider)
    return Setting(provider, credential, key, course, other, other_course, xapi_client(key))


def statement(
    course: Course | None = None, *, email: str = "taro@example.jp", verb: str = COMPLETED, **extra: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{email}"},
        "verb": {"id": verb, "display": {"ja": "修了した"}},
        "object": {
            "objectType": "Activity",
            "id": course.activity_iri if course else "http://example.jp/a/1",
        },
        "timestamp": "2026-10-01T10:00:00+09:00",
    }
    data.update(extra)
    return data


def post(client: APIClient, body: Any, **headers: Any) -> Any:
    return client.post("/xapi/statements", data=json.dumps(body), content_type="application/json", **headers)


def put(client: APIClient, statement_id: str, body: Any) -> Any:
    return client.put(
        f"/xapi/statements?statementId={statement_id}", data=json.dumps(body), content_type="application/json"
    )
