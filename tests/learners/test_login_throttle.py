"""Logins resist guessing without locking owners out (issue #9): django-axes by (IP, username)."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core import mail

from core.models import User
from tests.core.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ATTACKER, OWNER = "203.0.113.7", "198.51.100.20"


def _portal_login(client, email: str, password: str, ip: str):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _admin_login(client, username: str, password: str, ip: str):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_guessing_at_admin_is_stopped_after_five_failures(client):
    User.objects.create_superuser("root", "root@example.jp", "root-pass-2026")

    statuses = [_admin_login(client, "root", f"guess-{i}", ATTACKER).status_code for i in range(8)]
    right_password = _admin_login(client, "root", "root-pass-2026", ATTACKER)

    assert statuses[:4] == [200] * 4  # the login form again, with its error
    assert statuses[4:] == [429] * 4  # the fifth failure locks the pair
    assert right_password.status_code == 429  # locked, whatever the password
    assert AccessAttempt.objects.get().failures_since_start == 9
    assert _admin_login(client, "root", "root-pass-2026", OWNER).status_code == 302


def test_a_stranger_cannot_lock_a_learner_out_of_the_portal(client):
    learner = UserFactory.create(username="learner-owner", email="owner@example.jp")

    for i in range(7):
        _portal_login(client, learner.email, f"wrong-{i}", ATTACKER)
    blocked = _portal_login(client, learner.email, PASSWORD, ATTACKER)
    owner = _portal_login(client, learner.email, PASSWORD, OWNER)

    assert blocked.status_code == 429
    assert "パスワード" in blocked.content.decode() or "password" in blocked.content.decode()
    assert owner.status_code == 302
    assert owner["Location"] == "/me/learning/"
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [("learner-owner", OWNER)]


def test_a_password_reset_lets_the_owner_in_at_once_even_from_the_blocked_address(client):
    learner = UserFactory.create(username="learner-reset", email="reset@example.jp")
    for i in range(6):
        _portal_login(client, learner.email, f"wrong-{i}", ATTACKER)
    assert _portal_login(client, learner.email, PASSWORD, ATTACKER).status_code == 429

    client.post("/accounts/password/reset/", {"email": learner.email}, REMOTE_ADDR=ATTACKER)
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True, REMOTE_ADDR=ATTACKER)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "fresh-pass-2026-x", "password2": "fresh-pass-2026-x"},
        REMOTE_ADDR=ATTACKER,
    )
    client.logout()

    assert not AccessAttempt.objects.exists()
    assert _portal_login(client, learner.email, "fresh-pass-2026-x", ATTACKER).status_code == 302


def test_a_success_clears_the_count(client):
    learner = UserFactory.create(username="learner-ok", email="ok@example.jp")
    for i in range(4):
        _portal_login(client, learner.email, f"wrong-{i}", ATTACKER)

    assert _portal_login(client, learner.email, PASSWORD, ATTACKER).status_code == 302
    assert not AccessAttempt.objects.exists()
