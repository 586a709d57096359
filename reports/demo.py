"""Demo data for the ministry pages: a ministry viewer and a synthetic population to count.

`seed_demo` loads the first 2,400 people; `seed_demo --national` brings the population to 100,000
(`--people N` to another size). The people are synthetic: no name, no e-mail address, an unusable
password, `is_demo` set and a username starting with `demo-person-`. They live in all 47
prefectures (in proportion to the 2020 census), first appear between April 2022 (FY2022, when
counting toward the 2.3 million target began) and yesterday at a pace that grows year on year with
a fiscal-year rhythm (busier in autumn and before the year closes in March), and reach the count
through every route the counting rule knows:

- portal courses: 1-3 demo courses each, about 60 % of them completed within 75 days;
- courses completed elsewhere and reported by the provider (external completions), about 9 %;
- IPA exam passes, about 7 % (IP, the entry exam, does not count under rule v1);
- qualifying programmes of the four consortia, about 1 in 8 of the people living in a consortium's
  prefectures (with anonymous group head-counts at each event);
- 8 % withhold consent to statistics and so are never counted.

Each person is drawn from a random stream of their own (seeded by their number), so person 1,234 is
the same whatever the population's size and however it grew: growing adds people, shrinking
deletes the highest numbers, and a run at the size already loaded changes nothing. The figures the
dashboard then shows are demo figures: nothing on it is real.
"""

import datetime
import itertools
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Max, QuerySet
from django.utils import timezone

from consortia.models import (
    AttendanceAudience,
    Audience,
    Consortium,
    Event,
    HeadCount,
    Participation,
    Programme,
)
from consortia.selectors import MINISTRY_VIEWER_GROUP
from core.models import User
from core.prefectures import Prefecture
from courses.models import Course, CourseRole
from learners.models import (
    Credential,
    Enrolment,
    Exam,
    ExamPass,
    ExternalCompletion,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
)
from learners.services import exam_reference_load
from skills.models import Role, StandardVersion

from .models import CountedPerson, Qualification, RecordKey
from .rollup import rollup_run
from .services import reports_setup

VIEWER = "ministry-viewer"
VIEWER_PASSWORD = "ministry-demo-2026"  # noqa: S105 (documented demo login)
POPULATION = 2_400  # seed_demo
NATIONAL_POPULATION = 100_000  # seed_demo --national
MAX_POPULATION = 3_000_000
PREFIX = "demo-person-"
LEGACY_PREFIXES = ("demo-population-",)  # the population of earlier versions, replaced on seeding
START = datetime.date(2022, 4, 1)  # FY2022
BATCH = 5_000  # people per bulk insert
SEED = 2027

# 2020 census population in thousands, by prefecture code (Statistics Bureau of Japan, rounded).
CENSUS_2020 = {
    "01": 5225, "02": 1238, "03": 1211, "04": 2302, "05": 960, "06": 1068, "07": 1833, "08": 2867,
    "09": 1933, "10": 1939, "11": 7345, "12": 6284, "13": 14048, "14": 9237, "15": 2201, "16": 1035,
    "17": 1133, "18": 767, "19": 810, "20": 2048, "21": 1979, "22": 3633, "23": 7542, "24": 1770,
    "25": 1414, "26": 2578, "27": 8838, "28": 5465, "29": 1324, "30": 923, "31": 553, "32": 671,
    "33": 1888, "34": 2800, "35": 1342, "36": 720, "37": 950, "38": 1335, "39": 692, "40": 5135,
    "41": 811, "42": 1312, "43": 1738, "44": 1124, "45": 1070, "46": 1588, "47": 1467,
}  # fmt: skip
AGES = {"under_20": 4, "20s": 22, "30s": 26, "40s": 25, "50s": 17, "60_plus": 6}
EMPLOYMENTS = {"employed": 72, "self_employed": 6, "student": 12, "job_seeker": 6, "other": 4}
INDUSTRY_SHARES = {
    "manufacturing": 16, "semiconductors": 4, "it_communications": 22, "finance": 8, "public_sector": 9,
    "education": 6, "healthcare": 5, "retail": 8, "construction": 5, "logistics": 5, "agriculture": 2,
    "services": 8, "other": 2,
}  # fmt: skip
# Exam code: share of the people who pass one (IP does not count under rule v1: level 1).
EXAMS = {"IP": 0.012, "FE": 0.034, "SG": 0.012, "AP": 0.008, "DB": 0.002, "NW": 0.002}
# Activity by month of the fiscal year (April first): quiet in April and August, busy in the
# autumn and in February-March, when budgets for training are spent.
MONTH_PACE = {
    4: 0.6,
    5: 0.8,
    6: 1.0,
    7: 1.0,
    8: 0.7,
    9: 1.0,
    10: 1.15,
    11: 1.15,
    12: 0.9,
    1: 1.0,
    2: 1.25,
    3: 1.4,
}
PACE_MAX = max(MONTH_PACE.values())
YEARLY_GROWTH = 1.55  # each year brings 55 % more new people than the year before
COMPLETES = 0.6
CONSENTS = 0.92
EXTERNAL = 0.09
ATTENDS = 0.12  # of the people in a consortium's prefectures
# One qualifying programme per demo consortium, with an event every quarter from FY2022 to FY2026.
PROGRAMME_NAME_JA = "【デモ】地域デジタル人材育成講座（修了で算入）"
PROGRAMME_NAME_EN = "[Demo] Regional digital skills course (counts when completed)"
PROGRAMME_ROLES = ("physical-computing-engineer", "data-engineer")
EVENT_DAYS = [datetime.date(year, month, 20) for year in range(2022, 2027) for month in (6, 9, 12)] + [
    datetime.date(year, 2, 20) for year in range(2023, 2028)
]
HEAD_COUNTS = (AttendanceAudience.KOSEN_STUDENTS, AttendanceAudience.TEACHERS)
MIDNIGHT = datetime.time(0)  # UTC: 09:00 in Japan

# The draws above as random.choices and the per-person loop take them.
AGE_BANDS, AGE_WEIGHTS = list(AGES), list(itertools.accumulate(AGES.values()))
EMPLOYMENT, EMPLOYMENT_WEIGHTS = list(EMPLOYMENTS), list(itertools.accumulate(EMPLOYMENTS.values()))
INDUSTRIES, INDUSTRY_WEIGHTS = list(INDUSTRY_SHARES), list(itertools.accumulate(INDUSTRY_SHARES.values()))


def _one_at_most(shares: dict[str, float]) -> list[tuple[str, float]]:
    """Each code with the chance of drawing it once none before it was drawn: drawn in turn, the
    codes come out at their shares, and a person passes one exam at most."""
    left, draws = 1.0, []
    for code, share in shares.items():
        draws.append((code, share / left))
        left -= share
    return draws


EXAM_DRAWS = _one_at_most(EXAMS)
CHANNELS = list(ExternalCompletion.Channel.values)


def seed(stdout: TextIO) -> None:
    """The ministry viewer and (when no population is loaded yet) the first 2,400 people."""
    _seed(stdout, people=POPULATION, resize=False)


def seed_national(stdout: TextIO, *, people: int = NATIONAL_POPULATION) -> None:
    """The ministry viewer and exactly `people` people (100,000 unless told)."""
    if not 0 <= people <= MAX_POPULATION:
        raise ValueError(f"people: between 0 and {MAX_POPULATION:,}, not {people:,}")
    _seed(stdout, people=people, resize=True)


def _seed(stdout: TextIO, *, people: int, resize: bool) -> None:
    exam_reference_load()
    reports_setup()  # idempotent: the target, rule v1, the group and the schedules
    _viewer()
    legacy = sum(
        _delete_people(User.objects.filter(username__startswith=prefix, is_demo=True))
        for prefix in LEGACY_PREFIXES
    )
    world = _World.load()
    loaded = population_size()
    if world is None:
        stdout.write("reports: the demo courses are missing; no demo population loaded\n")
        added = removed = 0
    elif resize or loaded == 0:
        added, removed = population_resize(world, people=people)
    else:
        added = removed = 0
    changed = bool(added or removed or legacy)
    result = rollup_run(full=changed)
    stdout.write(
        f"reports: ministry viewer ready; demo population {population_size():,} people "
        f"({added:,} added, {removed + legacy:,} removed); {result.counted_total:,} people counted\n"
    )


def _viewer() -> None:
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


def population_size() -> int:
    return User.objects.filter(username__startswith=PREFIX).count()


def _username(number: int) -> str:
    return f"{PREFIX}{number:07d}"


def population_resize(world: "_World", *, people: int) -> tuple[int, int]:
    """Add people up to `people`, or delete those numbered `people` and above. Returns (added, removed).

    People are numbered from 0 and always loaded in order, in batches inside the caller's
    transaction, so the population is people 0 .. size - 1."""
    top = User.objects.filter(username__startswith=PREFIX).aggregate(top=Max("username"))["top"]
    loaded = int(top.removeprefix(PREFIX)) + 1 if top else 0
    if people < loaded:
        return 0, _delete_people(
            User.objects.filter(username__startswith=PREFIX, username__gte=_username(people))
        )
    for first in range(loaded, people, BATCH):
        _insert([_person(world, number) for number in range(first, min(first + BATCH, people))])
    _analyze()
    return people - loaded, 0


# --- the world people are drawn against, and one person ---------------------------------------


def _cumulative(weights: Iterable[float]) -> list[float]:
    return list(itertools.accumulate(weights))


@dataclass
class _World:
    today: datetime.date
    courses: list[Course]
    course_weights: list[float]  # cumulative, as random.choices takes them
    related: dict[int, list[Course]]  # course id: the other courses sharing a target role with it
    exams: dict[str, Exam]
    events: dict[str, list[Event]]  # prefecture: the past qualifying demo events open to its people
    prefectures: list[str] = field(default_factory=lambda: list(CENSUS_2020))
    prefecture_weights: list[float] = field(default_factory=lambda: _cumulative(CENSUS_2020.values()))

    @classmethod
    def load(cls) -> "_World | None":
        courses = list(Course.objects.filter(is_demo=True, is_published=True).order_by("slug"))
        if not courses:
            return None
        roles: dict[int, set[int]] = {}
        for course_id, role_id in CourseRole.objects.filter(course__in=courses).values_list("course", "role"):
            roles.setdefault(course_id, set()).add(role_id)
        related = {
            course.pk: [other for other in courses if other != course and roles.get(course.pk, set()) & roles.get(other.pk, set())]
            for course in courses
        }  # fmt: skip
        return cls(
            today=timezone.localdate(),
            courses=courses,
            # Free, online and beginner courses draw more people.
            course_weights=_cumulative(
                (3 if course.price_yen == 0 else 1)
                * (2 if course.format == Course.Format.ONLINE else 1)
                * (2 if course.level == Course.Level.BEGINNER else 1)
                for course in courses
            ),
            related=related,
            exams={exam.code: exam for exam in Exam.objects.filter(code__in=EXAMS)},
            events=_programme_events(),
        )

    def day(self, rng: random.Random) -> datetime.date:
        """A day from START to yesterday: more in later years and in the busy months of the
        fiscal year. Every dated record is such a draw (a person's first day is the earliest of
        theirs), so no date lies in the future and none piles up at either end."""
        span = (self.today - START).days - 1
        if span <= 0:
            return START
        growth = math.log(YEARLY_GROWTH)
        scale = math.expm1(growth * span / 365.25)
        while True:
            # The inverse of exponential growth's distribution function, thinned by month.
            offset = math.log1p(rng.random() * scale) / growth
            day = START + datetime.timedelta(days=min(span, int(offset * 365.25)))
            if rng.random() * PACE_MAX <= MONTH_PACE[day.month]:
                return day


def _programme_events() -> dict[str, list[Event]]:
    """The qualifying demo programme of each consortium with its quarterly events (created once),
    as the past events open to the people of each prefecture."""
    version = StandardVersion.objects.filter(part=StandardVersion.Part.PROMOTION, is_current=True).first()
    roles = list(Role.objects.filter(version=version, slug__in=PROGRAMME_ROLES)) if version else []
    by_prefecture: dict[str, list[Event]] = {}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for consortium in Consortium.objects.order_by("slug"):
        if not consortium.prefectures:
            continue
        programme, created = Programme.objects.get_or_create(
            consortium=consortium,
            name_ja=PROGRAMME_NAME_JA,
            is_demo=True,
            defaults={
                "name_en": PROGRAMME_NAME_EN,
                "kind": Programme.Kind.JOINT_COURSE,
                "audiences": [Audience.KOSEN_STUDENTS, Audience.WORKING_ADULTS],
                "is_qualifying": True,
            },
        )
        if created:
            programme.roles.set(roles)
        events = {event.starts_at.date(): event for event in programme.events.all()}
        rng = random.Random(f"{SEED}-{consortium.slug}")  # noqa: S311 (demo data, not security)
        for index, day in enumerate(EVENT_DAYS):
            prefecture = consortium.prefectures[index % len(consortium.prefectures)]
            attendance = [rng.randint(12, 60) for _ in HEAD_COUNTS]
            starts_at = datetime.datetime.combine(day, datetime.time(4, 30), tzinfo=datetime.UTC)  # 13:30 JST
            if day in events:
                continue
            event = Event.objects.create(
                programme=programme,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=3),
                venue=f"【デモ】{Prefecture(prefecture).label}会場",
                prefecture=prefecture,
                capacity=200,
                is_demo=True,
            )
            events[day] = event
            if day <= yesterday:
                HeadCount.objects.bulk_create(
                    HeadCount(event=event, audience=audience, persons=persons)
                    for audience, persons in zip(HEAD_COUNTS, attendance, strict=True)
                )
        past = [event for day, event in sorted(events.items()) if day <= yesterday]
        for prefecture in consortium.prefectures:
            by_prefecture.setdefault(prefecture, []).extend(past)
    for events_there in by_prefecture.values():
        events_there.sort(key=lambda event: event.starts_at)
    return by_prefecture


@dataclass
class _Person:
    user: User
    profile: LearnerProfile
    enrolments: list[Enrolment]
    external: list[ExternalCompletion]
    exam_passes: list[ExamPass]
    participations: list[Participation]


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A moment in the Japanese working day of `day` (09:00-19:00 JST), in UTC."""
    return datetime.datetime.combine(day, MIDNIGHT, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=rng.randint(0, 600)
    )


def _person(world: _World, number: int) -> _Person:
    """Person `number`, the same on every run. Two random streams of their own: `rng` decides who
    they are and what they did, `when` only the dates, which stretch as the calendar moves on; so
    the people and how many of them count are the same whichever day the demo is loaded."""
    rng = random.Random(SEED * 10_000_000 + number)  # noqa: S311 (demo data, not security)
    when = random.Random(-(SEED * 10_000_000 + number))  # noqa: S311
    # Courses: one chosen by popularity, then up to two more on the same path (a shared role).
    first = rng.choices(world.courses, cum_weights=world.course_weights)[0]
    taken = [first]
    for _ in range(rng.choices((0, 1, 2), cum_weights=(50, 85, 100))[0]):
        options = [course for course in world.related[first.pk] or world.courses if course not in taken]
        if options:
            taken.append(rng.choice(options))
    completed = [rng.random() < COMPLETES for _ in taken]
    external = (
        rng.choice([course for course in world.courses if course not in taken])
        if rng.random() < EXTERNAL
        else None
    )
    exam = next((code for code, below in EXAM_DRAWS if rng.random() < below), None)
    consents = rng.random() < CONSENTS
    prefecture = rng.choices(world.prefectures, cum_weights=world.prefecture_weights)[0]
    profile_values = {
        "prefecture": prefecture,
        "age_band": rng.choices(AGE_BANDS, cum_weights=AGE_WEIGHTS)[0],
        "employment_status": rng.choices(EMPLOYMENT, cum_weights=EMPLOYMENT_WEIGHTS)[0],
        "industry": rng.choices(INDUSTRIES, cum_weights=INDUSTRY_WEIGHTS)[0],
    }
    events = world.events.get(prefecture)
    attends = bool(events) and rng.random() < ATTENDS
    attended = rng.random() < 0.9
    channel = rng.choice(CHANNELS)

    count = len(taken) + (external is not None) + (exam is not None)
    dates = sorted(world.day(when) for _ in range(count))
    first_day, days = dates[0], iter(dates)
    joined = _at(first_day, when) - datetime.timedelta(days=when.randint(0, 20))
    user = User(username=_username(number), password="!", is_demo=True, date_joined=joined)  # noqa: S106 (unusable)
    profile = LearnerProfile(
        user=user,
        **profile_values,
        consents_to_statistics=consents,
        statistics_consent_at=joined if consents else None,
    )
    person = _Person(user, profile, [], [], [], [])
    for course, done in zip(taken, completed, strict=True):
        day = next(days)
        person.enrolments.append(
            Enrolment(learner=user, course=course, completed_at=_at(day, when) if done else None)
        )
    if external is not None:
        person.external.append(
            ExternalCompletion(
                learner=user,
                provider_id=external.provider_id,
                course=external,
                record_id=f"{user.username}-1",
                channel=channel,
                completed_at=_at(next(days), when),
            )
        )
    if exam is not None and exam in world.exams:
        person.exam_passes.append(ExamPass(learner=user, exam=world.exams[exam], passed_on=next(days)))
    if events and attends:
        event = next((event for event in events if event.starts_at.date() >= first_day), events[-1])
        person.participations.append(
            Participation(
                event=event,
                learner=user,
                status=Participation.Status.ATTENDED if attended else Participation.Status.NO_SHOW,
                registered_at=event.starts_at - datetime.timedelta(days=when.randint(3, 30)),
            )
        )
    return person


def _insert(people: list[_Person]) -> None:
    """Insert a batch of people and their records (user ids come back from the insert)."""
    User.objects.bulk_create([person.user for person in people])

    def rows(attribute: str) -> Iterable:
        for person in people:
            value = getattr(person, attribute)
            if isinstance(value, list):
                for row in value:
                    row.learner_id = person.user.pk
                    yield row
            else:
                value.user_id = person.user.pk
                yield value

    LearnerProfile.objects.bulk_create(rows("profile"))
    Enrolment.objects.bulk_create(rows("enrolments"))
    ExternalCompletion.objects.bulk_create(rows("external"))
    ExamPass.objects.bulk_create(rows("exam_passes"))
    Participation.objects.bulk_create(rows("participations"))


def _delete_people(people: QuerySet[User]) -> int:
    """Delete the people and everything of theirs; returns how many people.

    By batches of ids, their records first, one DELETE per table (none of those tables has rows
    depending on it but the enrolments' own, deleted before them), so that the ORM's cascade, run
    last on the users, finds nothing left to load: through the cascade alone, deleting 100,000
    people loads every row of theirs into memory first."""
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        enrolments = list(Enrolment.objects.filter(learner__in=batch).values_list("pk", flat=True))
        for queryset in (
            LessonCompletion.objects.filter(enrolment__in=enrolments),
            QuizAttempt.objects.filter(enrolment__in=enrolments),
            Credential.objects.filter(enrolment__in=enrolments),
            Credential.objects.filter(learner__in=batch),
            Participation.objects.filter(learner__in=batch),
            ExamPass.objects.filter(learner__in=batch),
            ExternalCompletion.objects.filter(learner__in=batch),
            LearnerProfile.objects.filter(user__in=batch),
            Qualification.objects.filter(person__in=batch),
            CountedPerson.objects.filter(person__in=batch),
            RecordKey.objects.filter(person__in=batch),
        ):
            queryset.delete()
        Enrolment.objects.filter(pk__in=enrolments).delete()
        User.objects.filter(pk__in=batch).delete()
    return len(ids)


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled (PostgreSQL): without them the rollup and
    later deletes are planned for the empty tables autovacuum last saw."""
    if connection.vendor != "postgresql":
        return
    models = (User, LearnerProfile, Enrolment, ExternalCompletion, ExamPass, Participation)
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def remove(stdout: TextIO) -> None:
    """Delete the demo population (with every record of theirs), its programmes and the viewer."""
    deleted = sum(
        _delete_people(User.objects.filter(username__startswith=prefix, is_demo=True))
        for prefix in (PREFIX, *LEGACY_PREFIXES)
    )
    Programme.objects.filter(name_ja=PROGRAMME_NAME_JA, is_demo=True).delete()
    User.objects.filter(username=VIEWER, is_demo=True).delete()
    rollup_run(full=True)
    stdout.write(f"reports: {deleted:,} demo people deleted; rollup rebuilt\n")
