"""My learning shows completions providers reported, with their source and date; the learner may
dispute one (with a reason); nobody else can see or dispute it."""

import datetime

import pytest
from django.urls import reverse

from learners.models import ExternalCompletion
from tests.core.factories import UserFactory
from tests.courses.factories import CourseFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported():
    taro = UserFactory(username="taro")
    provider = ProviderFactory(slug="manabi", name_ja="まなび研修", name_en="")
    course = CourseFactory(provider=provider, title_ja="データ活用基礎", title_en="")
    return ExternalCompletion.objects.create(
        learner=taro, provider=provider, course=course, record_id="r-1", channel="xapi",
        completed_at=datetime.datetime(2026, 10, 1, 1, tzinfo=datetime.UTC),
    )  # fmt: skip


def test_my_learning_lists_reported_completions_with_source_and_date(client, reported):
    client.force_login(reported.learner)

    page = client.get(reverse("learners:my-learning")).content.decode()

    assert "データ活用基礎" in page
    assert "まなび研修" in page
    assert "2026-10-01" in page


def test_the_learner_disputes_with_a_reason(client, reported):
    client.force_login(reported.learner)

    response = client.post(
        reverse("learners:external-completion-dispute", args=[reported.uuid]), {"reason": "受講していません"}
    )

    reported.refresh_from_db()
    assert response.status_code == 302
    assert (reported.status, reported.dispute_reason) == ("disputed", "受講していません")


@pytest.mark.parametrize(("reason", "kept"), [("", True), ("   ", True), ("x" * 2001, True)])
def test_a_dispute_needs_a_reason_of_sensible_length(client, reported, reason, kept):
    client.force_login(reported.learner)

    client.post(reverse("learners:external-completion-dispute", args=[reported.uuid]), {"reason": reason})

    reported.refresh_from_db()
    assert reported.status == "counted"


def test_another_learner_neither_sees_nor_disputes_it(client, reported):
    client.force_login(UserFactory(username="jiro"))

    page = client.get(reverse("learners:my-learning")).content.decode()
    response = client.post(
        reverse("learners:external-completion-dispute", args=[reported.uuid]), {"reason": "x"}
    )

    reported.refresh_from_db()
    assert "データ活用基礎" not in page
    assert response.status_code == 404
    assert reported.status == "counted"


def test_disputing_needs_sign_in_and_post(client, reported):
    url = reverse("learners:external-completion-dispute", args=[reported.uuid])

    assert client.post(url, {"reason": "x"}).status_code == 302
    client.force_login(reported.learner)
    assert client.get(url).status_code == 405
