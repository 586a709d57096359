"""Random but reproducible raw records for the rollup tests, and the count a person would do by hand."""

import datetime
import random
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from consortia.models import Consortium, Event, Participation, Programme
from core.models import User
from courses.models import Course, CourseRole, Provider
from learners.models import Enrolment, Exam, ExamPass, LearnerProfile
from reports.models import CountingRule
from skills.models import Level, Role, StandardVersion

JST = datetime.timezone(datetime.timedelta(hours=9))
PREFECTURES = ["01", "13", "27", "40", "43", "47"]
SOURCE_ORDER = {"course": 1, "external": 2, "exam": 3, "programme": 4}


@dataclass
class World:
    users: list[User]
    courses: list[Course]
    programmes: list[Programme]
    rng: random.Random


def build_world(seed: int, people: int = 60) -> World:
    rng = random.Random(seed)
    version = StandardVersion.objects.get(slug="dss-p-1.2")
    roles = list(Role.objects.filter(version=version))
    levels = {lv.slug: lv for lv in Level.objects.filter(version=version)}
    provider = Provider.objects.create(slug=f"p{seed}", name_ja="提供者", kind=Provider.Kind.TRAINING_COMPANY)
    courses = []
    for i in range(8):
        course = Course.objects.create(
            slug=f"w{seed}-c{i}", title_ja=f"講座{i}", provider=provider, format=Course.Format.ONLINE,
            hours=10, price_yen=0, level=Course.Level.BEGINNER, is_published=True,
        )  # fmt: skip
        for role in rng.sample(roles, rng.randint(0, 2)):
            CourseRole.objects.create(course=course, role=role, level=levels[rng.choice("abcd")])
        courses.append(course)
    consortia = [
        Consortium.objects.create(
            slug=f"w{seed}-k{i}", name_ja=f"コンソーシアム{i}", industry="semiconductor"
        )
        for i in range(2)
    ]
    programmes = []
    for i in range(4):
        programme = Programme.objects.create(
            consortium=consortia[i % 2], name_ja=f"プログラム{i}", kind=Programme.Kind.OUTREACH_LECTURE,
            is_qualifying=i != 3,
        )  # fmt: skip
        if i % 2 == 0:
            programme.roles.add(rng.choice(roles))
        programmes.append(programme)
    users = [User.objects.create(username=f"w{seed}-u{i}") for i in range(people)]
    for user in users:
        if rng.random() < 0.9:
            consents = rng.random() < 0.8
            LearnerProfile.objects.create(
                user=user, prefecture=rng.choice(PREFECTURES), age_band="30s", employment_status="employed",
                industry=rng.choice(["manufacturing", "finance", "other"]), consents_to_statistics=consents,
                statistics_consent_at=timezone.now() if consents else None,
            )  # fmt: skip
    world = World(users, courses, programmes, rng)
    add_activity(world, people)
    return world


def _moment(rng: random.Random) -> datetime.datetime:
    day = datetime.date(2024, 4, 1) + datetime.timedelta(days=rng.randint(0, 900))
    return datetime.datetime.combine(day, datetime.time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=JST)


def add_activity(world: World, count: int) -> None:
    """More raw records for random people: completions, exam passes, attendances."""
    rng = world.rng
    exams = list(Exam.objects.all())
    for _ in range(count):
        user = rng.choice(world.users)
        kind = rng.random()
        if kind < 0.5:
            course = rng.choice(world.courses)
            enrolment, _ = Enrolment.objects.get_or_create(learner=user, course=course)
            if rng.random() < 0.8:
                enrolment.completed_at = _moment(rng)
                enrolment.save()
        elif kind < 0.75:
            ExamPass.objects.update_or_create(
                learner=user, exam=rng.choice(exams), defaults={"passed_on": _moment(rng).date()}
            )
        else:
            start = _moment(rng)
            event = Event.objects.create(
                programme=rng.choice(world.programmes), starts_at=start, ends_at=start + datetime.timedelta(hours=3),
                venue="会場", prefecture=rng.choice(PREFECTURES), capacity=50,
            )  # fmt: skip
            Participation.objects.create(
                event=event,
                learner=user,
                status=rng.choice(["registered", "attended", "attended", "no_show"]),
            )


def expected_counts(rule: CountingRule) -> Counter:
    """By hand: each consenting person once, on their earliest qualifying record."""
    qualifying_exams = set(rule.qualifying_exams.values_list("pk", flat=True))
    firsts: dict[int, tuple] = {}

    def offer(
        person_id: int, day: datetime.date, source: str, key: int, prefecture: str, hr: int, cons: int
    ) -> None:
        candidate = (day, SOURCE_ORDER[source], key, source, prefecture, hr, cons)
        if person_id not in firsts or candidate < firsts[person_id]:
            firsts[person_id] = candidate

    profiles = {p.user_id: p for p in LearnerProfile.objects.all()}
    for e in Enrolment.objects.filter(completed_at__isnull=False).select_related("course"):
        profile = profiles.get(e.learner_id)
        if profile is None or not profile.consents_to_statistics:
            continue
        ranked = sorted(
            (
                cr
                for cr in e.course.course_roles.select_related("role", "level")
                if cr.level.rank is not None and cr.level.rank >= rule.min_course_level
            ),
            key=lambda cr: (-(cr.level.rank or 0), cr.role.order, cr.role.pk),
        )
        if ranked:
            assert e.completed_at is not None  # filtered above
            day = e.completed_at.astimezone(JST).date()
            offer(e.learner_id, day, "course", e.pk, profile.prefecture, ranked[0].role.hr_type_id, 0)
    types = {
        t.slug: t.pk
        for t in Role.objects.get(slug="data-engineer", version__is_current=True).version.types.all()
    }
    for x in ExamPass.objects.select_related("exam"):
        profile = profiles.get(x.learner_id)
        if profile is None or not profile.consents_to_statistics or x.exam_id not in qualifying_exams:
            continue
        offer(
            x.learner_id, x.passed_on, "exam", x.pk, profile.prefecture, types.get(x.exam.hr_type_slug, 0), 0
        )
    for pa in Participation.objects.filter(status="attended", learner__isnull=False).select_related(
        "event__programme"
    ):
        assert pa.learner_id is not None  # filtered above
        profile = profiles.get(pa.learner_id)
        programme = pa.event.programme
        if profile is None or not profile.consents_to_statistics or not programme.is_qualifying:
            continue
        first_role = programme.roles.order_by("order", "pk").first()
        day = pa.event.ends_at.astimezone(JST).date()
        hr = first_role.hr_type_id if first_role else 0
        offer(pa.learner_id, day, "programme", pa.pk, profile.prefecture, hr, programme.consortium_id)
    return Counter((c[0], c[4], c[5], c[6], c[3]) for c in firsts.values())


def rolled_up_counts() -> Counter:
    from reports.models import DailyProgress

    return Counter(
        {
            (r.day, r.prefecture, r.hr_type_id, r.consortium_id, r.source): r.people
            for r in DailyProgress.objects.all()
        }
    )


def monthly_matches_daily() -> bool:
    from reports.models import DailyProgress, MonthlyProgress

    by_month: Counter = Counter()
    for r in DailyProgress.objects.all():
        by_month[(r.day.replace(day=1), r.prefecture, r.hr_type_id, r.consortium_id, r.source)] += r.people
    monthly = Counter(
        {
            (r.month, r.prefecture, r.hr_type_id, r.consortium_id, r.source): r.people
            for r in MonthlyProgress.objects.all()
        }
    )
    return +by_month == +monthly
