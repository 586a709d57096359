"""Demo data for the ministry pages: a ministry viewer and a small synthetic population.

The population (2,400 demo learners who finished demo courses between April 2022 and today, at a
pace that grows over time) gives the dashboard a curve to draw; with so few people per prefecture,
many cells show as "x", which is what disclosure control does. Idempotent; `remove` deletes it.
"""

import datetime
import random
from typing import TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.models import User
from core.prefectures import Prefecture
from courses.models import Course
from learners.models import Enrolment, LearnerProfile
from learners.services import exam_reference_load

from .rollup import rollup_run
from .services import reports_setup

VIEWER = "ministry-viewer"
VIEWER_PASSWORD = "ministry-demo-2026"  # noqa: S105 (documented demo login)
POPULATION = 2400
PREFIX = "demo-population-"
START = datetime.date(2022, 4, 1)


def seed(stdout: TextIO) -> None:
    exam_reference_load()
    reports_setup()  # idempotent: the target, rule v1, the group and the schedules
    viewer, created = User.objects.get_or_create(
        username=VIEWER, defaults={"email": "ministry@example.jp", "is_demo": True, "is_staff": True}
    )
    if created:
        viewer.set_password(VIEWER_PASSWORD)
        viewer.save(update_fields=["password"])
    viewer.groups.add(Group.objects.get_or_create(name=MINISTRY_VIEWER_GROUP)[0])
    # The portal signs people in by verified e-mail address (django-allauth).
    EmailAddress.objects.get_or_create(
        user=viewer, email=viewer.email, defaults={"verified": True, "primary": True}
    )
    made = 0
    if not User.objects.filter(username__startswith=PREFIX).exists():
        made = _population()
    result = rollup_run(full=True)
    stdout.write(
        f"reports: ministry viewer ready; {made} demo learners added; {result.counted_total} people counted\n"
    )


def _population() -> int:
    courses = list(Course.objects.filter(is_published=True, is_demo=True).order_by("pk"))
    if not courses:
        return 0
    rng = random.Random(2027)  # deterministic demo  # noqa: S311
    prefectures = list(Prefecture.values)
    weights = [1 / (1 + i / 6) for i in range(len(prefectures))]  # a few big prefectures, a long tail
    days = (timezone.localdate() - START).days
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{i:05d}", password="!", is_demo=True) for i in range(POPULATION)]  # noqa: S106
    )
    profiles, enrolments = [], []
    for user in users:
        consents = rng.random() < 0.9
        profiles.append(
            LearnerProfile(
                user=user,
                prefecture=rng.choices(prefectures, weights)[0],
                age_band=rng.choice(LearnerProfile.AgeBand.values),
                employment_status=rng.choice(LearnerProfile.EmploymentStatus.values),
                industry=rng.choice(LearnerProfile.Industry.values),
                consents_to_statistics=consents,
                statistics_consent_at=timezone.now() if consents else None,
            )
        )
        for course in rng.sample(courses, rng.randint(1, 3)):
            # sqrt: more completions in recent months, as the programmes grow
            day = START + datetime.timedelta(days=int(days * rng.random() ** 0.6))
            completed = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
            enrolments.append(Enrolment(learner=user, course=course, completed_at=completed))
    LearnerProfile.objects.bulk_create(profiles)
    Enrolment.objects.bulk_create(enrolments)
    return len(users)


def remove(stdout: TextIO) -> None:
    deleted, _ = User.objects.filter(username__startswith=PREFIX).delete()
    User.objects.filter(username=VIEWER, is_demo=True).delete()
    rollup_run(full=True)
    stdout.write(f"reports: {deleted} demo population rows deleted; rollup rebuilt\n")
