"""Actors for access tests: anonymous, a learner, the admins of consortia A and B, a ministry
viewer and a superuser; and one object of every consortium model in each of A and B."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from consortia.models import (
    Consortium,
    ConsortiumMembership,
    Event,
    MemberOrganization,
    Participation,
    Programme,
)
from consortia.selectors import MINISTRY_VIEWER_GROUP
from consortia.services import consortium_admin_create
from core.models import User
from tests.core.factories import UserFactory

from .factories import (
    ConsortiumFactory,
    ConsortiumMembershipFactory,
    EventFactory,
    ParticipationFactory,
    ProgrammeFactory,
)

PASSWORD = "learner-pass-2026"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); Japanese is the site default."""
    with translation.override("en"):
        yield


@dataclass
class World:
    consortium: Consortium
    organization: MemberOrganization
    membership: ConsortiumMembership
    programme: Programme
    event: Event
    participation: Participation

    def object_of(self, model_name: str):
        return {
            "consortium": self.consortium,
            "memberorganization": self.organization,
            "consortiummembership": self.membership,
            "programme": self.programme,
            "event": self.event,
            "participation": self.participation,
        }[model_name]


def _world(slug: str) -> World:
    consortium = ConsortiumFactory.create(slug=slug, name_ja=f"{slug}-コンソーシアム")
    membership = ConsortiumMembershipFactory.create(
        consortium=consortium, organization__slug=f"{slug}-org", organization__name_ja=f"{slug}-組織"
    )
    programme = ProgrammeFactory.create(consortium=consortium, name_ja=f"{slug}-プログラム")
    event = EventFactory.create(programme=programme, venue=f"{slug}-会場")
    participation = ParticipationFactory.create(event=event, learner__username=f"{slug}-learner")
    return World(consortium, membership.organization, membership, programme, event, participation)


@pytest.fixture
def world_a(db) -> World:
    return _world("alpha")


@pytest.fixture
def world_b(db) -> World:
    return _world("beta")


@pytest.fixture
def actors(world_a, world_b) -> dict[str, User | None]:
    viewer = UserFactory.create(username="ministry", is_staff=True)
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    return {
        "anonymous": None,
        "learner": UserFactory.create(username="plain-learner"),
        "admin_a": consortium_admin_create(
            username="admin-a", consortia=[world_a.consortium], password=PASSWORD
        ),
        "admin_b": consortium_admin_create(
            username="admin-b", consortia=[world_b.consortium], password=PASSWORD
        ),
        "ministry": viewer,
        "superuser": User.objects.create_superuser("root", "root@example.jp", PASSWORD),
    }


@pytest.fixture
def client_for(client, actors):
    def login(name: str):
        user = actors[name]
        if user is not None:
            client.force_login(user)
        return client

    return login
