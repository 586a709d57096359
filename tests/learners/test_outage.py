"""A broker outage delays a certificate and never loses it (issue #9)."""

import datetime

import pytest
from django.utils import timezone

from learners.models import Credential
from learners.services import credential_sweep

from .factories import EnrolmentFactory, learning_course
from .views.helpers import login

pytestmark = pytest.mark.django_db


def test_completing_a_course_while_the_broker_is_down_answers_normally_and_the_sweep_issues_it(
    client, learner_a, broker, django_capture_on_commit_callbacks
):
    course = learning_course(slug="learn-me", title_ja="学ぶ講座")
    enrolment = EnrolmentFactory.create(learner=learner_a, course=course.course)
    login(client, learner_a)
    client.post(f"/learn/learn-me/lessons/{course.text.pk}/complete/")
    client.post(f"/learn/learn-me/lessons/{course.video.pk}/complete/")
    answers = {f"question_{q.pk}": choice for q, choice in zip(course.questions, course.right, strict=True)}

    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/learn/learn-me/lessons/{course.quiz_lesson.pk}/quiz/", answers)

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert not Credential.objects.exists()

    # When the broker is back, the periodic sweep finds the completion without a certificate.
    broker.up()
    assert credential_sweep(now=timezone.now()) == 0  # too recent: the normal path may still come
    swept = credential_sweep(now=timezone.now() + datetime.timedelta(minutes=10))

    assert swept == 1
    assert Credential.objects.get().enrolment == enrolment
    assert credential_sweep(now=timezone.now() + datetime.timedelta(minutes=20)) == 0
