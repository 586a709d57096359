import io

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from core.models import User
from courses import demo as courses_demo
from learners import demo
from learners.models import Enrolment, LearnerProfile, QuizAttempt, SelfAssessment, TargetRole
from learners.selectors import learning_overview, skill_gap_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(standard):
    courses_demo.seed(io.StringIO())
    demo.seed(io.StringIO())


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (User, EmailAddress, LearnerProfile, Enrolment, QuizAttempt, TargetRole, SelfAssessment)
    )


def test_seed_creates_three_learners_at_different_stages(seeded):
    learner1, learner2, learner3 = (User.objects.get(email=email) for email in demo.DEMO_EMAILS)

    assert all(user.is_demo for user in (learner1, learner2, learner3))
    assert LearnerProfile.objects.filter(user__in=[learner1, learner2, learner3]).count() == 3
    assert learning_overview(actor=learner1) == ([], [])
    in_progress, completed = learning_overview(actor=learner2)
    assert sorted(row.enrolment.course.slug for row in in_progress) == [
        "how-web-applications-work",
        "statistics-with-python",
    ]
    assert completed == []
    in_progress, completed = learning_overview(actor=learner3)
    assert [row.enrolment.course.slug for row in completed] == ["sql-data-modelling-basics"]
    gap = skill_gap_get(actor=learner3)
    assert gap.role.slug == "data-engineer"
    rows = {row.skill.slug: row for row in gap.rows}
    assert rows["data-platform-design"].self_assessed.slug == "d"
    assert rows["data-platform-design"].earned.slug == "c"


def test_seed_is_idempotent(seeded):
    before = counts()

    demo.seed(io.StringIO())

    assert counts() == before


@pytest.mark.parametrize("email", demo.DEMO_EMAILS)
def test_demo_learners_can_sign_in(seeded, email):
    client = Client()

    response = client.post("/accounts/login/", {"login": email, "password": demo.DEMO_PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/me/learning/")


def test_remove_deletes_the_demo_learners_and_lets_the_courses_go(seeded):
    demo.remove(io.StringIO())
    courses_demo.remove(io.StringIO())

    assert not User.objects.filter(email__in=demo.DEMO_EMAILS).exists()
    assert (Enrolment.objects.count(), LearnerProfile.objects.count()) == (0, 0)
