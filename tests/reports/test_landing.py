"""Where each kind of person lands after signing in on the portal (reports/account_adapter.py), and
the profile banner of My learning, shown to learners only."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse

from consortia.selectors import MINISTRY_VIEWER_GROUP
from consortia.services import consortium_admin_create
from core.models import User
from tests.consortia.factories import ConsortiumFactory
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "landing-pass-2026"
BANNER = "Your profile is not filled in yet."


def _verified(user: User) -> User:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def people() -> dict[str, User]:
    kyushu = ConsortiumFactory.create(slug="kyushu-semiconductor")
    tohoku = ConsortiumFactory.create(slug="tohoku-semiconductor")
    ministry = UserFactory.create(username="ministry", email="ministry@example.jp", is_staff=True)
    ministry.set_password(PASSWORD)
    ministry.save()
    ministry.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    learner = UserFactory.create(username="learner", email="learner@example.jp")
    learner.set_password(PASSWORD)
    learner.save()
    one = consortium_admin_create(
        username="kyushu-admin", consortia=[kyushu], email="kyushu@example.jp", password=PASSWORD
    )
    two = consortium_admin_create(
        username="two-admin", consortia=[kyushu, tohoku], email="two@example.jp", password=PASSWORD
    )
    root = User.objects.create_superuser("root", "root@example.jp", PASSWORD)
    return {
        "ministry": ministry,
        "learner": learner,
        "consortium_admin": _verified(one),
        "admin_of_two": _verified(two),
        "superuser": _verified(root),
        "kyushu": kyushu,  # type: ignore[dict-item]
    }


def _sign_in(client, user: User, query: str = ""):
    return client.post(f"/accounts/login/{query}", {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize(
    ("person", "landing"),
    [
        ("ministry", "/reports/"),
        ("superuser", "/reports/"),
        ("learner", "/me/learning/"),
        ("admin_of_two", "/admin/consortia/consortium/"),
    ],
)
def test_each_person_lands_on_their_page(client, people, person, landing):
    response = _sign_in(client, people[person])

    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_consortium_admin_lands_on_their_consortium_in_admin(client, people):
    response = _sign_in(client, people["consortium_admin"])

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:consortia_consortium_change", args=[people["kyushu"].pk])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("person", ["ministry", "consortium_admin", "learner"])
def test_a_safe_next_wins_over_the_landing_page(client, people, person):
    response = _sign_in(client, people[person], "?next=/courses/")

    assert response.status_code == 302
    assert response["Location"] == "/courses/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/"])
def test_an_unsafe_next_is_ignored(client, people, target):
    response = _sign_in(client, people["ministry"], f"?next={target}")

    assert response.status_code == 302
    assert response["Location"] == "/reports/"


def test_admin_login_keeps_going_to_admin(client, people):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "kyushu-admin", "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize(
    ("person", "shows_banner"), [("learner", True), ("ministry", False), ("consortium_admin", False)]
)
def test_the_profile_banner_is_for_learners_only(client, people, person, shows_banner):
    client.force_login(people[person])

    response = client.get(reverse("learners:my-learning"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert (BANNER in response.content.decode()) is shows_banner
