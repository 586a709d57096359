"""API tokens (core/authentication.py): DRF's TokenAuthentication, the token's user loaded in one
statement with the registered facts."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.authentication import TokenAuthentication

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_gives_its_user_with_the_facts_and_the_token_in_one_statement(django_assert_num_queries):
    viewer = UserFactory.create(username="ministry")
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    stored = Token.objects.create(user=viewer)

    with django_assert_num_queries(1):
        user, token = TokenAuthentication().authenticate_credentials(stored.key)

    assert user == viewer
    assert (user.reports_viewer, user.reports_exact) == (True, False)
    assert (token.key, token.user_id, token.created) == (stored.key, viewer.pk, stored.created)
    assert token.user is user
    assert not token._state.adding


def test_unknown_keys_and_inactive_users_are_refused_as_drf_refuses_them():
    left = UserFactory.create(username="left", is_active=False)
    token = Token.objects.create(user=left)

    with translation.override("en"), pytest.raises(AuthenticationFailed, match="Invalid token"):
        TokenAuthentication().authenticate_credentials("0" * 40)
    with translation.override("en"), pytest.raises(AuthenticationFailed, match="inactive"):
        TokenAuthentication().authenticate_credentials(token.key)


def test_the_api_answers_a_token_and_refuses_a_wrong_one(client):
    viewer = UserFactory.create(username="ministry")
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    token = Token.objects.create(user=viewer)
    url = "/api/v1/reports/progress/?group_by=source"

    assert client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    refused = client.get(url, HTTP_AUTHORIZATION=f"Token {'1' * 40}", HTTP_ACCEPT_LANGUAGE="en")
    # 403, not 401: the first authentication class (the session) sends no WWW-Authenticate (DRF)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Invalid token."


def test_a_demo_accounts_token_is_refused_where_demos_are_off(settings):
    demo = UserFactory.create(username="demo-viewer", is_demo=True)
    token = Token.objects.create(user=demo)
    settings.PLATFORM_DEMO_ENABLED = False

    with translation.override("en"), pytest.raises(AuthenticationFailed, match="Invalid token"):
        TokenAuthentication().authenticate_credentials(token.key)
    settings.PLATFORM_DEMO_ENABLED = True
    assert TokenAuthentication().authenticate_credentials(token.key)[0] == demo
