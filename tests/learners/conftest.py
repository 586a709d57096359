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


# --- A completed course and its certificate (shared by the certificate, status and record tests) ---


@pytest.fixture
def course(standard):
    from tests.courses.factories import course_skill

    from .factories import learning_course

    setup = learning_course(
        slug="data-basics", title_ja="データ活用の基礎", title_en="Data basics", summary_ja="データを学ぶ。"
    )
    course_skill(setup.course, "data-platform-design", "c")
    course_skill(setup.course, "data-understanding", "b")
    return setup


@pytest.fixture
def completed(course, learner_a):
    from django.utils import timezone

    from .factories import EnrolmentFactory

    learner_a.last_name, learner_a.first_name = "山田", "花子"
    learner_a.save()
    return EnrolmentFactory.create(learner=learner_a, course=course.course, completed_at=timezone.now())


@pytest.fixture
def credential(completed):
    from learners.services import credential_issue

    return credential_issue(enrolment=completed)
