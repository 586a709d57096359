"""APPI: a learner downloads all their data as one JSON file, and deletes their account; personal data
go, credentials stay verifiable, and the national figures do not change."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from core.models import User
from exchange.models import Statement
from learners.models import ExternalCompletion, LearnerIdentifier, LearnerProfile, SelfAssessment
from reports.models import CountedPerson, DailyProgress
from reports.rollup import rollup_run
from skills.models import Skill
from tests.core.factories import PASSWORD, StaffFactory, UserFactory
from tests.courses.factories import level
from tests.exchange.helpers import post, setting, statement
from tests.learners.factories import EnrolmentFactory, LearnerProfileFactory, SelfAssessmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def taro(counting):
    world = setting()
    user = UserFactory(username="taro", email="taro@example.jp", first_name="太郎", last_name="山田")
    LearnerProfileFactory(
        user=user,
        organisation="山田製作所",
        consents_to_statistics=True,
        statistics_consent_at=timezone.now(),
    )
    EnrolmentFactory(
        learner=user, course=world.course, completed_at=datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)
    )
    EnrolmentFactory(learner=user, course=world.other_course)
    skill = Skill.objects.filter(version__slug="dss-p-1.2").first()
    SelfAssessmentFactory(learner=user, skill=skill, level=level("b"))
    post(world.client, statement(world.course, email="taro@example.jp"))
    return user


@pytest.fixture
def counting(standard):
    from learners.services import exam_reference_load
    from reports.services import reports_setup

    exam_reference_load()
    reports_setup()


def test_the_export_holds_every_kind_of_record(client, taro):
    client.force_login(taro)

    response = client.get(reverse("learners:data-export"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    document = json.loads(response.content)
    assert document["account"]["email"] == "taro@example.jp"
    assert document["profile"]["organisation"] == "山田製作所"
    assert len(document["enrolments"]) == 2
    assert len(document["external_completions"]) == 1
    assert len(document["self_assessments"]) == 1
    assert set(document) == {"format", "account", "profile", "enrolments", "external_completions", "exam_passes",
                             "target_role", "self_assessments", "credentials", "event_participations"}  # fmt: skip


def test_the_api_export_is_the_same_document_and_only_ones_own(client, taro):
    client.force_login(taro)
    page = json.loads(client.get(reverse("learners:data-export")).content)
    client.force_login(UserFactory(username="jiro"))

    other = client.get("/api/v1/me/export/").json()
    client.force_login(taro)
    api = client.get("/api/v1/me/export/").json()

    assert api == page
    assert other["account"]["username"] == "jiro"
    assert other["enrolments"] == other["external_completions"] == []


def test_export_and_delete_need_sign_in(client):
    assert client.get(reverse("learners:data-export")).status_code == 302
    assert client.get("/api/v1/me/export/").status_code == 403
    assert client.post(reverse("learners:account-delete"), {"password": "x"}).status_code == 302


def test_a_wrong_password_deletes_nothing(client, taro):
    client.force_login(taro)

    response = client.post(reverse("learners:account-delete"), {"password": "not-it"})

    taro.refresh_from_db()
    assert response.status_code == 400
    assert taro.is_active
    assert taro.email == "taro@example.jp"


def test_deleting_removes_personal_data_and_keeps_the_figures(client, taro):
    rollup_run(full=True)
    published = list(DailyProgress.objects.order_by("day", "source").values_list("day", "source", "people"))
    client.force_login(taro)

    response = client.post(reverse("learners:account-delete"), {"password": PASSWORD})
    rollup_run()
    full = rollup_run(full=True)

    tombstone = User.objects.get(pk=taro.pk)
    assert response.status_code == 302
    assert (tombstone.email, tombstone.first_name, tombstone.last_name, tombstone.is_active) == (
        "",
        "",
        "",
        False,
    )
    assert tombstone.username.startswith("deleted-")
    assert not tombstone.has_usable_password()
    assert not EmailAddress.objects.filter(user=tombstone).exists()
    assert not SelfAssessment.objects.filter(learner=tombstone).exists()
    assert not LearnerIdentifier.objects.filter(learner=tombstone).exists()
    assert LearnerProfile.objects.get(user=tombstone).organisation == ""
    assert tombstone.enrolments.count() == 1  # the completed one the count is made of
    assert "taro@example.jp" not in json.dumps(list(Statement.objects.values_list("document", flat=True)))
    assert ExternalCompletion.objects.filter(learner=tombstone).count() == 1
    assert (
        list(DailyProgress.objects.order_by("day", "source").values_list("day", "source", "people"))
        == published
    )
    assert full.counted_total == CountedPerson.objects.count() == 1
    # and the person cannot sign in any more
    signed_in = client.post("/accounts/login/", {"login": "taro@example.jp", "password": PASSWORD})
    assert signed_in.status_code == 200  # the form again, with an error: no such account
    assert client.get(reverse("learners:my-learning")).status_code == 302


def test_staff_accounts_are_not_deleted_here(client):
    staff = StaffFactory(username="root")
    client.force_login(staff)

    assert client.post(reverse("learners:account-delete"), {"password": PASSWORD}).status_code == 403
    staff.refresh_from_db()
    assert staff.is_active


def test_an_issued_credential_still_verifies_after_the_account_is_deleted(client, taro, settings, tmp_path):
    from learners.models import Credential, Enrolment
    from learners.selectors import credential_check
    from learners.services import credential_issue

    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "key.pem"
    issued = credential_issue(enrolment=Enrolment.objects.get(learner=taro, completed_at__isnull=False))
    client.force_login(taro)

    client.post(reverse("learners:account-delete"), {"password": PASSWORD})

    kept = Credential.objects.get(pk=issued.pk)
    assert kept.document == issued.document
    assert credential_check(document=kept.document, credential=kept).verdict == "valid"
    assert client.get(f"/verify/{kept.uuid}/").status_code == 200
