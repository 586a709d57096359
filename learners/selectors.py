"""Reads of learner data. Every selector takes the `actor` and returns only the actor's own rows."""

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from core.models import User
from courses.models import Course, CourseSkill, Lesson, Module
from skills.models import Level, Role, RoleSkillRequirement, Skill, StandardVersion

from . import credentials
from .models import (
    Credential,
    Enrolment,
    Exam,
    ExamPass,
    LearnerProfile,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)


def _is_learner(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated


# --- Profile -----------------------------------------------------------------------------------


def learner_profile_get(*, actor: User) -> LearnerProfile | None:
    """The actor's own profile, or None when they have not filled it in yet (or are anonymous)."""
    if not _is_learner(actor):
        return None
    return LearnerProfile.objects.filter(user=actor).first()


# --- Enrolments and progress -------------------------------------------------------------------


def _outline() -> Prefetch:
    return Prefetch(
        "course__modules",
        queryset=Module.objects.order_by("order").prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order"))
        ),
    )


def enrolment_list(*, actor: User) -> QuerySet[Enrolment]:
    """The actor's enrolments, newest first, with course, certificate (if issued), outline and
    completed lessons prefetched.

    Four queries whatever the number of enrolments; an anonymous actor gets none.
    """
    if not _is_learner(actor):
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(learner=actor)
        .select_related("course__provider", "credential")
        .prefetch_related(_outline(), "lesson_completions")
        .order_by("-created_at", "-pk")
    )


def enrolment_get(*, actor: User, uuid: UUID | str) -> Enrolment | None:
    """One of the actor's enrolments by its public id; None for anyone else's (so views answer 404)."""
    try:
        public_id = uuid if isinstance(uuid, UUID) else UUID(str(uuid))
    except ValueError:  # not a UUID at all: nobody's enrolment
        return None
    return enrolment_list(actor=actor).filter(uuid=public_id).first()


def enrolment_get_for_course(*, actor: User, course: Course) -> Enrolment | None:
    """The actor's enrolment in the course, or None (also for anonymous visitors)."""
    return enrolment_list(actor=actor).filter(course=course).first()


def course_lessons(*, course: Course) -> list[Lesson]:
    """Every lesson of the course in outline order (module order, then lesson order).

    Uses the prefetched outline when there is one (as enrolment_list and course_get provide).
    """
    return [lesson for module in course.modules.all() for lesson in module.lessons.all()]


@dataclass(frozen=True)
class Progress:
    """How far an enrolment is: required lessons completed of all required, and what comes next."""

    completed: int
    required: int
    percent: int
    next_lesson: Lesson | None
    completed_lesson_ids: frozenset[int] = field(default_factory=frozenset)


def enrolment_progress(*, enrolment: Enrolment) -> Progress:
    """Progress of one enrolment, computed from its prefetched outline and completions.

    `percent` is rounded down, so 100 means every required lesson is complete. `next_lesson` is the
    first required lesson not yet complete in outline order (None when all are).
    """
    done = frozenset(completion.lesson_id for completion in enrolment.lesson_completions.all())
    required = [lesson for lesson in course_lessons(course=enrolment.course) if lesson.is_required]
    completed = sum(1 for lesson in required if lesson.pk in done)
    # A course without required lessons is 100% once completed, 0% before.
    fallback = 100 if enrolment.is_completed else 0
    percent = completed * 100 // len(required) if required else fallback
    next_lesson = next((lesson for lesson in required if lesson.pk not in done), None)
    return Progress(completed, len(required), percent, next_lesson, done)


@dataclass(frozen=True)
class EnrolmentWithProgress:
    enrolment: Enrolment
    progress: Progress
    credential: "Credential | None" = None


def _issued_credential(enrolment: Enrolment) -> "Credential | None":
    try:
        return enrolment.credential
    except Credential.DoesNotExist:
        return None


def learning_overview(*, actor: User) -> tuple[list[EnrolmentWithProgress], list[EnrolmentWithProgress]]:
    """The actor's enrolments split into (in progress, completed), each with its progress and, once
    issued, the certificate of a completed one."""
    rows = [
        EnrolmentWithProgress(e, enrolment_progress(enrolment=e), _issued_credential(e))
        for e in enrolment_list(actor=actor)
    ]
    in_progress = [row for row in rows if not row.enrolment.is_completed]
    completed = sorted(
        (row for row in rows if row.enrolment.is_completed),
        key=lambda row: cast(dt.datetime, row.enrolment.completed_at),  # completed: never None
        reverse=True,
    )
    return in_progress, completed


def lesson_get(*, course: Course, lesson_id: int) -> Lesson | None:
    """One lesson of the course (with its quiz, questions and choices), or None if it is not the course's."""
    return (
        Lesson.objects.filter(pk=lesson_id, module__course=course)
        .select_related("module__course", "quiz")
        .prefetch_related("quiz__questions__choices")
        .first()
    )


def quiz_attempt_list(*, actor: User, enrolment: Enrolment, lesson: Lesson) -> QuerySet[QuizAttempt]:
    """The actor's attempts at the lesson's quiz within their enrolment, newest first."""
    if not _is_learner(actor) or enrolment.learner_id != actor.pk:
        return QuizAttempt.objects.none()
    return QuizAttempt.objects.filter(enrolment=enrolment, quiz__lesson=lesson).order_by("-created_at", "-pk")


# --- Target role, self-assessment and the skill gap --------------------------------------------


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


# --- Exam passes -------------------------------------------------------------------------------


def exam_list() -> QuerySet[Exam]:
    """The IPA exams a learner can record a pass of (reference data, public)."""
    return Exam.objects.order_by("level", "code")


def exam_pass_list(*, actor: User) -> QuerySet[ExamPass]:
    """The actor's own exam passes, most recent first."""
    if not _is_learner(actor):
        return ExamPass.objects.none()
    return ExamPass.objects.filter(learner=actor).select_related("exam").order_by("-passed_on", "exam__code")


def exam_pass_get(*, actor: User, code: str) -> ExamPass | None:
    """The actor's pass of the exam with this code; None for none (or anyone else's)."""
    return exam_pass_list(actor=actor).filter(exam__code=code).first()


# --- Certificates ------------------------------------------------------------------------------


def _parse_uuid(value: UUID | str) -> UUID | None:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        return None


def credential_list(*, actor: User) -> QuerySet[Credential]:
    """The actor's own certificates, newest first, with their course."""
    if not _is_learner(actor):
        return Credential.objects.none()
    return (
        Credential.objects.filter(learner=actor)
        .select_related("enrolment__course")
        .order_by("-issued_at", "-pk")
    )


def credential_get(*, actor: User, uuid: UUID | str) -> Credential | None:
    """One of the actor's certificates by its public id; None for anyone else's (so a 404)."""
    public_id = _parse_uuid(uuid)
    if public_id is None:
        return None
    return credential_list(actor=actor).filter(uuid=public_id).first()


def credential_get_public(*, uuid: UUID | str) -> Credential | None:
    """A certificate by its public id, for the public verification page and verify_credential.

    Anyone holding the (random, unguessable) id may see the certificate: that is what it is for.
    """
    public_id = _parse_uuid(uuid)
    if public_id is None:
        return None
    return Credential.objects.select_related("enrolment__course").filter(uuid=public_id).first()


_CREDENTIAL_ID = re.compile(r"/verify/([0-9a-fA-F-]{36})/credential\.json$")
_LEVEL = re.compile(r"proficiency level ([^)\s]+)\)")


def credential_for_document(*, document: Any) -> Credential | None:
    """Our stored certificate whose credential id is the document's `id`, or None."""
    credential_id = document.get("id") if isinstance(document, dict) else None
    match = _CREDENTIAL_ID.search(credential_id) if isinstance(credential_id, str) else None
    credential = credential_get_public(uuid=match.group(1)) if match else None
    if credential is None or credential.document.get("id") != credential_id:
        return None
    return credential


class Verdict(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    FOREIGN = "foreign"


# Shown in both languages whatever the interface language: a verifier (an employer, a school
# abroad) may not read the learner's language.
VERDICT_LABELS = {
    Verdict.VALID: ("有効", "Valid"),
    Verdict.REVOKED: ("取り消し済み", "Revoked"),
    Verdict.TAMPERED: ("改ざんされています", "Tampered"),
    Verdict.FOREIGN: ("このプラットフォームの発行ではありません", "Not issued by this platform"),
}


@dataclass(frozen=True)
class AlignedSkill:
    name: str
    code: str
    level: str
    url: str


@dataclass(frozen=True)
class CredentialCheck:
    """The verdict on a credential document, with what the document states (for display)."""

    verdict: Verdict
    reason: str
    credential: Credential | None
    course: str
    learner_name: str
    issued_at: dt.datetime | None
    issuer_id: str
    skills: list[AlignedSkill]

    @property
    def is_valid(self) -> bool:
        return self.verdict == Verdict.VALID

    @property
    def label_ja(self) -> str:
        return VERDICT_LABELS[self.verdict][0]

    @property
    def label_en(self) -> str:
        return VERDICT_LABELS[self.verdict][1]


def trusted_issuer_dids() -> frozenset[str]:
    """The platform's issuer DID, and those of earlier keys kept after a key rotation."""
    return frozenset({credentials.issuer_did(), *settings.CREDENTIAL_PREVIOUS_ISSUER_DIDS})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _issued_at(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(_text(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _skills(achievement: dict) -> list[AlignedSkill]:
    alignments = achievement.get("alignment")
    skills = []
    for item in alignments if isinstance(alignments, list) else []:
        item = _mapping(item)
        level = _LEVEL.search(_text(item.get("targetDescription")))
        skills.append(
            AlignedSkill(
                name=_text(item.get("targetName")),
                code=_text(item.get("targetCode")),
                level=level.group(1) if level else "",
                url=_text(item.get("targetUrl")),
            )
        )
    return skills


def credential_check(*, document: Any, credential: Credential | None = None) -> CredentialCheck:
    """Verdict on a credential document: ours, stored (`credential`), or uploaded (found by its id).

    Tampered: the signature does not verify, or (for a stored credential) it was not signed by
    one of this platform's keys. Foreign: a validly signed credential of another issuer. Revoked:
    a genuine credential that we revoked. Valid otherwise. Never raises on malformed input.
    """
    if credential is None:
        credential = credential_for_document(document=document)
    result = credentials.verify(document)
    issuer = _text(document.get("issuer")) if isinstance(document, dict) else ""
    if isinstance(document, dict) and not issuer:
        issuer = _text(_mapping(document.get("issuer")).get("id"))
    if not result.is_valid:
        verdict, reason = Verdict.TAMPERED, result.reason
    elif issuer not in trusted_issuer_dids():
        reason = f"issuer {issuer} is not one of this platform's signing keys"
        verdict = Verdict.TAMPERED if credential is not None else Verdict.FOREIGN
    elif credential is not None and credential.is_revoked:
        verdict, reason = Verdict.REVOKED, credential.revocation_reason
    else:
        verdict, reason = Verdict.VALID, result.reason
    subject = _mapping(document.get("credentialSubject")) if isinstance(document, dict) else {}
    achievement = _mapping(subject.get("achievement"))
    return CredentialCheck(
        verdict=verdict,
        reason=reason,
        credential=credential,
        course=_text(achievement.get("name")),
        learner_name=_text(subject.get("name")),
        issued_at=_issued_at(document.get("validFrom")) if isinstance(document, dict) else None,
        issuer_id=issuer,
        skills=_skills(achievement),
    )
