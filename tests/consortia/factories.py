"""Minimal valid rows of the consortia app."""

import datetime

import factory
from django.utils import timezone

from consortia.models import (
    Consortium,
    ConsortiumMembership,
    Event,
    Industry,
    MemberOrganization,
    MetiBureau,
    Participation,
    Programme,
    Region,
)
from tests.core.factories import UserFactory


class ConsortiumFactory(factory.django.DjangoModelFactory[Consortium]):
    class Meta:
        model = Consortium
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"consortium-{n}")
    name_ja = factory.Sequence(lambda n: f"コンソーシアム{n}")
    name_en = factory.Sequence(lambda n: f"Consortium {n}")
    industry = Industry.SEMICONDUCTOR
    region = Region.KYUSHU
    meti_bureau = MetiBureau.KYUSHU
    prefectures = factory.LazyFunction(lambda: ["40"])


class MemberOrganizationFactory(factory.django.DjangoModelFactory[MemberOrganization]):
    class Meta:
        model = MemberOrganization

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_ja = factory.Sequence(lambda n: f"組織{n}")
    kind = MemberOrganization.Kind.COMPANY


class ConsortiumMembershipFactory(factory.django.DjangoModelFactory[ConsortiumMembership]):
    class Meta:
        model = ConsortiumMembership

    consortium = factory.SubFactory(ConsortiumFactory)
    organization = factory.SubFactory(MemberOrganizationFactory)


class ProgrammeFactory(factory.django.DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    consortium = factory.SubFactory(ConsortiumFactory)
    name_ja = factory.Sequence(lambda n: f"プログラム{n}")
    kind = Programme.Kind.OUTREACH_LECTURE


class EventFactory(factory.django.DjangoModelFactory[Event]):
    """An event a week from now, two hours long, ten seats."""

    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue = factory.Sequence(lambda n: f"会場{n}")
    prefecture = "40"
    capacity = 10


class ParticipationFactory(factory.django.DjangoModelFactory[Participation]):
    class Meta:
        model = Participation

    event = factory.SubFactory(EventFactory)
    learner = factory.SubFactory(UserFactory)


class GroupParticipationFactory(ParticipationFactory):
    learner = None  # type: ignore[assignment]  # a group registers no learner account
    group_name = factory.Sequence(lambda n: f"高校{n}")
    students_count = 3
    teachers_count = 1
