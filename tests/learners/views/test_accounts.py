"""Accounts."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from core.models import User
from tests.core.factories import PASSWORD, UserFactory

from ..factories import LearnerProfileFactory

pytestmark = pytest.mark.django_db


def test_sign_up_verify_the_email_and_sign_in(client):
    # Given a visitor who signs up with an e-mail address
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )

    # Then they are asked to check their mail, and a verification link is sent
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.jp"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    user = User.objects.get(email="new@example.jp")
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get("/me/learning/").status_code == 302  # not signed in before verifying

    # When they open the link and confirm
    assert client.get(link).status_code == 200
    confirmed = client.post(link)

    # Then the address is verified and they are signed in
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/me/learning/").status_code == 200


def test_an_unverified_address_cannot_sign_in(client):
    client.post(
        "/accounts/signup/",
        {"email": "late@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )
    client.logout()

    response = client.post("/accounts/login/", {"login": "late@example.jp", "password": "kakunin-2026-pass"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/learning/").status_code == 302


def test_sign_in_and_sign_out(client, learner_a):
    response = client.post("/accounts/login/", {"login": learner_a.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/me/learning/"
    assert client.get("/me/learning/").status_code == 200

    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/learning/").status_code == 302


@pytest.mark.parametrize(
    ("profile_names", "shown"),
    [
        ({"name_kanji": "山田 花子", "name_romanised": "Hanako Yamada"}, "山田 花子 (Hanako Yamada)"),
        ({}, "hanako.yamada@example.jp"),
    ],
)
def test_the_sign_in_message_names_the_person_not_the_username(client, profile_names, shown):
    # Given a learner whose username is generated (allauth makes one up from the address)
    user = UserFactory.create(username="learner3", email="hanako.yamada@example.jp")
    LearnerProfileFactory.create(user=user, **profile_names)

    # When they sign in
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    page = client.get("/me/learning/")

    # Then the message names them by their name, else their e-mail address
    assert [str(message) for message in page.context["messages"]] == [f"Successfully signed in as {shown}."]
    assert "learner3" not in page.content.decode()


def test_password_reset_by_email(client, learner_a):
    response = client.post("/accounts/password/reset/", {"email": learner_a.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"password1": "a-brand-new-pass-2026", "password2": "a-brand-new-pass-2026"})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/key/done/"
    learner_a.refresh_from_db()
    assert learner_a.check_password("a-brand-new-pass-2026")


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]
)
def test_account_pages_use_the_portal_frame(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert 'class="site-header"' in response.content.decode()
