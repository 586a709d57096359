"""The learner's certificates and exam passes over the API: own rows only, others 404."""

import datetime as dt

import pytest
from django.utils import timezone

from learners.models import Exam, ExamPass
from learners.services import credential_issue, exam_reference_load
from tests.courses.factories import CourseFactory

from ..factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

BASE = "https://skills.example.go.jp"


def as_(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def credential(learner_a):
    course = CourseFactory.create(slug="api-course", title_ja="API講座", title_en="API course")
    return credential_issue(
        enrolment=EnrolmentFactory.create(learner=learner_a, course=course, completed_at=timezone.now())
    )


@pytest.fixture
def exams(db):
    exam_reference_load()
    return {exam.code: exam for exam in Exam.objects.all()}


# --- Credentials -------------------------------------------------------------------------------


def test_list_shows_the_learners_credentials(api, learner_a, credential, django_assert_num_queries):
    as_(api, learner_a)

    with django_assert_num_queries(2):  # count + page
        response = api.get("/api/v1/me/credentials/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "uuid": str(credential.uuid),
        "course": {
            "slug": "api-course",
            "uuid": str(credential.enrolment.course.uuid),
            "title": "API course",
        },
        "issued_at": body["results"][0]["issued_at"],
        "is_revoked": False,
        "revoked_at": None,
        "revocation_reason": "",
        "verify_url": f"{BASE}/verify/{credential.uuid}/",
        "credential_url": f"{BASE}/verify/{credential.uuid}/credential.json",
        "document": credential.document,
    }


@pytest.mark.parametrize(("actor", "status", "count"), [("learner_b", 200, 0), ("staff", 200, 0)])
def test_list_never_shows_another_learners_credentials(api, credential, as_actor, actor, status, count):
    response = as_(api, as_actor(actor)).get("/api/v1/me/credentials/")

    assert response.status_code == status
    assert response.json()["count"] == count


@pytest.mark.parametrize(
    ("actor", "status"), [("anonymous", 403), ("learner_a", 200), ("learner_b", 404), ("staff", 404)]
)
def test_detail_is_the_owners_only(api, credential, as_actor, actor, status):
    response = as_(api, as_actor(actor)).get(f"/api/v1/me/credentials/{credential.uuid}/")

    assert response.status_code == status
    if status == 200:
        assert response.json()["document"] == credential.document


# --- Exam passes -------------------------------------------------------------------------------


def test_exam_passes_list_and_record(api, learner_a, learner_b, exams):
    ExamPass.objects.create(learner=learner_b, exam=exams["AP"], passed_on=dt.date(2024, 4, 21))
    as_(api, learner_a)

    created = api.post(
        "/api/v1/me/exam-passes/", {"exam": "FE", "passed_on": "2024-11-20", "certificate_number": "FE-1"}
    )
    corrected = api.post("/api/v1/me/exam-passes/", {"exam": "FE", "passed_on": "2024-11-21"})
    listed = api.get("/api/v1/me/exam-passes/")

    assert created.status_code == 201
    assert created.json()["exam"]["code"] == "FE"
    assert corrected.status_code == 200
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    row = listed.json()["results"][0]
    assert (row["exam"]["code"], row["passed_on"], row["certificate_number"]) == ("FE", "2024-11-21", "")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"passed_on": "2024-11-20"}, "exam"),
        ({"exam": "XX", "passed_on": "2024-11-20"}, "exam"),
        ({"exam": "FE"}, "passed_on"),
        ({"exam": "FE", "passed_on": "yesterday"}, "passed_on"),
        ({"exam": "FE", "passed_on": "FUTURE"}, "passed_on"),
    ],
)
def test_invalid_exam_pass_is_a_400_naming_the_field(api, learner_a, exams, data, field):
    if data.get("passed_on") == "FUTURE":
        data["passed_on"] = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    response = as_(api, learner_a).post("/api/v1/me/exam-passes/", data)

    assert response.status_code == 400
    assert list(response.json()["extra"]["fields"]) == [field]
    assert not ExamPass.objects.exists()


def test_delete_own_exam_pass_and_not_anothers(api, learner_a, learner_b, exams):
    ExamPass.objects.create(learner=learner_a, exam=exams["FE"], passed_on=dt.date(2024, 11, 20))
    ExamPass.objects.create(learner=learner_b, exam=exams["AP"], passed_on=dt.date(2024, 4, 21))
    as_(api, learner_a)

    assert api.delete("/api/v1/me/exam-passes/AP/").status_code == 404
    assert api.delete("/api/v1/me/exam-passes/FE/").status_code == 204
    assert list(ExamPass.objects.values_list("exam__code", flat=True)) == ["AP"]


def test_anonymous_cannot_list_or_record_exam_passes(api, exams):
    assert api.get("/api/v1/me/exam-passes/").status_code == 403
    assert api.post("/api/v1/me/exam-passes/", {"exam": "FE", "passed_on": "2024-11-20"}).status_code == 403
    assert not ExamPass.objects.exists()
