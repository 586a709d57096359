"""The auditor of issue #8, as code: a generated population, the questions a ministry viewer may
ask, and a linear program over every answer.

The population is built from raw records (completions, exam passes, attended programmes) and
counted by the real rollup. The attacker knows the dimensions (months, prefectures, types,
consortia, sources), the published rules (what "x" means, how far a protected figure may be from
the truth) and every answer; it does not know the records. From each answer it derives bounds on a
sum of "atomic" cells (month × prefecture × type × consortium × source) and then, for every value
the platform protects, solves two linear programs: the least and the greatest value consistent
with everything it was told. A value is *recovered* when the two meet, and *bounded below the
threshold* when the greatest is under the threshold.
"""

import datetime
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from consortia.models import Consortium, Event, Participation, Programme
from core.models import User
from courses.models import Course, CourseRole, Provider
from learners.models import Enrolment, Exam, ExamPass, LearnerProfile
from reports import disclosure
from reports.models import CountedPerson
from skills.models import HumanResourceType, Level, Role, StandardVersion

JST = datetime.timezone(datetime.timedelta(hours=9))
MONTHS = [datetime.date(2025, m, 1) for m in range(1, 7)]
# Two large prefectures, two small ones (Ehime 38 and Okinawa 47, as in the audit).
PREFECTURES = {"13": 0.5, "27": 0.3, "38": 0.12, "47": 0.08}
SOURCES = ("course", "exam", "programme")
URL = "/api/v1/reports/progress/"

Atom = tuple[datetime.date, str, int, int, str]  # month, prefecture, type id, consortium id, source


@dataclass
class Population:
    hr_types: dict[str, int]  # slug -> id
    consortia: dict[str, int]  # slug -> id


def _month_end(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def build_population(seed: int, people: int = 1500) -> Population:
    """Raw records for `people` consenting learners, first counted in 2025-01..2025-06."""
    rng = random.Random(seed)
    version = StandardVersion.objects.get(part=StandardVersion.Part.PROMOTION, is_current=True)
    types = list(HumanResourceType.objects.filter(version=version).order_by("order", "pk"))
    level = Level.objects.get(version=version, slug="a")
    provider = Provider.objects.create(slug="attack", name_ja="提供者", kind=Provider.Kind.TRAINING_COMPANY)
    courses = []
    for hr_type in types:
        course = Course.objects.create(
            slug=f"attack-{hr_type.slug}", title_ja=hr_type.name_ja, provider=provider,
            format=Course.Format.ONLINE, hours=10, price_yen=0, level=Course.Level.BEGINNER, is_published=True,
        )  # fmt: skip
        role = Role.objects.filter(version=version, hr_type=hr_type).order_by("order").first()
        assert role is not None
        CourseRole.objects.create(course=course, role=role, level=level)
        courses.append(course)
    consortia = [
        Consortium.objects.create(slug=f"attack-k{i}", name_ja=f"コンソーシアム{i}", industry="semiconductor")
        for i in range(2)
    ]
    programmes = []
    for i, consortium in enumerate(consortia):
        programme = Programme.objects.create(
            consortium=consortium, name_ja=f"出前授業{i}", kind=Programme.Kind.OUTREACH_LECTURE, is_qualifying=True
        )  # fmt: skip
        programme.roles.add(Role.objects.filter(version=version, hr_type=types[i]).order_by("order")[0])
        programmes.append(programme)
    exams = list(Exam.objects.filter(level__gte=2).order_by("code")[:3])
    users = User.objects.bulk_create(
        [User(username=f"attack-{i}", email=f"attack-{i}@example.jp") for i in range(people)]
    )
    codes, weights = list(PREFECTURES), list(PREFECTURES.values())
    now = timezone.now()
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(
                user=user,
                prefecture=rng.choices(codes, weights)[0],
                age_band="30s",
                employment_status="employed",
                industry="manufacturing",
                consents_to_statistics=True,
                statistics_consent_at=now,
            )
            for user in users
        ]
    )
    enrolments, passes, events, participations = [], [], [], []
    for user in users:
        month = rng.choice(MONTHS)
        day = month + datetime.timedelta(days=rng.randint(0, _month_end(month).day - 1))
        moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=JST)
        kind = rng.random()
        if kind < 0.7:
            course = rng.choices(courses, [0.4, 0.3, 0.15, 0.1, 0.05])[0]
            enrolments.append(Enrolment(learner=user, course=course, completed_at=moment))
        elif kind < 0.85:
            passes.append(ExamPass(learner=user, exam=rng.choice(exams), passed_on=day))
        else:
            event = Event(
                programme=rng.choice(programmes), starts_at=moment - datetime.timedelta(hours=2),
                ends_at=moment, venue="会場", prefecture=rng.choice(codes), capacity=50,
            )  # fmt: skip
            events.append(event)
            participations.append((event, user))
    Enrolment.objects.bulk_create(enrolments)
    ExamPass.objects.bulk_create(passes)
    Event.objects.bulk_create(events)
    Participation.objects.bulk_create(
        [Participation(event=event, learner=user, status="attended") for event, user in participations]
    )
    return Population(hr_types={t.slug: t.pk for t in types}, consortia={c.slug: c.pk for c in consortia})


def truth() -> Counter:
    """The exact count of every atomic cell, read from the rollup's person-level table."""
    return Counter(
        (c.qualified_on.replace(day=1), c.prefecture, c.hr_type_id, c.consortium_id, c.source)
        for c in CountedPerson.objects.all()
    )


def published_rules() -> tuple[int, int | None]:
    """(threshold, largest distance of a published figure from the truth). The second is None for
    the design before issue #8, where published numbers are exact and "x" may hide any count."""
    bound = getattr(disclosure, "perturbation_max", None)
    return disclosure.threshold(), (bound() if bound else None)


@dataclass
class Attacker:
    population: Population
    universe: list[Atom] = field(default_factory=list)
    answers: dict[frozenset, tuple[float, float]] = field(default_factory=dict)
    hidden: set[frozenset] = field(default_factory=set)  # cells shown as "x"
    questions: int = 0

    def __post_init__(self) -> None:
        types = [0, *self.population.hr_types.values()]
        consortia = [0, *self.population.consortia.values()]
        self.universe = list(itertools.product(MONTHS, PREFECTURES, types, consortia, SOURCES))
        self.threshold, self.bound = published_rules()

    # --- what an answer says ---------------------------------------------------------------------

    def interval(self, shown: int | str) -> tuple[float, float]:
        t, d = self.threshold, self.bound
        if d is None:  # before: numbers are exact; x is at least 1 (and may be any size)
            return (1.0, np.inf) if shown == disclosure.SUPPRESSED else (float(shown), float(shown))
        if shown == disclosure.SUPPRESSED:
            return 1.0, float(t - 1 + d)
        if shown == 0:
            return 0.0, 0.0
        return float(max(1, int(shown) - d)), float(int(shown) + d)

    def record(self, atoms: frozenset, shown: int | str) -> None:
        low, high = self.interval(shown)
        if shown == disclosure.SUPPRESSED:
            self.hidden.add(atoms)
        if atoms in self.answers:  # the same cell asked again: keep what both say
            old_low, old_high = self.answers[atoms]
            low, high = max(low, old_low), min(high, old_high)
        self.answers[atoms] = (low, high)

    def ask(self, client, **params: str) -> dict:
        """One question to the progress API; every row and the total become constraints."""
        self.questions += 1
        response = client.get(URL, params)
        assert response.status_code == 200, response.content
        body = response.json()
        applied = body["filters"]
        months = [
            m
            for m in MONTHS
            if (not applied["from"] or m >= datetime.date.fromisoformat(applied["from"]).replace(day=1))
            and (not applied["to"] or m <= datetime.date.fromisoformat(applied["to"]))
        ]
        if applied["from"] and datetime.date.fromisoformat(applied["from"]).day != 1:
            return body  # not a whole-month answer: the atoms cannot express it (never for viewers)
        base: dict[str, set | None] = {
            "month": set(months),
            "prefecture": {params["prefecture"]} if params.get("prefecture") else None,
            "hr_type": {self.population.hr_types[params["hr_type"]]} if params.get("hr_type") else None,
            "consortium": {self.population.consortia[params["consortium"]]}
            if params.get("consortium")
            else None,
            "source": None,
        }
        self.record(self.atoms(base), body["total"])
        group = params["group_by"]
        for row in body["results"]:
            spec = dict(base)
            if group == "month":
                # Merged months (the design before #8) are labelled "2025-01–2025-03".
                first = datetime.date.fromisoformat(row["label"].split("–")[0] + "-01")
                last = datetime.date.fromisoformat(row["key"] + "-01")
                spec["month"] = {m for m in months if first <= m <= last}
            else:
                dimension = "hr_type" if group == "hr_type" else group
                if group == "hr_type":
                    value = self.population.hr_types.get(row["key"], 0 if not row["key"] else -1)
                elif group == "consortium":
                    # "" is "no consortium"; consortia outside the population hold nobody of it.
                    value = self.population.consortia.get(row["key"], 0 if not row["key"] else -1)
                else:
                    value = row["key"]
                # A row of the filtered dimension other than the filter's value holds nobody.
                among = base[dimension]
                spec[dimension] = {value} if among is None or value in among else set()
            atoms = self.atoms(spec)
            assert atoms or row["people"] == 0, row
            if atoms:
                self.record(atoms, row["people"])
        return body

    def atoms(self, spec: dict) -> frozenset:
        def keep(atom: Atom) -> bool:
            month, prefecture, hr_type, consortium, source = atom
            return (
                month in spec["month"]
                and (spec["prefecture"] is None or prefecture in spec["prefecture"])
                and (spec["hr_type"] is None or hr_type in spec["hr_type"])
                and (spec["consortium"] is None or consortium in spec["consortium"])
                and (spec["source"] is None or source in spec["source"])
            )

        return frozenset(a for a in self.universe if keep(a))

    def series_bounds(self, shown: list[int | str]) -> tuple[list[int], list[float]]:
        """Bounds on each step of a running total observed after consecutive rollups: unknowns are
        the first total and the people added before each later observation (all at least 0)."""
        steps = len(shown)
        a_rows, b = [], []
        for t, value in enumerate(shown):
            low, high = self.interval(value)
            row = np.zeros(steps)
            row[: t + 1] = 1.0
            if np.isfinite(high):
                a_rows.append(row)
                b.append(high)
            a_rows.append(-row)
            b.append(-low)
        least, greatest = [], []
        for t in range(1, steps):
            c = np.zeros(steps)
            c[t] = 1.0
            low = linprog(c, A_ub=np.array(a_rows), b_ub=np.array(b), bounds=(0, None), method="highs")
            high = linprog(-c, A_ub=np.array(a_rows), b_ub=np.array(b), bounds=(0, None), method="highs")
            least.append(int(np.ceil(low.fun - 1e-6)))
            greatest.append(np.inf if high.status == 3 else int(np.floor(-high.fun + 1e-6)))
        return least, greatest

    # --- the linear program ----------------------------------------------------------------------

    def solve(self, targets: dict[frozenset, int]) -> "Findings":
        """Least and greatest value of each target consistent with all answers."""
        zero: set = set()
        for atoms, (_low, high) in self.answers.items():
            if high == 0:
                zero |= atoms
        variables = [a for a in self.universe if a not in zero]
        index = {a: i for i, a in enumerate(variables)}
        rows: list[int] = []
        cols: list[int] = []
        constraints = [(atoms, b) for atoms, b in self.answers.items() if b[1] > 0]
        for r, (atoms, _) in enumerate(constraints):
            for a in atoms:
                if a in index:
                    rows.append(r)
                    cols.append(index[a])
        a_matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(constraints), len(variables)))
        lower = np.array([b[0] for _, b in constraints])
        upper = np.array([b[1] for _, b in constraints])
        finite = np.isfinite(upper)
        a_ub = csr_matrix(np.vstack([a_matrix[finite].toarray(), -a_matrix.toarray()]))
        b_ub = np.concatenate([upper[finite], -lower])
        findings = Findings(threshold=self.threshold, questions=self.questions, answers=len(self.answers))
        for atoms, true in targets.items():
            c = np.zeros(len(variables))
            for a in atoms:
                if a in index:
                    c[index[a]] = 1.0
            if not c.any():
                continue
            low = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            high = linprog(-c, A_ub=a_ub, b_ub=b_ub, bounds=(0, None), method="highs")
            assert low.status == 0, low.message  # the truth is always feasible
            least = int(np.ceil(low.fun - 1e-6))
            greatest = np.inf if high.status == 3 else int(np.floor(-high.fun + 1e-6))
            findings.add(true, least, greatest)
        return findings


@dataclass
class Findings:
    threshold: int
    questions: int
    answers: int
    targets: int = 0
    exact: list[int] = field(default_factory=list)  # true values recovered exactly
    bounded: list[tuple[int, float]] = field(default_factory=list)  # (true, greatest) under the threshold

    def add(self, true: int, least: int, greatest: float) -> None:
        self.targets += 1
        assert least <= true <= greatest, (least, true, greatest)
        if least == greatest:
            self.exact.append(true)
        elif greatest < self.threshold:
            self.bounded.append((true, greatest))

    def __str__(self) -> str:
        return (
            f"{self.questions} questions, {self.answers} distinct answers, {self.targets} protected values: "
            f"{len(self.exact)} recovered exactly, {len(self.bounded)} more bounded below {self.threshold}"
        )


def targets_from(attacker: Attacker, counts: Counter) -> dict[frozenset, int]:
    """The values the platform protects: every answered cell and every atomic cell whose true count
    is from 1 to threshold - 1, and every cell it showed as "x" (whatever its count)."""
    t = attacker.threshold
    found: dict[frozenset, int] = {}
    for atoms in attacker.answers:
        true = sum(counts.get(a, 0) for a in atoms)
        if 0 < true < t:
            found[atoms] = true
    for atom in attacker.universe:
        if 0 < counts.get(atom, 0) < t:
            found[frozenset([atom])] = counts[atom]
    for atoms in attacker.hidden:
        found[atoms] = sum(counts.get(a, 0) for a in atoms)
    return found
