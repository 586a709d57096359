"""Data exchange in admin: provider staff manage only their providers' credentials, uses, statements,
review queue and disputes; superusers see all; the secret is shown once and stored only as a hash."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.models import User
from exchange.models import CredentialUse, ProviderCredential, Statement
from exchange.services import provider_staff_create
from learners.models import ExternalCompletion
from tests.core.factories import UserFactory

from .helpers import post, setting, statement, xapi_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(standard):
    return setting()


@pytest.fixture
def staff(world) -> User:
    user = provider_staff_create(
        username="manabi-staff", providers=[world.provider], password="staff-pass-2026x"
    )
    return user


@pytest.fixture
def outsider(world) -> User:
    return provider_staff_create(
        username="other-staff", providers=[world.other_provider], password="other-pass-2026x"
    )


def test_staff_create_a_credential_and_see_its_secret_once(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:exchange_providercredential_add"),
        {"provider": world.provider.pk, "name": "本番LMS", "expiry_date_0": "", "expiry_date_1": ""},
        follow=True,
    )

    text = (
        " ".join(str(message) for message in get_messages(response.wsgi_request)) or response.content.decode()
    )
    credential = ProviderCredential.objects.get(name="本番LMS")
    secret = re.search(rf"<code>{credential.prefix}</code>.*?<code>([A-Za-z0-9]{{32}})</code>", text, re.S)
    assert secret is not None, text
    assert secret.group(1) not in credential.hashed_key
    assert credential.hashed_key.startswith("sha512$$")
    assert credential.created_by == staff
    # The shown pair authenticates
    assert xapi_client(f"{credential.prefix}.{secret.group(1)}").get("/xapi/statements").status_code == 200
    # and is never shown again
    page = client.get(
        reverse("admin:exchange_providercredential_change", args=[credential.pk])
    ).content.decode()
    assert secret.group(1) not in page


def test_staff_cannot_create_a_credential_for_another_provider(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:exchange_providercredential_add"),
        {"provider": world.other_provider.pk, "name": "盗用", "expiry_date_0": "", "expiry_date_1": ""},
    )

    assert response.status_code == 200  # the form refuses the choice
    assert "provider" in response.context["adminform"].form.errors
    assert not ProviderCredential.objects.filter(name="盗用").exists()


@pytest.mark.parametrize("model", ["providercredential", "credentialuse", "statement", "waitingstatement"])
def test_staff_see_only_their_providers_rows(client, world, staff, outsider, model):
    other = ProviderCredential.objects.create_key(provider=world.other_provider, name="their LMS")[1]
    post(xapi_client(other), statement(world.other_course, email="x@example.jp"))
    post(world.client, statement(world.course, email="y@example.jp"))
    client.force_login(staff)

    listing = client.get(reverse(f"admin:exchange_{model}_changelist"))

    rows = listing.context["cl"].queryset
    assert listing.status_code == 200
    assert {row.provider_id for row in rows} == {world.provider.pk}
    foreign = type(rows.first())._default_manager.filter(provider=world.other_provider).first()
    assert client.get(reverse(f"admin:exchange_{model}_change", args=[foreign.pk])).status_code == 404


def test_a_learner_and_a_consortium_admin_cannot_open_exchange_admin(client, world):
    client.force_login(UserFactory(username="someone", is_staff=True))

    assert client.get(reverse("admin:exchange_providercredential_changelist")).status_code == 403


def test_revoking_from_admin_stops_the_credential_and_is_recorded(client, world, staff):
    client.force_login(staff)

    client.post(
        reverse("admin:exchange_providercredential_changelist"),
        {"action": "revoke_selected", "_selected_action": [world.credential.pk]},
    )
    response = post(world.client, statement(world.course))

    world.credential.refresh_from_db()
    assert world.credential.revoked
    assert world.credential.revoked_at is not None
    assert response.status_code == 401
    assert CredentialUse.objects.get().detail == "This credential has been revoked."


def test_the_review_queue_assigns_a_waiting_statement_to_a_learner(client, world, staff):
    hanako = UserFactory(username="hanako", email="hanako@example.jp")
    post(
        world.client,
        statement(world.course, actor={"account": {"homePage": "https://lms.example.jp", "name": "L-9"}}),
    )
    waiting = Statement.objects.get()
    client.force_login(staff)

    client.post(
        reverse("admin:exchange_waitingstatement_changelist"),
        {"action": "assign_to_learner", "_selected_action": [waiting.pk], "learner": "hanako"},
    )

    assert ExternalCompletion.objects.get().learner == hanako
    assert client.get(reverse("admin:exchange_waitingstatement_changelist")).context["cl"].result_count == 0


def test_the_review_queue_refuses_staff_accounts_as_learners(client, world, staff):
    post(world.client, statement(world.course, email="unknown@example.jp"))
    waiting = Statement.objects.get()
    client.force_login(staff)

    client.post(
        reverse("admin:exchange_waitingstatement_changelist"),
        {"action": "assign_to_learner", "_selected_action": [waiting.pk], "learner": "manabi-staff"},
    )

    assert ExternalCompletion.objects.count() == 0


def test_staff_resolve_a_dispute_in_admin_and_outsiders_cannot(client, world, staff, outsider):
    taro = UserFactory(username="taro", email="taro@example.jp")
    post(world.client, statement(world.course, email="taro@example.jp"))
    completion = ExternalCompletion.objects.get()
    from learners.services import external_completion_dispute

    external_completion_dispute(learner=taro, completion=completion, reason="受けていません")
    client.force_login(outsider)
    assert (
        client.get(reverse("admin:learners_externalcompletion_change", args=[completion.pk])).status_code
        == 404
    )
    client.force_login(staff)

    client.post(
        reverse("admin:learners_externalcompletion_changelist"),
        {"action": "withdraw_record", "_selected_action": [completion.pk], "note": "提供者の誤送信でした"},
    )

    completion.refresh_from_db()
    assert completion.status == ExternalCompletion.Status.WITHDRAWN
    assert completion.resolution_note == "提供者の誤送信でした"


def test_staff_link_a_provider_issued_id_to_a_learner(client, world, staff):
    hanako = UserFactory(username="hanako", email="hanako@example.jp")
    client.force_login(staff)

    response = client.post(
        reverse("admin:learners_learneridentifier_add"),
        {"provider": world.provider.pk, "value": "L-100", "learner": "hanako"},
    )
    post(
        world.client,
        statement(world.course, actor={"account": {"homePage": "https://lms.example.jp", "name": "L-100"}}),
    )

    assert response.status_code == 302
    assert ExternalCompletion.objects.get().learner == hanako


def test_the_course_admin_page_shows_the_activity_iri(admin_client, world):
    page = admin_client.get(reverse("admin:courses_course_change", args=[world.course.pk])).content.decode()

    assert world.course.activity_iri in page
