"""Uploaded rows waiting for their person (UploadWaitingRow, completions and exam passes alike):
recorded when the learner verifies the address, or when provider staff say who the person is."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.models import User
from courses.models import Provider
from learners.models import ExternalCompletion
from learners.services import (
    ReportedCompletion,
    ReportedExamPass,
    exam_passes_record,
    external_completions_record,
    learner_account_link,
)

from ..models import UploadWaitingRow


def _record(*, provider: Provider, rows: list[UploadWaitingRow], learner_id: int) -> None:
    """Record one provider's waiting rows for the learner, each by its kind (the check constraint
    guarantees a completion its course and day, an exam pass its exam and day)."""
    completions, passes = [], []
    for row in rows:
        if row.kind == UploadWaitingRow.Kind.EXAM_PASSES:
            assert row.exam_id is not None  # noqa: S101  (narrowing)
            assert row.passed_on is not None  # noqa: S101  (narrowing)
            passes.append(
                ReportedExamPass(
                    learner_id=learner_id,
                    exam_id=row.exam_id,
                    record_id=row.record_id,
                    passed_on=row.passed_on,
                    certificate_number=row.certificate_number,
                )
            )
        else:
            assert row.course_id is not None  # noqa: S101  (narrowing)
            assert row.completed_at is not None  # noqa: S101  (narrowing)
            completions.append(
                ReportedCompletion(
                    learner_id=learner_id,
                    course_id=row.course_id,
                    record_id=row.record_id,
                    completed_at=row.completed_at,
                    score_scaled=row.score_scaled,
                )
            )
    external_completions_record(
        provider=provider, channel=ExternalCompletion.Channel.UPLOAD, completions=completions
    )
    exam_passes_record(provider=provider, passes=passes)


def waiting_uploads_match_email(*, learner: User, email: str) -> int:
    """A learner verified `email`: their uploaded completions and exam passes waiting for that address
    are recorded (an exam the learner holds a pass of already keeps the earlier pass). Idempotent;
    returns how many waiting rows were settled."""
    with transaction.atomic():
        rows = list(
            UploadWaitingRow.objects.select_for_update()
            .filter(email=email.lower())
            .select_related("provider")
        )
        by_provider: dict[int, list[UploadWaitingRow]] = {}
        for row in rows:
            by_provider.setdefault(row.provider_id, []).append(row)
        for provider_rows in by_provider.values():
            _record(provider=provider_rows[0].provider, rows=provider_rows, learner_id=learner.pk)
        UploadWaitingRow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def waiting_rows_assign(*, actor: User, rows: list[UploadWaitingRow], learner: User) -> int:
    """Provider staff (or a superuser) say who the person of waiting uploaded rows (completions or
    exam passes) is; rows of a provider the actor does not serve are refused. For a provider's
    learner id the link is kept, so later uploads match it. Returns how many were recorded."""

    if learner.is_staff or learner.is_superuser or not learner.is_active:
        raise ValidationError({"learner": _("Choose an active learner account.")})
    with transaction.atomic():
        for row in rows:
            if not (actor.is_superuser or row.provider.staff.filter(pk=actor.pk).exists()):
                raise PermissionDenied
            if row.learner_ref:
                learner_account_link(provider=row.provider, account_name=row.learner_ref, learner=learner)
            _record(provider=row.provider, rows=[row], learner_id=learner.pk)
        UploadWaitingRow.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
