import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.consortia.factories import (
    ConsortiumFactory,
    ConsortiumMembershipFactory,
    EventFactory,
    GroupParticipationFactory,
)

pytestmark = pytest.mark.django_db


def test_consortia_list_is_public_and_paginated():
    membership = ConsortiumMembershipFactory.create(consortium__slug="kyushu-x", organization__slug="uni-x")

    response = APIClient().get("/api/v1/consortia/")

    assert response.status_code == 200
    assert response.data["count"] == 1
    result = response.data["results"][0]
    assert result["slug"] == "kyushu-x"
    assert [member["slug"] for member in result["members"]] == ["uni-x"]
    del membership


def test_events_filtered_by_consortium_with_seats_left(django_assert_num_queries):
    kyushu, tohoku = ConsortiumFactory.create(slug="k"), ConsortiumFactory.create(slug="t")
    event = EventFactory.create(programme__consortium=kyushu, capacity=10)
    GroupParticipationFactory.create(event=event, students_count=3, teachers_count=1)
    EventFactory.create(programme__consortium=kyushu, starts_at=timezone.now() + datetime.timedelta(days=30))
    EventFactory.create(programme__consortium=tohoku)

    with django_assert_num_queries(2):
        response = APIClient().get("/api/v1/consortia/events/", {"consortium": "k"})

    assert response.status_code == 200
    assert response.data["count"] == 2
    first = response.data["results"][0]
    assert first["uuid"] == str(event.uuid)
    assert first["consortium"] == "k"
    assert first["seats_left"] == 6


def test_events_api_is_read_only():
    assert APIClient().post("/api/v1/consortia/events/", {}).status_code in (403, 405)


def test_a_past_event_publishes_no_seat_figure_that_would_give_its_attendance(client):
    started = timezone.now() - datetime.timedelta(days=2)
    past = EventFactory.create(starts_at=started, ends_at=started + datetime.timedelta(hours=2), capacity=30)
    GroupParticipationFactory.create(event=past, students_count=3)

    body = APIClient().get("/api/v1/consortia/events/", {"upcoming": "false"}).json()
    page = client.get(past.get_absolute_url())

    assert [(row["uuid"], row["seats_left"]) for row in body["results"]] == [(str(past.uuid), None)]
    assert 'id="seats-left"' not in page.content.decode()
