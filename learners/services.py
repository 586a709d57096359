"""Every write of the learners app. Callers pass rows they have already scoped to the actor
(an enrolment from `selectors.enrolment_get(actor=...)`), so no service ever touches another
learner's data."""

import datetime
import logging
import uuid
from collections.abc import Mapping
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from core.queue import enqueue, enqueue_on_commit
from core.reference import LoadReport, reference_upsert
from courses.models import Course, CourseSkill, Lesson, Quiz
from skills.models import Level, Role, Skill, StandardVersion

from . import credentials
from .models import (
    Credential,
    Enrolment,
    Exam,
    ExamPass,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)

# --- Profile -----------------------------------------------------------------------------------


@transaction.atomic
def learner_profile_save(
    *,
    user: User,
    prefecture: str,
    age_band: str,
    employment_status: str,
    industry: str,
    organisation: str = "",
    consents_to_statistics: bool = False,
) -> LearnerProfile:
    """Create or update the user's own profile; validated with full_clean (ValidationError → 400).

    The consent time is set when consent is given (kept while it stays given) and cleared when
    it is withdrawn.
    """
    profile = LearnerProfile.objects.select_for_update().filter(user=user).first() or LearnerProfile(
        user=user
    )
    profile.prefecture = prefecture
    profile.age_band = age_band
    profile.employment_status = employment_status
    profile.industry = industry
    profile.organisation = organisation.strip()
    if consents_to_statistics and not profile.consents_to_statistics:
        profile.statistics_consent_at = timezone.now()
    elif not consents_to_statistics:
        profile.statistics_consent_at = None
    profile.consents_to_statistics = consents_to_statistics
    profile.full_clean()
    profile.save()
    return profile


# --- Enrolment and progress --------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, learner: User, course: Course) -> Enrolment:
    """Enrol a learner in a published course. Idempotent: repeating it returns the existing enrolment."""
    if not course.is_published:
        raise ApplicationError(_("This course is not open for enrolment."))
    enrolment, created = Enrolment.objects.get_or_create(learner=learner, course=course)
    if created:
        enrolment.full_clean()
    return enrolment


def _check_lesson_of_enrolment(*, enrolment: Enrolment, lesson: Lesson) -> None:
    if lesson.module.course_id != enrolment.course_id:
        raise ApplicationError(
            _("This lesson is not part of the course of this enrolment."),
            extra={"fields": {"lesson": [_("This lesson is not part of the course of this enrolment.")]}},
        )


def _has_questions(lesson: Lesson) -> bool:
    quiz = Quiz.objects.filter(lesson=lesson).first()
    return quiz is not None and quiz.questions.exists()


def _record_completion(*, enrolment: Enrolment, lesson: Lesson) -> LessonCompletion:
    completion, created = LessonCompletion.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    if created:
        completion.full_clean()
    if not enrolment.is_completed and not _required_lessons_left(enrolment=enrolment).exists():
        enrolment_complete(enrolment=enrolment)
    return completion


def _required_lessons_left(*, enrolment: Enrolment) -> QuerySet[Lesson]:
    return Lesson.objects.filter(module__course_id=enrolment.course_id, is_required=True).exclude(
        completions__enrolment=enrolment
    )


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, lesson: Lesson) -> LessonCompletion:
    """Mark a lesson of the enrolment's course complete; idempotent.

    A quiz lesson with questions is completed only by passing the quiz (quiz_attempt_submit).
    Completing the last required lesson completes the enrolment (enrolment_complete).
    """
    _check_lesson_of_enrolment(enrolment=enrolment, lesson=lesson)
    if lesson.kind == Lesson.Kind.QUIZ and _has_questions(lesson):
        raise ApplicationError(_("Pass the quiz to complete this lesson."))
    return _record_completion(enrolment=enrolment, lesson=lesson)


@transaction.atomic
def quiz_attempt_submit(*, enrolment: Enrolment, lesson: Lesson, answers: Mapping[int, int]) -> QuizAttempt:
    """Score the answers (question id → choice id) to the lesson's quiz and record the attempt.

    Every question of the quiz must be answered with one of its own choices; an answer to a
    question outside the quiz, or a choice of another question, raises ApplicationError and
    records nothing. A score (percent, rounded down) at or above the pass mark completes the lesson.
    """
    _check_lesson_of_enrolment(enrolment=enrolment, lesson=lesson)
    quiz = Quiz.objects.filter(lesson=lesson).prefetch_related("questions__choices").first()
    if quiz is None:
        raise ApplicationError(_("This lesson has no quiz."))
    questions = {question.pk: question for question in quiz.questions.all()}
    if not questions:
        raise ApplicationError(_("This quiz has no questions yet."))

    unknown = sorted(set(answers) - set(questions))
    if unknown:
        message = _("Question %(ids)s is not part of this quiz.") % {"ids": ", ".join(map(str, unknown))}
        raise ApplicationError(message, extra={"fields": {"answers": [message]}})
    missing = [pk for pk in questions if pk not in answers]
    if missing:
        message = _("Answer every question: %(count)d unanswered.") % {"count": len(missing)}
        raise ApplicationError(message, extra={"fields": {"answers": [message]}})
    correct = 0
    for question_id, choice_id in answers.items():
        choices = {choice.pk: choice for choice in questions[question_id].choices.all()}
        if choice_id not in choices:
            message = _("Choice %(choice)s is not an answer to question %(question)s.") % {
                "choice": choice_id,
                "question": question_id,
            }
            raise ApplicationError(message, extra={"fields": {"answers": [message]}})
        correct += choices[choice_id].is_correct

    score = correct * 100 // len(questions)
    attempt = QuizAttempt(
        enrolment=enrolment,
        quiz=quiz,
        answers={str(question_id): choice_id for question_id, choice_id in answers.items()},
        correct_count=correct,
        question_count=len(questions),
        score=score,
        is_passed=score >= quiz.pass_mark,
    )
    attempt.full_clean()
    attempt.save()
    if attempt.is_passed:
        _record_completion(enrolment=enrolment, lesson=lesson)
    return attempt


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment) -> Enrolment:
    """Mark the enrolment completed once every required lesson is complete. Idempotent.

    Raises ApplicationError while required lessons remain. Called by lesson_complete and
    quiz_attempt_submit when the last required lesson is done.
    """
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.is_completed:
        enrolment.completed_at = locked.completed_at
        return enrolment
    if _required_lessons_left(enrolment=enrolment).exists():
        raise ApplicationError(_("Complete every required lesson before finishing the course."))
    enrolment.completed_at = timezone.now()
    enrolment.full_clean()
    enrolment.save(update_fields=["completed_at", "updated_at"])
    _enqueue_credential_issue(enrolment_id=enrolment.pk)
    return enrolment


def _enqueue_credential_issue(*, enrolment_id: int) -> None:
    from .tasks import credential_issue_task  # local import: tasks import services

    enqueue_on_commit(credential_issue_task, enrolment_id)


# A completion's certificate is normally issued within seconds; past this the sweep enqueues it again.
CREDENTIAL_DEADLINE = datetime.timedelta(minutes=5)
SWEEP_BATCH = 1000


def credential_sweep(*, now: datetime.datetime | None = None) -> int:
    """Enqueue the certificate of every enrolment completed more than CREDENTIAL_DEADLINE ago that has
    none (its task was lost to a broker outage or a killed worker). Idempotent: issuing is. Returns
    how many were enqueued (at most SWEEP_BATCH a run; the next run takes the rest)."""
    from .tasks import credential_issue_task

    now = now or timezone.now()
    pending = (
        Enrolment.objects.filter(completed_at__lt=now - CREDENTIAL_DEADLINE, credential__isnull=True)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(enqueue(credential_issue_task, pk) for pk in pending)


# --- Target role and self-assessment -----------------------------------------------------------


@transaction.atomic
def target_role_set(*, learner: User, role: Role) -> TargetRole:
    """Set (or replace) the learner's target role; only a role of the current DSS-P version."""
    if not role.version.is_current or role.version.part != StandardVersion.Part.PROMOTION:
        raise ApplicationError(
            _("Choose a role of the current version of the standard."),
            extra={"fields": {"role": [_("Choose a role of the current version of the standard.")]}},
        )
    target = TargetRole.objects.filter(learner=learner).first() or TargetRole(learner=learner)
    target.role = role
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def self_assessment_save(*, learner: User, ratings: Mapping[Skill, Level | None]) -> list[SelfAssessment]:
    """Save the learner's rating (a level of a–d, or None for "none") of each given skill.

    Ratings of skills not given are left as they are. All-or-nothing: a level of another version,
    or one without a rank (z), raises ValidationError and saves nothing.
    """
    saved = []
    existing = {
        row.skill_id: row for row in SelfAssessment.objects.filter(learner=learner, skill__in=ratings)
    }
    for skill, level in ratings.items():
        row = existing.get(skill.pk) or SelfAssessment(learner=learner, skill=skill)
        row.level = level
        row.full_clean()
        row.save()
        saved.append(row)
    return saved


EXAMS_FILE = Path(__file__).resolve().parent / "data" / "exams.yaml"


@transaction.atomic
def exam_reference_load(*, path: Path = EXAMS_FILE) -> LoadReport:
    """Load or update the IPA exams from the project's reference copy. Idempotent, all-or-nothing.

    Exams absent from the file are kept (passes refer to them).
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    report = LoadReport()
    for row in data["exams"]:
        values = {
            "name_ja": row["name_ja"],
            "name_en": row.get("name_en", ""),
            "level": int(row["level"]),
            "hr_type_slug": row.get("hr_type_slug", ""),
            "verification": row.get("verification", "unverified"),
            "sources": row.get("sources", []),
            "provenance_note": row.get("note", ""),
        }
        reference_upsert(Exam, lookup={"code": row["code"]}, values=values, report=report)
    return report


@transaction.atomic
def exam_pass_delete(*, exam_pass: ExamPass) -> None:
    """Delete one of a learner's exam passes; the caller passes a row scoped to the actor."""
    exam_pass.delete()


@transaction.atomic
def exam_pass_record(
    *, learner: User, exam: Exam, passed_on: datetime.date, certificate_number: str = ""
) -> ExamPass:
    """Record (or correct the date of) a learner's pass of an exam; one pass per exam."""
    exam_pass = ExamPass.objects.filter(learner=learner, exam=exam).first() or ExamPass(
        learner=learner, exam=exam
    )
    exam_pass.passed_on = passed_on
    exam_pass.certificate_number = certificate_number
    exam_pass.full_clean()
    exam_pass.save()
    return exam_pass


# --- Certificates (Open Badges 3.0 credentials) ------------------------------------------------

logger = logging.getLogger(__name__)

ISSUER_NAME = "デジタルスキル・プラットフォーム (Digital Skills Platform)"


def absolute_url(path: str) -> str:
    """`path` on the platform's public address (settings.PLATFORM_BASE_URL, never a Host header)."""
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}"


def credential_json_path(credential_uuid: uuid.UUID | str) -> str:
    return f"/verify/{credential_uuid}/credential.json"


def _learner_name(learner: User) -> str:
    """The learner's name in Japanese order (family name first); empty when none is given."""
    return " ".join(part for part in (learner.last_name.strip(), learner.first_name.strip()) if part)


def _course_achievement(course: Course) -> credentials.CourseAchievement:
    course_skills = (
        CourseSkill.objects.filter(course=course)
        .select_related("skill__version", "level")
        .order_by("skill__order", "skill__slug")
    )
    alignments = [
        credentials.Alignment(
            target_name=item.skill.name_ja,
            target_url=absolute_url(
                f"/api/v1/skills/case/{item.skill.version.slug}/CFItems/{item.skill.uuid}"
            ),
            target_code=item.skill.slug,
            target_framework=f"{item.skill.version.name_ja} {item.skill.version.version}",
            level=item.level.slug,
        )
        for item in course_skills
    ]
    return credentials.CourseAchievement(
        course_url=absolute_url(course.get_absolute_url()),
        title_ja=course.title_ja,
        title_en=course.title_en,
        summary_ja=course.summary_ja,
        summary_en=course.summary_en,
        hours=course.hours,
        alignments=alignments,
    )


@transaction.atomic
def credential_issue(*, enrolment: Enrolment) -> Credential:
    """Issue the signed Open Badges 3.0 credential of a completed enrolment. Idempotent.

    Returns the existing credential when there is one (the enrolment row is locked first, so two
    concurrent runs issue one). Raises ApplicationError for an enrolment not yet completed.
    The subject id is `urn:uuid:<credential uuid>`: pseudonymous, never the e-mail address.
    """
    locked = Enrolment.objects.select_for_update().select_related("course", "learner").get(pk=enrolment.pk)
    existing = Credential.objects.filter(enrolment=locked).first()
    if existing is not None:
        return existing
    if not locked.is_completed:
        raise ApplicationError(_("A certificate is issued only for a completed course."))
    public_id = uuid.uuid4()
    issued_at = timezone.now().replace(microsecond=0)
    unsigned = credentials.build_credential(
        credential_url=absolute_url(credential_json_path(public_id)),
        issuer_name=ISSUER_NAME,
        issuer_url=absolute_url("/"),
        learner_id=str(public_id),
        learner_name=_learner_name(locked.learner),
        achievement=_course_achievement(locked.course),
        issued_at=issued_at,
    )
    credential = Credential(
        uuid=public_id,
        enrolment=locked,
        learner=locked.learner,
        document=credentials.sign(unsigned, created=issued_at),
        issued_at=issued_at,
        is_demo=locked.learner.is_demo,
    )
    credential.full_clean()
    credential.save()
    logger.info("Issued credential %s for enrolment %s", credential.uuid, locked.uuid)
    return credential


def can_revoke_credentials(user: User | None) -> bool:
    """Superusers, and active staff with the change permission on credentials."""
    return bool(
        user is not None
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.has_perm("learners.change_credential"))
    )


@transaction.atomic
def credential_revoke(*, credential: Credential, reason: str, actor: User) -> Credential:
    """Revoke a credential with a reason; only superusers or staff with the change permission.

    Raises PermissionDenied for anyone else and ValidationError (naming `revocation_reason`) for an
    empty reason; both change nothing. Revoking an already revoked credential changes nothing.
    Records who revoked it in the admin log (LogEntry) and in the row.
    """
    if not can_revoke_credentials(actor):
        raise PermissionDenied(_("Only staff allowed to change credentials may revoke them."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"revocation_reason": [_("Give the reason for revoking the credential.")]})
    locked = Credential.objects.select_for_update().get(pk=credential.pk)
    if locked.is_revoked:
        return locked
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.revoked_by = actor
    locked.full_clean()
    locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by", "updated_at"])
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[locked],
        action_flag=CHANGE,
        change_message=f"Revoked: {reason}",
        single_object=True,
    )
    logger.info("Credential %s revoked by user %s", locked.uuid, actor.pk)
    return locked


# --- Login throttling (django-axes) ------------------------------------------------------------


def login_name_of(request: object, credentials: Mapping[str, object] | None) -> str:
    """The name a login attempt is counted under (AXES_USERNAME_CALLABLE): the account's username,
    whether it signs in by e-mail (the portal; allauth passes `email`) or by username (admin), so
    failures and the success that clears them meet; an address of no account counts as itself.
    Lower-cased, so case does not split counts."""
    credentials = credentials or {}
    post = getattr(request, "POST", {}) or {}
    given = ""
    for value in (
        credentials.get("email"),
        credentials.get("username"),
        post.get("login"),
        post.get("username"),
    ):
        if value:
            given = str(value).strip()
            break
    if "@" in given:
        username = User.objects.filter(email__iexact=given).values_list("username", flat=True).first()
        given = username or given
    return given.lower()


def login_lockout_clear(*, user: User) -> int:
    """Forget the failed logins of a user, under both names they sign in with (after a password
    reset, so the owner is never kept out by what someone else typed). Returns attempts removed."""
    from axes.utils import reset

    names = {name.strip().lower() for name in (user.email, user.get_username()) if name}
    return sum(reset(username=name) for name in names)
