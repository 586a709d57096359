"""Portal pages: public list and event page; registering and cancelling need a signed-in learner."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from consortia.models import Participation
from tests.core.factories import UserFactory

from .factories import ConsortiumFactory, ConsortiumMembershipFactory, EventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_list_shows_consortia_members_and_upcoming_events(client):
    membership = ConsortiumMembershipFactory.create(organization__name_ja="テスト大学")
    EventFactory.create(programme__consortium=membership.consortium, programme__name_ja="出前講座テスト")

    response = client.get(reverse("consortia:consortium-list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert membership.consortium.name_ja in content
    assert "テスト大学" in content
    assert "出前講座テスト" in content


def test_event_page_is_public_and_shows_seats(client):
    event = EventFactory.create(capacity=3)
    ParticipationFactory.create(event=event)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 200
    assert response.context["seats_left"] == 2


def test_anonymous_register_redirects_to_login_and_changes_nothing(client):
    event = EventFactory.create()

    response = client.post(reverse("consortia:event-register", args=[event.uuid]))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    assert not Participation.objects.exists()


def test_learner_registers_then_cancels(client):
    event, learner = EventFactory.create(capacity=1), UserFactory.create()
    client.force_login(learner)

    client.post(reverse("consortia:event-register", args=[event.uuid]))
    assert Participation.objects.get(event=event).learner == learner
    page = client.get(event.get_absolute_url())
    assert page.context["seats_left"] == 0
    assert page.context["registration"] is not None

    client.post(reverse("consortia:event-cancel", args=[event.uuid]))
    assert Participation.objects.get(event=event).status == Participation.Status.CANCELLED
    assert client.get(event.get_absolute_url()).context["seats_left"] == 1


def test_full_event_refuses_registration(client):
    event = EventFactory.create(capacity=1)
    ParticipationFactory.create(event=event)
    client.force_login(UserFactory.create())

    client.post(reverse("consortia:event-register", args=[event.uuid]))

    assert Participation.objects.filter(event=event).count() == 1


def test_register_requires_post(client):
    event = EventFactory.create()
    client.force_login(UserFactory.create())

    assert client.get(reverse("consortia:event-register", args=[event.uuid])).status_code == 405


def test_names_in_the_other_language_carry_their_lang_on_the_list(client):
    # given an organisation the reference names only in English, and one with no English name
    latin = ConsortiumMembershipFactory.create(
        organization__name_ja="Kyushu Univ.", organization__name_en="Kyushu University"
    )
    ConsortiumMembershipFactory.create(
        consortium=latin.consortium, organization__name_ja="テスト大学", organization__name_en=""
    )

    japanese = client.get(reverse("consortia:consortium-list"), headers={"accept-language": "ja"})
    english = client.get(reverse("consortia:consortium-list"), headers={"accept-language": "en"})

    # then the Japanese page marks the Latin-only name as English, the English page the Japanese one
    assert '<li lang="en">Kyushu Univ.</li>' in japanese.content.decode()
    assert "<li>テスト大学</li>" in japanese.content.decode()
    assert "<li>Kyushu University</li>" in english.content.decode()
    assert '<li lang="ja">テスト大学</li>' in english.content.decode()


def test_a_consortium_page_leaves_out_the_parts_it_has_nothing_for(client):
    # Given a consortium with no members, no upcoming events and no founding date
    consortium = ConsortiumFactory.create(founded_on=None)

    # When a visitor opens its page
    html = client.get(reverse("consortia:consortium-detail", args=[consortium.slug])).content.decode()

    # Then no heading stands over an empty part, and no fact row over a missing fact
    assert "<h2>" not in html
    assert "会員" not in html
    assert "今後のイベント" not in html
    assert "設立" not in html
    assert '<tr><th scope="row">対象都道府県</th><td>福岡県</td></tr>' in html


def test_a_consortium_page_shows_its_members_and_events_under_their_headings(client):
    membership = ConsortiumMembershipFactory.create(organization__name_ja="テスト大学")
    EventFactory.create(programme__consortium=membership.consortium, programme__name_ja="出前講座テスト")

    html = client.get(
        reverse("consortia:consortium-detail", args=[membership.consortium.slug])
    ).content.decode()

    assert html.count("<h2>") == 2
    assert "テスト大学" in html
    assert "出前講座テスト" in html
