"""Enrolment and learning."""

import pytest

from learners.models import (
    Enrolment,
    LessonCompletion,
    QuizAttempt,
)
from tests.courses.factories import CourseFactory

from ..factories import EnrolmentFactory, learning_course
from .helpers import (
    ACTORS,
    login,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(learner_a):
    course = learning_course(slug="learn-me", title_ja="学ぶ講座", title_en="Course to learn")
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course)
    return course, enrolment


def test_enrol_by_post_is_idempotent(client, learner_b):
    course = CourseFactory.create(slug="open")
    login(client, learner_b)

    first = client.post("/learn/open/enrol/")
    second = client.post("/learn/open/enrol/")

    assert (first.status_code, first["Location"]) == (302, "/learn/open/")
    assert (second.status_code, second["Location"]) == (302, "/learn/open/")
    assert Enrolment.objects.filter(learner=learner_b, course=course).count() == 1


def test_enrol_needs_post_and_sign_in(client, learner_b):
    CourseFactory.create(slug="open")

    assert client.post("/learn/open/enrol/").status_code == 302  # to the login page
    assert not Enrolment.objects.exists()
    login(client, learner_b)
    assert client.get("/learn/open/enrol/").status_code == 405
    assert client.post("/learn/missing/enrol/").status_code == 404
    assert not Enrolment.objects.exists()


def test_an_unpublished_course_cannot_be_enrolled_in(client, learner_b):
    CourseFactory.create(slug="draft", is_published=False)
    login(client, learner_b)

    assert client.post("/learn/draft/enrol/").status_code == 404
    assert not Enrolment.objects.exists()


def test_lesson_page_shows_the_lesson_content(client, learner_a, setup):
    course, _ = setup
    login(client, learner_a)

    text = client.get(f"/learn/learn-me/lessons/{course.text.pk}/").content.decode()
    video = client.get(f"/learn/learn-me/lessons/{course.video.pk}/").content.decode()
    quiz = client.get(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/").content.decode()

    assert "本文です。" in text
    assert 'id="complete-form"' in text
    assert 'href="https://example.jp/video"' in video
    assert 'id="quiz-form"' in quiz
    assert quiz.count('type="radio"') == 4
    assert 'id="complete-form"' not in quiz


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("page", ["outline", "lesson"])
def test_learning_pages_are_for_the_enrolled_learner_only(client, as_actor, setup, actor, page):
    course, _ = setup
    url = "/learn/learn-me/" if page == "outline" else f"/learn/learn-me/lessons/{course.text.pk}/"
    login(client, as_actor(actor))

    response = client.get(url)

    expected = {"anonymous": 302, "learner_a": 200, "learner_b": 403, "staff": 403}[actor]
    assert response.status_code == expected
    if expected == 403:
        assert "You are not enrolled in this course." in response.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_enrolled_learner_can_complete_a_lesson(client, as_actor, setup, actor):
    course, _ = setup
    login(client, as_actor(actor))

    response = client.post(f"/learn/learn-me/lessons/{course.text.pk}/complete/")

    expected = {"anonymous": 302, "learner_a": 302, "learner_b": 403, "staff": 403}[actor]
    assert response.status_code == expected
    completed = list(LessonCompletion.objects.values_list("enrolment__learner__username", "lesson"))
    assert completed == ([("learner-a", course.text.pk)] if actor == "learner_a" else [])
    if actor == "learner_a":
        assert response["Location"] == f"/learn/learn-me/lessons/{course.video.pk}/"


@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_enrolled_learner_can_take_the_quiz(client, as_actor, setup, actor):
    course, _ = setup
    login(client, as_actor(actor))
    answers = {f"question_{q.pk}": choice for q, choice in zip(course.questions, course.right, strict=True)}

    response = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/quiz/", answers)

    expected = {"anonymous": 302, "learner_a": 302, "learner_b": 403, "staff": 403}[actor]
    assert response.status_code == expected
    assert QuizAttempt.objects.count() == (1 if actor == "learner_a" else 0)


def test_a_lesson_of_another_course_is_not_found_within_this_one(client, learner_a, setup):
    other = learning_course()
    login(client, learner_a)

    assert client.get(f"/learn/learn-me/lessons/{other.text.pk}/").status_code == 404
    assert client.post(f"/learn/learn-me/lessons/{other.text.pk}/complete/").status_code == 404
    assert not LessonCompletion.objects.exists()


def test_completing_a_lesson_of_a_course_one_is_not_enrolled_in_is_forbidden(client, learner_a, setup):
    other = learning_course(slug="not-mine")
    login(client, learner_a)

    response = client.post(f"/learn/not-mine/lessons/{other.text.pk}/complete/")

    assert response.status_code == 403
    assert not LessonCompletion.objects.exists()


def test_a_quiz_lesson_cannot_be_marked_complete_by_hand(client, learner_a, setup):
    course, _ = setup
    login(client, learner_a)

    response = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/complete/")

    assert response.status_code == 400
    assert response.context["error"] == "Pass the quiz to complete this lesson."
    assert not LessonCompletion.objects.exists()


def test_failing_the_quiz_records_the_attempt_and_asks_to_try_again(client, learner_a, setup):
    course, _ = setup
    login(client, learner_a)
    answers = {f"question_{q.pk}": choice for q, choice in zip(course.questions, course.wrong, strict=True)}

    response = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/quiz/", answers, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "You scored 0% (0 of 2 correct); 50% is needed to pass. Try again."
    ]
    assert list(QuizAttempt.objects.values_list("score", "is_passed")) == [(0, False)]
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("unknown_question", "An answer was sent for a question that is not part of this quiz."),
        ("foreign_choice", "Choose one of this question's answers."),
        ("missing_answer", "Answer this question."),
    ],
)
def test_bad_quiz_answers_give_400_and_record_nothing(client, learner_a, setup, bad, error):
    course, _ = setup
    other = learning_course()
    login(client, learner_a)
    q1, q2 = course.questions
    data = {
        "unknown_question": {
            f"question_{q1.pk}": course.right[0],
            f"question_{q2.pk}": course.right[1],
            f"question_{other.questions[0].pk}": other.right[0],
        },
        "foreign_choice": {f"question_{q1.pk}": course.right[1], f"question_{q2.pk}": course.right[1]},
        "missing_answer": {f"question_{q1.pk}": course.right[0]},
    }[bad]

    response = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/quiz/", data)

    assert response.status_code == 400
    errors = [message for messages in response.context["form"].errors.values() for message in messages]
    assert error in errors
    assert not QuizAttempt.objects.exists()
    assert not LessonCompletion.objects.exists()


def test_finishing_every_required_lesson_completes_the_course_and_my_learning_shows_it(
    client, learner_a, setup
):
    course, enrolment = setup
    login(client, learner_a)

    client.post(f"/learn/learn-me/lessons/{course.text.pk}/complete/")
    client.post(f"/learn/learn-me/lessons/{course.video.pk}/complete/")
    page = client.get("/me/learning/")
    assert [row.progress.percent for row in page.context["in_progress"]] == [66]
    assert 'aria-valuenow="66"' in page.content.decode()
    answers = {f"question_{q.pk}": choice for q, choice in zip(course.questions, course.right, strict=True)}
    passed = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/quiz/", answers)

    assert passed.status_code == 302
    assert passed["Location"] == "/me/learning/"
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    page = client.get("/me/learning/")
    assert page.context["in_progress"] == []
    assert [row.enrolment for row in page.context["completed"]] == [enrolment]
    assert "Course to learn" in page.content.decode()


@pytest.mark.parametrize("actor", ACTORS)
def test_my_learning_lists_only_the_actors_enrolments(client, as_actor, setup, actor):
    login(client, as_actor(actor))

    response = client.get("/me/learning/")

    if actor == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Course to learn" in response.content.decode()) is (actor == "learner_a")


def test_my_learning_links_the_next_lesson(client, learner_a, setup):
    course, _ = setup
    login(client, learner_a)

    page = client.get("/me/learning/").content.decode()

    assert f'href="/learn/learn-me/lessons/{course.text.pk}/"' in page


def test_course_actions_offer_enrol_then_continue(client, learner_a, learner_b, setup):
    login(client, learner_b)
    enrol = client.get("/courses/learn-me/").content.decode()
    login(client, learner_a)
    resume = client.get("/courses/learn-me/").content.decode()

    assert 'action="/learn/learn-me/enrol/"' in enrol
    assert 'href="/learn/learn-me/"' in resume
    assert "/enrol/" not in resume
