"""Target role, self-assessment and the skill gap (recommendations by role)."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from core.models import User
from courses.models import Course, CourseSkill
from skills.models import Level, Role, RoleSkillRequirement, Skill, StandardVersion

from ..models import (
    Enrolment,
    LearnerProfile,
    SelfAssessment,
    TargetRole,
)
from .scope import _is_learner


def target_role_get(*, actor: User) -> TargetRole | None:
    """The actor's target role (with its version and type), or None."""
    if not _is_learner(actor):
        return None
    return TargetRole.objects.filter(learner=actor).select_related("role__version", "role__hr_type").first()


def role_requirements(*, role: Role) -> list[RoleSkillRequirement]:
    """The skills the role requires with their levels, in the common skill list's order."""
    return list(
        RoleSkillRequirement.objects.filter(role=role)
        .select_related("level", "skill__subcategory__category")
        .order_by("skill__order")
    )


def self_assessment_map(*, actor: User, skills: list[Skill]) -> dict[int, Level | None]:
    """Skill id → the level the actor rated themselves at (None for "none") for the rated skills."""
    if not _is_learner(actor):
        return {}
    return {
        row.skill_id: row.level
        for row in SelfAssessment.objects.filter(learner=actor, skill__in=skills).select_related("level")
    }


def earned_level_map(*, actor: User, skills: list[Skill]) -> dict[int, Level]:
    """Skill id → the highest level that the actor's completed courses build, for the given skills."""
    if not _is_learner(actor):
        return {}
    earned: dict[int, Level] = {}
    course_skills = CourseSkill.objects.filter(
        skill__in=skills,
        course__enrolments__learner=actor,
        course__enrolments__completed_at__isnull=False,
    ).select_related("level")
    for item in course_skills:
        best = earned.get(item.skill_id)
        if item.level.rank and (best is None or item.level.rank > (best.rank or 0)):
            earned[item.skill_id] = item.level
    return earned


def _rank(level: Level | None) -> int:
    return (level.rank or 0) if level else 0


def importance(level: Level) -> int:
    """How much a skill weighs for a role that requires it at `level`: a 8, b 4, c 2, d 1, z 0.

    Each ranked level counts twice the one below it, so one level step on a skill the role needs
    at a outweighs one step on a b skill and equals two; z ("may be needed") has no rank and no weight.
    """
    rank = _rank(level)
    return 2 ** (rank - 1) if rank else 0


@dataclass(frozen=True)
class GapRow:
    """One required skill: the level required, the learner's own rating and the level courses gave."""

    requirement: RoleSkillRequirement
    self_assessed: Level | None
    earned: Level | None

    @property
    def skill(self) -> Skill:
        return self.requirement.skill

    @property
    def required(self) -> Level:
        return self.requirement.level

    @property
    def importance(self) -> int:
        return importance(self.required)

    @property
    def current_rank(self) -> int:
        """The learner's level now: the higher of the self-assessed and the earned level (0 = none)."""
        return max(_rank(self.self_assessed), _rank(self.earned))

    @property
    def gap(self) -> int:
        """Steps still missing to the required level; a level without rank (z) counts no gap."""
        return max(0, _rank(self.required) - self.current_rank)


@dataclass(frozen=True)
class Reason:
    """A skill a recommended course closes part of the gap on: the level the course builds it to,
    the level the role requires, and the steps of the learner's gap it closes."""

    skill: Skill
    level: Level
    closes: int
    required: Level

    @property
    def weight(self) -> int:
        """The steps closed, weighted by how much the role needs the skill."""
        return self.closes * importance(self.required)

    @property
    def distance(self) -> int:
        """How far the course's level is from the role's (above or below): 0 is an exact fit."""
        return abs(_rank(self.level) - _rank(self.required))


@dataclass(frozen=True)
class Availability:
    """How easily the learner can take a course, the last criterion of the ranking."""

    is_open: bool  # self-paced and not over, or its run starts today or later
    is_free: bool
    format: str
    is_in_prefecture: bool  # on site in the learner's profile prefecture

    @property
    def reach(self) -> int:
        """2: online, or on site in the learner's prefecture; 1: hybrid elsewhere; 0: on site elsewhere."""
        if self.format == Course.Format.ONLINE or self.is_in_prefecture:
            return 2
        return 1 if self.format == Course.Format.HYBRID else 0

    @property
    def key(self) -> tuple[bool, bool, int]:
        """Larger is more available: open runs first, then free, then reachable."""
        return (self.is_open, self.is_free, self.reach)


@dataclass(frozen=True)
class Recommendation:
    """A course and why it is recommended.

    `score` is the gap it closes weighted by the role's importance of each skill; `steps` the
    plain level steps; `distance` the sum of the reasons' distances between the level the course
    builds and the level the role requires. Reasons come most important first.
    """

    course: Course
    score: int
    reasons: list[Reason]
    enrolment: Enrolment | None
    availability: Availability

    @property
    def steps(self) -> int:
        return sum(reason.closes for reason in self.reasons)

    @property
    def distance(self) -> int:
        return sum(reason.distance for reason in self.reasons)


LEADING_GAPS = 3


@dataclass(frozen=True)
class SkillGap:
    role: Role
    rows: list[GapRow]
    recommendations: list[Recommendation]
    is_provisional: bool

    @property
    def total_gap(self) -> int:
        return sum(row.gap for row in self.rows)

    @property
    def open_rows(self) -> list[GapRow]:
        """The skills with a gap, largest first (then the more important, then the skill list's order)."""
        rows = [row for row in self.rows if row.gap]
        return sorted(rows, key=lambda row: (-row.gap, -row.importance, row.skill.order, row.skill.slug))

    @property
    def largest_gaps(self) -> list[GapRow]:
        """The three largest gaps, which the page leads with."""
        return self.open_rows[:LEADING_GAPS]

    @property
    def other_gaps(self) -> list[GapRow]:
        return self.open_rows[LEADING_GAPS:]

    @property
    def closed_rows(self) -> list[GapRow]:
        """Skills met, or required only at z (unranked): the page folds them away."""
        return [row for row in self.rows if not row.gap]


def skill_gap_get(*, actor: User, limit: int = 10) -> SkillGap | None:
    """The actor's gap to their target role, skill by skill, and the courses that close most of it.

    A course closes max(0, min(course level rank, required rank) − current rank) steps on each of
    the role's skills, where the current rank is the higher of the self-assessed and the earned
    level. Its score weights those steps by the role's required level (a 8, b 4, c 2, d 1, z 0:
    see `importance`). Ranked by score, then by level closeness (the sum of the distances between
    the level the course builds and the level the role requires, smaller first), then by
    availability (open run, free, online or in the learner's prefecture), then Japanese title
    and slug. Published courses the actor has completed are left out, and so are courses that
    close nothing. At most `limit`. None when the actor has no target role. Reads only the actor's
    rows.
    """
    target = target_role_get(actor=actor)
    if target is None:
        return None
    requirements = role_requirements(role=target.role)
    skills = [req.skill for req in requirements]
    assessed = self_assessment_map(actor=actor, skills=skills)
    earned = earned_level_map(actor=actor, skills=skills)
    rows = [GapRow(req, assessed.get(req.skill_id), earned.get(req.skill_id)) for req in requirements]
    return SkillGap(
        role=target.role,
        rows=rows,
        recommendations=_recommendations(actor=actor, rows=rows, limit=limit),
        is_provisional=any(req.is_provisional for req in requirements),
    )


def _is_open(course: Course, today: datetime.date) -> bool:
    """A course one can still join: self-paced (no start date) and not over, or starting today or later."""
    if course.starts_on is None:
        return course.ends_on is None or course.ends_on >= today
    return course.starts_on >= today


def _recommendations(*, actor: User, rows: list[GapRow], limit: int) -> list[Recommendation]:
    open_rows = {row.skill.pk: row for row in rows if row.gap > 0}
    if not open_rows:
        return []
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(learner=actor)}
    completed = [course_id for course_id, e in enrolments.items() if e.is_completed]
    prefecture = LearnerProfile.objects.filter(user=actor).values_list("prefecture", flat=True).first()
    candidates = (
        CourseSkill.objects.filter(skill_id__in=open_rows, course__is_published=True)
        .exclude(course_id__in=completed)
        .select_related("course__provider", "skill", "level")
        .order_by("skill__order")
    )
    reasons: dict[int, list[Reason]] = {}
    courses: dict[int, Course] = {}
    for item in candidates:
        row = open_rows[item.skill_id]
        closes = max(0, min(_rank(item.level), _rank(row.required)) - row.current_rank)
        if closes:
            reasons.setdefault(item.course_id, []).append(
                Reason(item.skill, item.level, closes, row.required)
            )
            courses[item.course_id] = item.course
    today = timezone.localdate()
    ranked = []
    for course_id, course_reasons in reasons.items():
        course = courses[course_id]
        course_reasons.sort(key=lambda r: (-importance(r.required), -r.closes, r.skill.order, r.skill.slug))
        ranked.append(
            Recommendation(
                course=course,
                score=sum(reason.weight for reason in course_reasons),
                reasons=course_reasons,
                enrolment=enrolments.get(course_id),
                availability=Availability(
                    is_open=_is_open(course, today),
                    is_free=course.is_free,
                    format=course.format,
                    is_in_prefecture=bool(prefecture) and course.prefecture == prefecture,
                ),
            )
        )
    ranked.sort(
        key=lambda rec: (
            -rec.score,
            rec.distance,
            tuple(-int(value) for value in rec.availability.key),
            rec.course.title_ja,
            rec.course.slug,
        )
    )
    return ranked[:limit]


def target_role_choices(*, actor: User) -> QuerySet[Role]:
    """Roles a learner may aim for: those of the current DSS-P version, by type and order."""
    return (
        Role.objects.filter(version__is_current=True, version__part=StandardVersion.Part.PROMOTION)
        .select_related("hr_type")
        .order_by("hr_type__order", "order")
    )
