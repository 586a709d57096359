"""Everything the platform holds about one learner, as one JSON-ready document (APPI: the person's
right to see their own data). Only the actor's own rows; a bounded number of queries."""

from typing import Any

from allauth.account.models import EmailAddress

from consortia.models import Participation
from core.models import User

from ..models import (
    Credential,
    Enrolment,
    ExamPass,
    ExternalCompletion,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)

EXPORT_FORMAT = "digital-skills-platform/learner-export/1"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def learner_data_export(*, actor: User) -> dict[str, Any]:
    """The actor's own data: account, profile, enrolments with lessons and quiz attempts, reported
    completions (with disputes), exam passes, target role and self-assessment, credentials as issued,
    and consortium event participations."""
    profile = LearnerProfile.objects.filter(user=actor).first()
    target = TargetRole.objects.filter(learner=actor).select_related("role").first()
    lessons: dict[int, list[dict[str, Any]]] = {}
    for row in LessonCompletion.objects.filter(enrolment__learner=actor).select_related("lesson"):
        lessons.setdefault(row.enrolment_id, []).append(
            {"lesson": row.lesson.title_ja, "completed_at": _iso(row.completed_at)}
        )
    attempts: dict[int, list[dict[str, Any]]] = {}
    for attempt in QuizAttempt.objects.filter(enrolment__learner=actor).select_related("quiz__lesson"):
        attempts.setdefault(attempt.enrolment_id, []).append(
            {
                "quiz": attempt.quiz.lesson.title_ja,
                "answers": attempt.answers,
                "score": attempt.score,
                "passed": attempt.is_passed,
                "submitted_at": _iso(attempt.created_at),
            }
        )
    return {
        "format": EXPORT_FORMAT,
        "account": {
            "username": actor.username,
            "email": actor.email,
            "family_name": actor.last_name,
            "given_name": actor.first_name,
            "joined_at": _iso(actor.date_joined),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=actor).order_by("pk")
            ],
        },
        "profile": None
        if profile is None
        else {
            "prefecture": profile.prefecture,
            "age_band": profile.age_band,
            "employment_status": profile.employment_status,
            "industry": profile.industry,
            "organisation": profile.organisation,
            "name_kanji": profile.name_kanji,
            "name_romanised": profile.name_romanised,
            "consents_to_statistics": profile.consents_to_statistics,
            "statistics_consent_at": _iso(profile.statistics_consent_at),
        },
        "enrolments": [
            {
                "id": str(enrolment.uuid),
                "course": enrolment.course.slug,
                "course_title": enrolment.course.title_ja,
                "enrolled_at": _iso(enrolment.created_at),
                "completed_at": _iso(enrolment.completed_at),
                "lessons_completed": lessons.get(enrolment.pk, []),
                "quiz_attempts": attempts.get(enrolment.pk, []),
            }
            for enrolment in Enrolment.objects.filter(learner=actor).select_related("course").order_by("pk")
        ],
        "external_completions": [
            {
                "id": str(row.uuid),
                "provider": row.provider.slug,
                "course": row.course.slug,
                "course_title": row.course.title_ja,
                "reported_as": row.channel,
                "record_id": row.record_id,
                "completed_at": _iso(row.completed_at),
                "score_scaled": None if row.score_scaled is None else str(row.score_scaled),
                "status": row.status,
                "dispute": None
                if row.disputed_at is None
                else {
                    "reason": row.dispute_reason,
                    "disputed_at": _iso(row.disputed_at),
                    "resolved_at": _iso(row.resolved_at),
                    "resolution": row.resolution_note,
                },
            }
            for row in ExternalCompletion.objects.filter(learner=actor)
            .select_related("provider", "course")
            .order_by("pk")
        ],
        "exam_passes": [
            {
                "exam": row.exam.code,
                "passed_on": row.passed_on.isoformat(),
                "certificate_number": row.certificate_number,
            }
            for row in ExamPass.objects.filter(learner=actor).select_related("exam").order_by("pk")
        ],
        "target_role": None
        if target is None
        else {"role": target.role.slug, "set_at": _iso(target.updated_at)},
        "self_assessments": [
            {
                "skill": row.skill.slug,
                "level": row.level.slug if row.level else None,
                "assessed_at": _iso(row.updated_at),
            }
            for row in SelfAssessment.objects.filter(learner=actor)
            .select_related("skill", "level")
            .order_by("pk")
        ],
        "credentials": [
            {
                "id": str(row.uuid),
                "issued_at": _iso(row.issued_at),
                "revoked_at": _iso(row.revoked_at),
                "document": row.document,
            }
            for row in Credential.objects.filter(learner=actor).order_by("pk")
        ],
        "event_participations": [
            {
                "id": str(row.uuid),
                "programme": row.event.programme.name_ja,
                "venue": row.event.venue,
                "starts_at": _iso(row.event.starts_at),
                "status": row.status,
                "registered_at": _iso(row.registered_at),
            }
            for row in Participation.objects.filter(learner=actor)
            .select_related("event__programme")
            .order_by("pk")
        ],
    }
