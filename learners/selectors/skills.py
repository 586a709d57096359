"""Target role, self-assessment and the skill gap (recommendations by role)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.models import User
from courses.models import Course, CourseSkill
from skills.models import Level, Role, RoleSkillRequirement, Skill, StandardVersion

from ..models import (
    Enrolment,
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
    def current_rank(self) -> int:
        """The learner's level now: the higher of the self-assessed and the earned level (0 = none)."""
        return max(_rank(self.self_assessed), _rank(self.earned))

    @property
    def gap(self) -> int:
        """Steps still missing to the required level; a level without rank (z) counts no gap."""
        return max(0, _rank(self.required) - self.current_rank)


@dataclass(frozen=True)
class Reason:
    """A skill a recommended course closes part of the gap on, and the level the course builds it to."""

    skill: Skill
    level: Level
    closes: int


@dataclass(frozen=True)
class Recommendation:
    course: Course
    score: int
    reasons: list[Reason]
    enrolment: Enrolment | None


@dataclass(frozen=True)
class SkillGap:
    role: Role
    rows: list[GapRow]
    recommendations: list[Recommendation]
    is_provisional: bool

    @property
    def total_gap(self) -> int:
        return sum(row.gap for row in self.rows)


def skill_gap_get(*, actor: User, limit: int = 10) -> SkillGap | None:
    """The actor's gap to their target role, skill by skill, and the courses that close most of it.

    A course's score is the sum over the role's skills of
    max(0, min(course level rank, required rank) − current rank), where the current rank is the
    higher of the self-assessed and the earned level. Published courses the actor has completed are
    left out, and so are courses that close nothing. Ranked by score, then by title and slug;
    at most `limit`. None when the actor has no target role.
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


def _recommendations(*, actor: User, rows: list[GapRow], limit: int) -> list[Recommendation]:
    open_rows = {row.skill.pk: row for row in rows if row.gap > 0}
    if not open_rows:
        return []
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(learner=actor)}
    completed = [course_id for course_id, e in enrolments.items() if e.is_completed]
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
            reasons.setdefault(item.course_id, []).append(Reason(item.skill, item.level, closes))
            courses[item.course_id] = item.course
    ranked = [
        Recommendation(
            course=courses[course_id],
            score=sum(reason.closes for reason in course_reasons),
            reasons=course_reasons,
            enrolment=enrolments.get(course_id),
        )
        for course_id, course_reasons in reasons.items()
    ]
    ranked.sort(key=lambda rec: (-rec.score, rec.course.title_ja, rec.course.slug))
    return ranked[:limit]


def target_role_choices(*, actor: User) -> QuerySet[Role]:
    """Roles a learner may aim for: those of the current DSS-P version, by type and order."""
    return (
        Role.objects.filter(version__is_current=True, version__part=StandardVersion.Part.PROMOTION)
        .select_related("hr_type")
        .order_by("hr_type__order", "order")
    )
