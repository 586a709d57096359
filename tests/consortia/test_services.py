import datetime
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from consortia.models import Consortium, ConsortiumMembership, MemberOrganization, Participation
from consortia.selectors import CONSORTIUM_ADMIN_GROUP, event_seats_taken
from consortia.services import (
    consortium_reference_load,
    consortium_reference_load_file,
    participation_cancel,
    participation_register,
)
from core.exceptions import ApplicationError
from core.models import User
from tests.core.factories import UserFactory

from .factories import ConsortiumFactory, EventFactory, GroupParticipationFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_reference_load_creates_the_four_consortia_and_is_idempotent():
    first = consortium_reference_load_file()
    second = consortium_reference_load_file()

    assert set(Consortium.objects.values_list("slug", flat=True)) >= {
        "kyushu-semiconductor", "tohoku-semiconductor", "chugoku-semiconductor", "kansai-battery",
    }  # fmt: skip
    assert first.created["consortium"] == 4 or first.unchanged["consortium"] == 4
    assert not second.changed
    kyushu = Consortium.objects.get(slug="kyushu-semiconductor")
    assert kyushu.name_ja == "九州半導体人材育成等コンソーシアム"
    assert kyushu.prefectures == ["40", "41", "42", "43", "44", "45", "46"]
    assert kyushu.founded_display == "2022-03"
    assert kyushu.sources == ["C1"]
    kosen = MemberOrganization.objects.get(slug="national-institute-of-technology")
    assert sorted(kosen.consortia.values_list("slug", flat=True)) == [
        "kansai-battery",
        "kyushu-semiconductor",
    ]


def test_reference_load_with_a_bad_row_changes_nothing():
    data = {
        "consortia": [
            {
                "slug": "x",
                "name_ja": "X",
                "industry": "other",
                "region": "kanto",
                "meti_bureau": "kanto",
                "prefectures": ["99"],
            }
        ],
        "organizations": [
            {"slug": "o", "name_ja": "", "kind": "company", "memberships": [{"consortium": "nowhere"}]}
        ],
    }

    with pytest.raises(ApplicationError) as error:
        consortium_reference_load(data=data)

    assert len(error.value.extra["problems"]) == 3
    assert not Consortium.objects.filter(slug="x").exists()


def test_load_consortia_command_reports_counts():
    out = io.StringIO()
    call_command("load_consortia", stdout=out)
    assert "consortium:" in out.getvalue()


def test_create_consortium_admin_command_is_idempotent():
    ConsortiumFactory.create(slug="kyushu-semiconductor")

    call_command(
        "create_consortium_admin",
        "ops",
        "--consortium",
        "kyushu-semiconductor",
        "--email",
        "ops@example.jp",
        no_password=True,
        stdout=io.StringIO(),
    )
    call_command(
        "create_consortium_admin",
        "ops",
        "--consortium",
        "kyushu-semiconductor",
        no_password=True,
        stdout=io.StringIO(),
    )

    user = User.objects.get(username="ops")
    assert user.is_staff
    assert not user.is_superuser
    assert user.email == "ops@example.jp"
    assert list(user.groups.values_list("name", flat=True)) == [CONSORTIUM_ADMIN_GROUP]
    assert list(user.administered_consortia.values_list("slug", flat=True)) == ["kyushu-semiconductor"]
    assert not user.user_permissions.exists()
    assert not user.has_perm("core.add_user")
    assert not user.has_perm("core.change_user")
    assert user.has_perm("consortia.change_event")


def test_create_consortium_admin_rejects_unknown_consortium():
    with pytest.raises(CommandError, match="unknown consortium: nowhere"):
        call_command("create_consortium_admin", "ops", "--consortium", "nowhere", no_password=True)
    assert not User.objects.filter(username="ops").exists()


def test_register_takes_a_seat_and_is_idempotent():
    event, learner = EventFactory.create(capacity=2), UserFactory.create()

    first = participation_register(event=event, learner=learner)
    second = participation_register(event=event, learner=learner)

    assert first.pk == second.pk
    assert event_seats_taken(event=event) == 1


def test_group_head_counts_take_seats_and_a_full_event_refuses():
    event = EventFactory.create(capacity=5)
    GroupParticipationFactory.create(event=event, students_count=3, teachers_count=1)
    ParticipationFactory.create(event=event, status=Participation.Status.NO_SHOW)  # holds no seat
    participation_register(event=event, learner=UserFactory.create())

    with pytest.raises(ApplicationError, match="full"):
        participation_register(event=event, learner=UserFactory.create())
    assert event_seats_taken(event=event) == 5


def test_cancel_frees_the_seat_and_allows_registering_again():
    event, learner, other = EventFactory.create(capacity=1), UserFactory.create(), UserFactory.create()
    participation_register(event=event, learner=learner)

    cancelled = participation_cancel(event=event, learner=learner)
    participation_register(event=event, learner=other)

    assert cancelled.status == Participation.Status.CANCELLED
    assert participation_cancel(event=event, learner=learner) is None
    assert event_seats_taken(event=event) == 1


def test_past_event_refuses_registration():
    start = timezone.now() - datetime.timedelta(days=1)
    event = EventFactory.create(starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    with pytest.raises(ApplicationError):
        participation_register(event=event, learner=UserFactory.create())
    assert not Participation.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_learners_racing_for_the_last_seat_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks (CI runs it)")
    # Given an event with one seat left
    event = EventFactory.create(capacity=2)
    ParticipationFactory.create(event=event)
    learners = [UserFactory.create(), UserFactory.create()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(learner: User) -> None:
        try:
            barrier.wait(timeout=10)
            participation_register(event=event, learner=learner)
            outcomes.append("registered")
        except ApplicationError:
            outcomes.append("full")
        finally:
            connection.close()

    # When both register at once
    threads = [threading.Thread(target=register, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then exactly one gets the seat
    assert sorted(outcomes) == ["full", "registered"]
    assert event_seats_taken(event=event) == 2
    assert Participation.objects.filter(event=event, learner__in=learners).count() == 1


def test_membership_is_unique_per_consortium():
    membership = ConsortiumMembership.objects.create(
        consortium=ConsortiumFactory.create(),
        organization=MemberOrganization.objects.create(slug="o", name_ja="O", kind="other"),
    )
    with pytest.raises(Exception):  # noqa: B017, PT011 (the database's IntegrityError)
        ConsortiumMembership.objects.create(
            consortium=membership.consortium, organization=membership.organization
        )
