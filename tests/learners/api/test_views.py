import uuid

import pytest
from rest_framework.authtoken.models import Token

from learners.models import Enrolment, LearnerProfile, LessonCompletion, QuizAttempt
from tests.courses.factories import CourseFactory

from ..factories import EnrolmentFactory, LearnerProfileFactory, learning_course

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "learner_a", "learner_b", "staff"]


def as_(api, user):
    if user is not None:
        api.force_authenticate(user)
    return api


@pytest.fixture
def setup(learner_a):
    course = learning_course(slug="learn-me", title_ja="学ぶ講座", title_en="Course to learn")
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course)
    return course, enrolment


# --- Enrolments --------------------------------------------------------------------------------


def test_list_shows_the_learners_enrolments_with_progress(api, learner_a, setup, django_assert_num_queries):
    course, enrolment = setup
    LessonCompletion.objects.create(enrolment=enrolment, lesson=course.text)
    as_(api, learner_a)

    with django_assert_num_queries(5):  # count + the four of enrolment_list
        response = api.get("/api/v1/me/enrolments/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "uuid": str(enrolment.uuid),
        "course": {"slug": "learn-me", "uuid": str(course.course.uuid), "title": "Course to learn"},
        "enrolled_at": body["results"][0]["enrolled_at"],
        "completed_at": None,
        "is_completed": False,
        "progress": {
            "completed_lessons": 1,
            "required_lessons": 3,
            "percent": 33,
            "next_lesson": {"id": course.video.pk, "title": "動画", "kind": "video"},
        },
    }


def test_post_enrols_once_201_then_200(api, learner_b):
    course = CourseFactory.create(slug="open")
    as_(api, learner_b)

    first = api.post("/api/v1/me/enrolments/", {"course": "open"}, format="json")
    second = api.post("/api/v1/me/enrolments/", {"course": "open"}, format="json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["uuid"] == second.json()["uuid"]
    assert Enrolment.objects.filter(learner=learner_b, course=course).count() == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"course": "nope"}, "No published course has the slug “nope”."),
        ({"course": "draft"}, "No published course has the slug “draft”."),
        ({}, "Name the course by its slug."),
    ],
)
def test_post_refuses_unknown_or_unpublished_courses(api, learner_b, payload, message):
    CourseFactory.create(slug="draft", is_published=False)
    as_(api, learner_b)

    response = api.post("/api/v1/me/enrolments/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": "Validation error", "extra": {"fields": {"course": [message]}}}
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_the_list_is_scoped_to_the_actor(api, as_actor, setup, actor):
    as_(api, as_actor(actor))

    response = api.get("/api/v1/me/enrolments/")

    if actor == "anonymous":
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert response.json()["count"] == (1 if actor == "learner_a" else 0)


@pytest.mark.parametrize("actor", ACTORS)
def test_the_detail_is_the_owners_only(api, as_actor, setup, actor):
    _, enrolment = setup
    as_(api, as_actor(actor))

    response = api.get(f"/api/v1/me/enrolments/{enrolment.uuid}/")

    assert response.status_code == {"anonymous": 403, "learner_a": 200, "learner_b": 404, "staff": 404}[actor]
    if actor == "learner_a":
        assert response.json()["progress"]["required_lessons"] == 3


def test_an_unknown_enrolment_is_404(api, learner_a):
    as_(api, learner_a)

    assert api.get(f"/api/v1/me/enrolments/{uuid.uuid4()}/").status_code == 404


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_can_complete_a_lesson(api, as_actor, setup, actor):
    course, enrolment = setup
    as_(api, as_actor(actor))

    response = api.post(f"/api/v1/me/enrolments/{enrolment.uuid}/lessons/{course.text.pk}/complete/")

    assert response.status_code == {"anonymous": 403, "learner_a": 200, "learner_b": 404, "staff": 404}[actor]
    assert LessonCompletion.objects.count() == (1 if actor == "learner_a" else 0)
    if actor == "learner_a":
        assert response.json()["progress"]["completed_lessons"] == 1


def test_completing_a_lesson_of_another_course_is_400_and_changes_nothing(api, learner_a, setup):
    _, enrolment = setup
    other = learning_course()
    EnrolmentFactory.create(
        learner=learner_a, course=other.course
    )  # enrolled there too, but not through this id
    as_(api, learner_a)

    response = api.post(f"/api/v1/me/enrolments/{enrolment.uuid}/lessons/{other.text.pk}/complete/")

    assert response.status_code == 400
    message = "This lesson is not part of the course of this enrolment."
    assert response.json() == {"message": message, "extra": {"fields": {"lesson": [message]}}}
    assert not LessonCompletion.objects.exists()


def test_a_quiz_lesson_cannot_be_completed_without_passing(api, learner_a, setup):
    course, enrolment = setup
    as_(api, learner_a)

    response = api.post(f"/api/v1/me/enrolments/{enrolment.uuid}/lessons/{course.quiz_lesson.pk}/complete/")

    assert response.status_code == 400
    assert response.json()["message"] == "Pass the quiz to complete this lesson."
    assert not LessonCompletion.objects.exists()


def test_completing_every_required_lesson_through_the_api_completes_the_course(api, learner_a, setup):
    course, enrolment = setup
    as_(api, learner_a)
    base = f"/api/v1/me/enrolments/{enrolment.uuid}/lessons"

    api.post(f"{base}/{course.text.pk}/complete/")
    api.post(f"{base}/{course.video.pk}/complete/")
    failed = api.post(
        f"{base}/{course.quiz_lesson.pk}/quiz-attempts/",
        {
            "answers": [
                {"question": q.pk, "choice": c} for q, c in zip(course.questions, course.wrong, strict=True)
            ]
        },
        format="json",
    )
    passed = api.post(
        f"{base}/{course.quiz_lesson.pk}/quiz-attempts/",
        {
            "answers": [
                {"question": q.pk, "choice": c} for q, c in zip(course.questions, course.right, strict=True)
            ]
        },
        format="json",
    )

    assert failed.status_code == 201
    assert {k: failed.json()[k] for k in ("score", "is_passed", "pass_mark")} == {
        "score": 0, "is_passed": False, "pass_mark": 50,
    }  # fmt: skip
    assert passed.status_code == 201
    body = passed.json()
    assert (body["score"], body["correct_count"], body["question_count"], body["is_passed"]) == (
        100,
        2,
        2,
        True,
    )
    assert body["enrolment"]["is_completed"] is True
    assert body["enrolment"]["progress"] == {
        "completed_lessons": 3, "required_lessons": 3, "percent": 100, "next_lesson": None,
    }  # fmt: skip
    detail = api.get(f"/api/v1/me/enrolments/{enrolment.uuid}/").json()
    assert detail["completed_at"] is not None


def test_a_quiz_answer_for_a_question_not_in_the_quiz_is_400_and_records_nothing(api, learner_a, setup):
    course, enrolment = setup
    other = learning_course()
    as_(api, learner_a)
    answers = [{"question": q.pk, "choice": c} for q, c in zip(course.questions, course.right, strict=True)]
    answers.append({"question": other.questions[0].pk, "choice": other.right[0]})

    response = api.post(
        f"/api/v1/me/enrolments/{enrolment.uuid}/lessons/{course.quiz_lesson.pk}/quiz-attempts/",
        {"answers": answers},
        format="json",
    )

    assert response.status_code == 400
    message = f"Question {other.questions[0].pk} is not part of this quiz."
    assert response.json() == {"message": message, "extra": {"fields": {"answers": [message]}}}
    assert not QuizAttempt.objects.exists()
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_owner_can_take_the_quiz(api, as_actor, setup, actor):
    course, enrolment = setup
    as_(api, as_actor(actor))

    response = api.post(
        f"/api/v1/me/enrolments/{enrolment.uuid}/lessons/{course.quiz_lesson.pk}/quiz-attempts/",
        {
            "answers": [
                {"question": q.pk, "choice": c} for q, c in zip(course.questions, course.right, strict=True)
            ]
        },
        format="json",
    )

    assert response.status_code == {"anonymous": 403, "learner_a": 201, "learner_b": 404, "staff": 404}[actor]
    assert QuizAttempt.objects.count() == (1 if actor == "learner_a" else 0)


def test_token_authentication_works(api, learner_a, setup):
    token = Token.objects.create(user=learner_a)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.get("/api/v1/me/enrolments/")

    assert (response.status_code, response.json()["count"]) == (200, 1)


# --- Profile -----------------------------------------------------------------------------------

PROFILE = {
    "prefecture": "13",
    "age_band": "20s",
    "employment_status": "student",
    "industry": "it_communications",
    "organisation": "東京大学",
    "consents_to_statistics": True,
}


def test_put_creates_201_then_replaces_200_and_get_reads_it(api, learner_a):
    as_(api, learner_a)

    assert api.get("/api/v1/me/profile/").status_code == 404
    created = api.put("/api/v1/me/profile/", PROFILE, format="json")
    replaced = api.put("/api/v1/me/profile/", {**PROFILE, "prefecture": "26"}, format="json")
    read = api.get("/api/v1/me/profile/")

    assert (created.status_code, replaced.status_code, read.status_code) == (201, 200, 200)
    body = read.json()
    assert {k: body[k] for k in ("prefecture", "prefecture_name", "industry", "organisation")} == {
        "prefecture": "26", "prefecture_name": "Kyoto", "industry": "it_communications", "organisation": "東京大学",
    }  # fmt: skip
    assert body["consents_to_statistics"] is True
    assert body["statistics_consent_at"] is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("prefecture", "48", "Select a valid prefecture: “48” is not one of the 47 JIS codes 01–47."),
        ("prefecture", "Tokyo", "Select a valid prefecture: “Tokyo” is not one of the 47 JIS codes 01–47."),
        ("age_band", "teen", "Select a valid age band: “teen” is not one of the choices."),
        (
            "employment_status",
            "retired",
            "Select a valid employment status: “retired” is not one of the choices.",
        ),
        ("industry", "mining", "Select a valid industry: “mining” is not one of the choices."),
    ],
)
def test_put_with_an_invalid_value_is_400_naming_the_field_and_changes_nothing(
    api, learner_a, field, value, message
):
    LearnerProfileFactory.create(user=learner_a, prefecture="01")
    as_(api, learner_a)

    response = api.put("/api/v1/me/profile/", {**PROFILE, field: value}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": "Validation error", "extra": {"fields": {field: [message]}}}
    assert LearnerProfile.objects.get(user=learner_a).prefecture == "01"


@pytest.mark.parametrize("actor", ACTORS)
def test_the_profile_endpoint_is_the_actors_own(api, as_actor, learner_a, actor):
    LearnerProfileFactory.create(user=learner_a, organisation="Aの会社", prefecture="01")
    as_(api, as_actor(actor))

    read = api.get("/api/v1/me/profile/")
    written = api.put("/api/v1/me/profile/", PROFILE, format="json")

    expected = {
        "anonymous": (403, 403),
        "learner_a": (200, 200),
        "learner_b": (404, 201),
        "staff": (404, 201),
    }
    assert (read.status_code, written.status_code) == expected[actor]
    # Learner A's profile changes only when A writes it.
    assert LearnerProfile.objects.get(user=learner_a).prefecture == ("13" if actor == "learner_a" else "01")
