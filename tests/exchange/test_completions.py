"""From statements to completions: matching learners, the review queue, voiding, disputes, and the
national count (the rollup counts a reported completion like a portal one, once per person)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from core.models import User
from exchange.models import Statement
from exchange.services import waiting_statement_assign
from learners.models import ExternalCompletion, LearnerIdentifier, LearnerProfile
from learners.services import external_completion_dispute, external_completion_resolve, mbox_sha1sum
from reports.models import CountedPerson
from reports.rollup import rollup_run
from tests.core.factories import StaffFactory, UserFactory
from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory

from .helpers import PASSED, post, setting, statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(counting):
    return setting()


def consenting(username: str, email: str) -> User:
    user = UserFactory.create(username=username, email=email)
    LearnerProfileFactory(user=user, consents_to_statistics=True, statistics_consent_at=timezone.now())
    return user


def sign_up_and_verify(client, email: str) -> User:
    """The real sign-up: allauth sends the link, the person confirms it (allauth's signal fires)."""
    client.post(
        "/accounts/signup/",
        {"email": email, "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )
    found = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", str(mail.outbox[-1].body))
    assert found is not None
    link = found.group(1)
    client.post(link)
    return User.objects.get(email=email)


def test_a_completed_statement_for_a_verified_learner_records_a_completion(world):
    taro = UserFactory(username="taro", email="taro@example.jp")
    body = statement(world.course, result={"score": {"scaled": 0.875}, "completion": True})

    post(world.client, body)

    completion = ExternalCompletion.objects.get()
    assert (completion.learner, completion.course, completion.provider) == (
        taro,
        world.course,
        world.provider,
    )
    assert completion.record_id == body["id"]
    assert completion.completed_at == datetime.datetime(2026, 10, 1, 1, 0, tzinfo=datetime.UTC)
    assert str(completion.score_scaled) == "0.8750"
    assert Statement.objects.get().completion == Statement.Completion.RECORDED


def test_passed_counts_like_completed_and_other_verbs_record_nothing(world):
    UserFactory(username="taro", email="taro@example.jp")

    post(
        world.client,
        [
            statement(world.course, verb=PASSED),
            statement(world.course, verb="http://adlnet.gov/expapi/verbs/attempted"),
        ],
    )

    assert ExternalCompletion.objects.count() == 1
    assert sorted(Statement.objects.values_list("completion", flat=True)) == ["none", "recorded"]


def test_staff_accounts_and_unverified_addresses_never_match(world):
    StaffFactory(username="boss", email="boss@example.jp")
    unverified = UserFactory(username="late", email="late@example.jp")
    unverified.emailaddress_set.update(verified=False)

    post(
        world.client,
        [statement(world.course, email="boss@example.jp"), statement(world.course, email="late@example.jp")],
    )

    assert ExternalCompletion.objects.count() == 0
    assert Statement.objects.filter(completion=Statement.Completion.WAITING).count() == 2


def test_hashed_mailbox_and_provider_issued_id_match(world):
    taro = UserFactory(username="taro", email="taro@example.jp")
    hanako = UserFactory(username="hanako", email="hanako@example.jp")
    from learners.services import learner_account_link, learner_mailbox_digest_add

    learner_mailbox_digest_add(learner=taro, email=taro.email)
    learner_account_link(provider=world.provider, account_name="L-0042", learner=hanako)
    by_hash = statement(world.course, actor={"mbox_sha1sum": mbox_sha1sum("taro@example.jp")})
    by_account = statement(
        world.course, actor={"account": {"homePage": "https://lms.manabi.example.jp", "name": "L-0042"}}
    )

    post(world.client, [by_hash, by_account])

    assert dict(ExternalCompletion.objects.values_list("record_id", "learner__username")) == {
        by_hash["id"]: "taro",
        by_account["id"]: "hanako",
    }


def test_another_providers_id_for_the_same_name_does_not_match(world):
    hanako = UserFactory(username="hanako", email="hanako@example.jp")
    from learners.services import learner_account_link

    learner_account_link(provider=world.other_provider, account_name="L-0042", learner=hanako)

    post(
        world.client,
        statement(world.course, actor={"account": {"homePage": "https://lms.example.jp", "name": "L-0042"}}),
    )

    assert ExternalCompletion.objects.count() == 0


def test_a_waiting_statement_is_recorded_when_the_person_registers_and_verifies(world, client):
    post(world.client, statement(world.course, email="jiro@example.jp"))
    hashed = statement(world.course, actor={"mbox_sha1sum": mbox_sha1sum("jiro@example.jp")})
    post(world.client, hashed)
    assert Statement.objects.filter(completion=Statement.Completion.WAITING).count() == 2

    jiro = sign_up_and_verify(client, "jiro@example.jp")

    assert ExternalCompletion.objects.filter(learner=jiro).count() == 2
    assert not Statement.objects.filter(completion=Statement.Completion.WAITING).exists()
    assert LearnerIdentifier.objects.filter(learner=jiro, kind="mbox_sha1sum").count() == 1


def test_staff_assign_a_waiting_account_statement_and_the_link_is_remembered(world):
    hanako = UserFactory(username="hanako", email="hanako@example.jp")
    staff = UserFactory(username="manabi-staff", is_staff=True)
    world.provider.staff.add(staff)
    actor = {"account": {"homePage": "https://lms.example.jp", "name": "L-7"}}
    first = statement(world.course, actor=actor)
    post(world.client, first)

    recorded = waiting_statement_assign(actor=staff, statement=Statement.objects.get(), learner=hanako)
    post(world.client, statement(world.course, actor=actor, timestamp="2026-11-01T10:00:00+09:00"))

    assert recorded == 1
    assert ExternalCompletion.objects.filter(learner=hanako).count() == 2


def test_staff_of_another_provider_cannot_assign(world):
    outsider = UserFactory(username="outsider", is_staff=True)
    world.other_provider.staff.add(outsider)
    post(world.client, statement(world.course, email="nobody@example.jp"))

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        waiting_statement_assign(actor=outsider, statement=Statement.objects.get(), learner=UserFactory())
    assert ExternalCompletion.objects.count() == 0


def test_the_rollup_counts_reported_completions_once_and_follows_registration_and_voiding(world, client):
    # Given a completed statement for a registered learner and one for an address nobody registered
    consenting("taro", "taro@example.jp")
    first = statement(world.course, email="taro@example.jp")
    again = statement(world.course, email="taro@example.jp", timestamp="2026-11-05T10:00:00+09:00")
    post(world.client, [first, again, statement(world.course, email="jiro@example.jp")])

    # When the rollup runs, the registered person is counted once, on the earliest day
    rollup_run(full=True)
    assert list(CountedPerson.objects.values_list("person__username", "qualified_on", "source")) == [
        ("taro", datetime.date(2026, 10, 1), "external")
    ]

    # When the second person registers, verifies and consents, the next rollup counts them too
    jiro = sign_up_and_verify(client, "jiro@example.jp")
    LearnerProfileFactory(user=jiro, consents_to_statistics=True, statistics_consent_at=timezone.now())
    rollup_run()
    assert sorted(CountedPerson.objects.values_list("person__username", flat=True)) == ["jiro", "taro"]

    # When the provider voids the first statements, that person drops out of the next rollup
    for target in (first, again):
        post(
            world.client,
            statement(
                verb="http://adlnet.gov/expapi/verbs/voided",
                object={"objectType": "StatementRef", "id": target["id"]},
            ),
        )
    rollup_run()
    assert list(CountedPerson.objects.values_list("person__email", flat=True)) == ["jiro@example.jp"]


def test_a_portal_and_a_reported_completion_count_the_person_once_on_the_earliest_day(world):
    taro = consenting("taro", "taro@example.jp")
    EnrolmentFactory(
        learner=taro, course=world.course, completed_at=datetime.datetime(2026, 11, 2, tzinfo=datetime.UTC)
    )
    post(world.client, statement(world.course, email="taro@example.jp"))

    rollup_run(full=True)

    assert list(CountedPerson.objects.values_list("qualified_on", "source")) == [
        (datetime.date(2026, 10, 1), "external")
    ]


def test_a_course_below_the_rules_level_does_not_count(world):
    consenting("taro", "taro@example.jp")
    from tests.courses.factories import CourseFactory, course_target

    low = CourseFactory(provider=world.provider, slug="low")
    course_target(low, "data-engineer", "d")
    post(world.client, statement(low, email="taro@example.jp"))

    rollup_run(full=True)

    assert ExternalCompletion.objects.count() == 1
    assert CountedPerson.objects.count() == 0


def test_a_disputed_record_stops_counting_until_resolved_in_its_favour(world):
    taro = consenting("taro", "taro@example.jp")
    staff = UserFactory(username="manabi-staff", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_externalcompletion"))
    world.provider.staff.add(staff)
    post(world.client, statement(world.course, email="taro@example.jp"))
    rollup_run(full=True)
    completion = ExternalCompletion.objects.get()

    external_completion_dispute(learner=taro, completion=completion, reason="受講していません")
    rollup_run()
    during = CountedPerson.objects.count()
    external_completion_resolve(
        actor=User.objects.get(pk=staff.pk),
        completion=completion,
        upheld=False,
        note="受講記録を確認しました",
    )
    rollup_run()

    assert during == 0
    assert CountedPerson.objects.count() == 1
    completion.refresh_from_db()
    assert (completion.status, completion.resolved_by) == (ExternalCompletion.Status.COUNTED, staff)


def test_a_dispute_upheld_withdraws_the_record_for_good(world):
    taro = consenting("taro", "taro@example.jp")
    admin = StaffFactory(username="root")
    post(world.client, statement(world.course, email="taro@example.jp"))
    completion = ExternalCompletion.objects.get()

    external_completion_dispute(learner=taro, completion=completion, reason="別人の記録です")
    external_completion_resolve(actor=admin, completion=completion, upheld=True, note="誤登録")
    rollup_run(full=True)

    completion.refresh_from_db()
    assert completion.status == ExternalCompletion.Status.WITHDRAWN
    assert CountedPerson.objects.count() == 0


def test_only_the_named_learner_may_dispute_and_only_provider_staff_or_superusers_resolve(world):
    consenting("taro", "taro@example.jp")
    post(world.client, statement(world.course, email="taro@example.jp"))
    completion = ExternalCompletion.objects.get()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        external_completion_dispute(learner=UserFactory(), completion=completion, reason="x")
    external_completion_dispute(learner=completion.learner, completion=completion, reason="違います")
    outsider = UserFactory(username="other-staff", is_staff=True)
    world.other_provider.staff.add(outsider)
    with pytest.raises(PermissionDenied):
        external_completion_resolve(actor=outsider, completion=completion, upheld=True, note="x")
    completion.refresh_from_db()
    assert completion.status == ExternalCompletion.Status.DISPUTED


def test_a_statement_for_a_person_whose_profile_lacks_consent_is_recorded_but_not_counted(world):
    taro = UserFactory(username="taro", email="taro@example.jp")
    LearnerProfile.objects.create(user=taro, prefecture="13", age_band="30s", employment_status="employed",
                                  industry="it_communications", consents_to_statistics=False)  # fmt: skip
    post(world.client, statement(world.course, email="taro@example.jp"))

    rollup_run(full=True)

    assert ExternalCompletion.objects.count() == 1
    assert CountedPerson.objects.count() == 0
