import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from core.models import User
from learners.models import (
    Enrolment,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)
from skills.models import Role
from tests.core.factories import PASSWORD
from tests.courses.factories import CourseFactory, course_skill

from .factories import EnrolmentFactory, LearnerProfileFactory, TargetRoleFactory, learning_course

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "learner_a", "learner_b", "staff"]


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- Accounts ----------------------------------------------------------------------------------


def test_sign_up_verify_the_email_and_sign_in(client):
    # Given a visitor who signs up with an e-mail address
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )

    # Then they are asked to check their mail, and a verification link is sent
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.jp"]
    link = re.search(r"https?://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    user = User.objects.get(email="new@example.jp")
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get("/me/learning/").status_code == 302  # not signed in before verifying

    # When they open the link and confirm
    assert client.get(link).status_code == 200
    confirmed = client.post(link)

    # Then the address is verified and they are signed in
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/me/learning/").status_code == 200


def test_an_unverified_address_cannot_sign_in(client):
    client.post(
        "/accounts/signup/",
        {"email": "late@example.jp", "password1": "kakunin-2026-pass", "password2": "kakunin-2026-pass"},
    )
    client.logout()

    response = client.post("/accounts/login/", {"login": "late@example.jp", "password": "kakunin-2026-pass"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/me/learning/").status_code == 302


def test_sign_in_and_sign_out(client, learner_a):
    response = client.post("/accounts/login/", {"login": learner_a.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/me/learning/"
    assert client.get("/me/learning/").status_code == 200

    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/learning/").status_code == 302


def test_password_reset_by_email(client, learner_a):
    response = client.post("/accounts/password/reset/", {"email": learner_a.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"password1": "a-brand-new-pass-2026", "password2": "a-brand-new-pass-2026"})

    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/key/done/"
    learner_a.refresh_from_db()
    assert learner_a.check_password("a-brand-new-pass-2026")


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/confirm-email/"]
)
def test_account_pages_use_the_portal_frame(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    assert 'class="site-header"' in response.content.decode()


# --- Profile -----------------------------------------------------------------------------------

VALID_PROFILE = {
    "prefecture": "40",
    "age_band": "50s",
    "employment_status": "job_seeker",
    "industry": "manufacturing",
    "organisation": "",
    "consents_to_statistics": "on",
}


def test_profile_page_creates_then_edits_the_profile(client, learner_a):
    login(client, learner_a)

    assert client.get("/me/profile/").status_code == 200
    created = client.post("/me/profile/", VALID_PROFILE)
    edited = client.post("/me/profile/", {**VALID_PROFILE, "prefecture": "47", "consents_to_statistics": ""})

    assert (created.status_code, edited.status_code) == (302, 302)
    profile = LearnerProfile.objects.get(user=learner_a)
    assert (profile.prefecture, profile.industry, profile.consents_to_statistics) == (
        "47",
        "manufacturing",
        False,
    )
    page = client.get("/me/profile/").content.decode()
    assert '<option value="47" selected>' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("prefecture", "48", "Select a valid prefecture: “48” is not one of the 47 prefectures."),
        ("prefecture", "", "Choose the prefecture where you live or work."),
        ("age_band", "teen", "Select a valid age band: “teen” is not one of the choices."),
        ("employment_status", "", "Choose your employment status."),
        ("industry", "mining", "Select a valid industry: “mining” is not one of the choices."),
        ("organisation", "x" * 201, "Keep the organisation name to 200 characters or fewer."),
    ],
)
def test_profile_page_names_each_invalid_field_and_saves_nothing(client, learner_a, field, value, message):
    login(client, learner_a)

    response = client.post("/me/profile/", {**VALID_PROFILE, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert not LearnerProfile.objects.exists()


def test_profile_page_needs_sign_in(client):
    response = client.get("/me/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/profile/"


@pytest.mark.parametrize("actor", ACTORS)
def test_profile_page_shows_only_the_actors_own_profile(client, as_actor, learner_a, actor):
    LearnerProfileFactory.create(user=learner_a, organisation="Aの会社")
    user = as_actor(actor)
    login(client, user)

    response = client.get("/me/profile/")

    if user is None:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert ("Aの会社" in response.content.decode()) is (actor == "learner_a")


# --- Enrolment and learning --------------------------------------------------------------------


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


# --- Skills ------------------------------------------------------------------------------------


def test_choose_a_target_role_then_rate_yourself_then_see_the_gap(client, learner_a, standard):
    login(client, learner_a)
    course = CourseFactory.create(slug="pipelines", title_ja="データ基盤講座")
    course_skill(course, "data-platform-design", "b")

    chosen = client.post("/me/skills/", {"action": "role", "role": "data-engineer"})
    assert (chosen.status_code, chosen["Location"]) == (302, "/me/skills/")
    form = client.get("/me/skills/").context["assessment_form"]
    assert len(form.fields) == 49
    ratings = dict.fromkeys(form.fields, "none")
    ratings["skill_data-platform-design"] = "d"
    saved = client.post("/me/skills/", {"action": "assessment", **ratings})

    assert (saved.status_code, saved["Location"]) == (302, "/me/skills/gap/")
    assert TargetRole.objects.get(learner=learner_a).role.slug == "data-engineer"
    assert SelfAssessment.objects.filter(learner=learner_a).count() == 49
    gap = client.get("/me/skills/gap/")
    html = gap.content.decode()
    assert gap.status_code == 200
    assert "Provisional levels" in html
    assert [(r.course.slug, r.score) for r in gap.context["gap"].recommendations] == [("pipelines", 2)]
    assert "Builds Data platform design to level b" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"action": "role", "role": "no-such-role"}, "role", "Select a valid role of the current standard."),
        ({"action": "role", "role": ""}, "role", "Choose the role you are aiming for."),
    ],
)
def test_a_bad_target_role_gives_400(client, learner_a, standard, data, field, message):
    login(client, learner_a)

    response = client.post("/me/skills/", data)

    assert response.status_code == 400
    assert response.context["role_form"].errors == {field: [message]}
    assert not TargetRole.objects.exists()


def test_a_bad_self_assessment_level_gives_400_and_saves_nothing(client, learner_a, standard):
    TargetRoleFactory.create(learner=learner_a, role=Role.objects.get(version=standard, slug="data-engineer"))
    login(client, learner_a)
    form = client.get("/me/skills/").context["assessment_form"]
    ratings = dict.fromkeys(form.fields, "c")
    ratings["skill_data-platform-design"] = "z"

    response = client.post("/me/skills/", {"action": "assessment", **ratings})

    assert response.status_code == 400
    assert response.context["assessment_form"].errors == {
        "skill_data-platform-design": ["Select a valid level: a, b, c, d or none."]
    }
    assert not SelfAssessment.objects.exists()


def test_the_gap_page_without_a_target_role_sends_you_to_choose_one(client, learner_a):
    login(client, learner_a)

    response = client.get("/me/skills/gap/")

    assert (response.status_code, response["Location"]) == (302, "/me/skills/")


@pytest.mark.parametrize("actor", ACTORS)
def test_skill_pages_show_only_the_actors_own_target(client, as_actor, learner_a, standard, actor):
    TargetRoleFactory.create(learner=learner_a, role=Role.objects.get(version=standard, slug="data-engineer"))
    login(client, as_actor(actor))

    skills = client.get("/me/skills/")
    gap = client.get("/me/skills/gap/")

    if actor == "anonymous":
        assert (skills.status_code, gap.status_code) == (302, 302)
        assert gap["Location"].startswith("/accounts/login/")
    elif actor == "learner_a":
        assert (skills.status_code, gap.status_code) == (200, 200)
        assert gap.context["gap"].role.slug == "data-engineer"
    else:
        assert (skills.status_code, gap.status_code) == (200, 302)
        assert skills.context["target"] is None
