"""The learner's profile and IPA exam passes."""

from django.db.models import QuerySet

from core.models import User

from ..models import (
    Exam,
    ExamPass,
    LearnerProfile,
)
from .scope import _is_learner


def learner_profile_get(*, actor: User) -> LearnerProfile | None:
    """The actor's own profile, or None when they have not filled it in yet (or are anonymous)."""
    if not _is_learner(actor):
        return None
    return LearnerProfile.objects.filter(user=actor).first()


def exam_list() -> QuerySet[Exam]:
    """The IPA exams a learner can record a pass of (reference data, public)."""
    return Exam.objects.order_by("level", "code")


def exam_pass_list(*, actor: User) -> QuerySet[ExamPass]:
    """The actor's own exam passes, most recent first."""
    if not _is_learner(actor):
        return ExamPass.objects.none()
    return (
        ExamPass.objects.filter(learner=actor, voided_at__isnull=True)
        .select_related("exam")
        .order_by("-passed_on", "exam__code")
    )


def exam_pass_get(*, actor: User, code: str) -> ExamPass | None:
    """The actor's pass of the exam with this code; None for none (or anyone else's)."""
    return exam_pass_list(actor=actor).filter(exam__code=code).first()
