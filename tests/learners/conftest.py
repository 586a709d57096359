"""Learner tests assert on English messages (msgids): the Japanese catalogue may translate them later."""

import pytest
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from tests.core.factories import StaffFactory, UserFactory


@pytest.fixture(scope="session")
def credential_key_path(tmp_path_factory):
    """One signing key for the session, outside the work tree (created on first use)."""
    return tmp_path_factory.mktemp("keys") / "credential-signing-ed25519.pem"


@pytest.fixture(autouse=True)
def credential_key(settings, credential_key_path):
    settings.CREDENTIAL_SIGNING_KEY_FILE = credential_key_path
    settings.PLATFORM_BASE_URL = "https://skills.example.go.jp"
    return credential_key_path


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def learner_a(db):
    return UserFactory.create(username="learner-a")


@pytest.fixture
def learner_b(db):
    return UserFactory.create(username="learner-b")


@pytest.fixture
def staff(db):
    return StaffFactory.create(username="staff")


@pytest.fixture
def as_actor(request, learner_a, learner_b, staff):
    """Resolve an actor name of the access matrix ("anonymous", "learner_a", "learner_b", "staff")."""

    def resolve(name: str):
        return {"anonymous": None, "learner_a": learner_a, "learner_b": learner_b, "staff": staff}[name]

    return resolve
