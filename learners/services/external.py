"""Completions and IPA exam passes reported by providers (xAPI statements, uploads): recording,
voiding, disputes, and the learner identifiers providers match people by."""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from courses.models import Provider

from ..models import Exam, ExamPass, ExternalCompletion, LearnerIdentifier


@dataclass(frozen=True)
class ReportedCompletion:
    """One completion as a provider reported it, already matched to a learner."""

    learner_id: int
    course_id: int
    record_id: str
    completed_at: datetime.datetime
    score_scaled: Decimal | None = None


def external_completions_record(
    *, provider: Provider, channel: str, completions: list[ReportedCompletion]
) -> int:
    """Store reported completions; a (provider, record id) already stored is left as it is.

    Idempotent: recording the same list again stores nothing new. Returns how many were new.
    The caller has checked that every course is the provider's.
    """
    if not completions:
        return 0
    rows = [
        ExternalCompletion(
            learner_id=item.learner_id,
            provider=provider,
            course_id=item.course_id,
            record_id=item.record_id,
            channel=channel,
            completed_at=item.completed_at,
            score_scaled=item.score_scaled,
        )
        for item in completions
    ]
    with transaction.atomic():
        existing = set(
            ExternalCompletion.objects.filter(
                provider=provider, record_id__in=[row.record_id for row in rows]
            ).values_list("record_id", flat=True)
        )
        new = [row for row in rows if row.record_id not in existing]
        ExternalCompletion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def external_completions_void(*, provider: Provider, record_ids: list[str], reason: str = "") -> int:
    """The provider withdrew these records: they stop counting for good. Idempotent; returns how many
    changed (a record voided before is left as it was)."""
    return (
        ExternalCompletion.objects.filter(provider=provider, record_id__in=record_ids)
        .exclude(status=ExternalCompletion.Status.VOIDED)
        .update(status=ExternalCompletion.Status.VOIDED, void_reason=reason[:300], updated_at=timezone.now())
    )


@dataclass(frozen=True)
class ReportedExamPass:
    """One IPA exam pass as a provider reported it, already matched to a learner."""

    learner_id: int
    exam_id: int
    record_id: str
    passed_on: datetime.date
    certificate_number: str = ""


def exam_passes_record(*, provider: Provider, passes: list[ReportedExamPass]) -> int:
    """Store exam passes a provider reported; a (provider, record id) stored before is left as it is,
    and so is a learner who already holds a pass of that exam (recorded by themselves or reported
    before, by any provider): one pass per learner and exam, the earlier one stays.

    Idempotent: recording the same list again stores nothing new. Returns how many were new. Each
    pass is validated like one the learner records (date not in the future, exam held that day).
    """
    if not passes:
        return 0
    exams = Exam.objects.in_bulk({item.exam_id for item in passes})
    with transaction.atomic():
        stored = set(
            ExamPass.objects.filter(
                provider=provider, record_id__in=[item.record_id for item in passes]
            ).values_list("record_id", flat=True)
        )
        held = set(
            ExamPass.objects.filter(
                learner_id__in={item.learner_id for item in passes},
                exam_id__in=set(exams),
                voided_at__isnull=True,
            ).values_list("learner_id", "exam_id")
        )
        new = []
        for item in passes:
            if item.record_id in stored or (item.learner_id, item.exam_id) in held:
                continue
            stored.add(item.record_id)
            held.add((item.learner_id, item.exam_id))
            exam_pass = ExamPass(
                learner_id=item.learner_id,
                exam=exams[item.exam_id],
                passed_on=item.passed_on,
                certificate_number=item.certificate_number,
                provider=provider,
                record_id=item.record_id,
            )
            # The foreign keys are the caller's and the uniqueness was checked above as a set:
            # validating those per row would cost a query each.
            exam_pass.full_clean(
                exclude=["learner", "exam", "provider"], validate_unique=False, validate_constraints=False
            )
            new.append(exam_pass)
        ExamPass.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def exam_passes_void(*, provider: Provider, record_ids: list[str], reason: str = "") -> int:
    """The provider withdrew these exam-pass records: the passes it reported stop counting at the
    next rollup (kept, marked voided; a pass the learner recorded is never touched). Idempotent;
    returns how many changed (a pass voided before is left as it was)."""
    now = timezone.now()
    return ExamPass.objects.filter(
        provider=provider, record_id__in=record_ids, voided_at__isnull=True
    ).update(voided_at=now, void_reason=reason[:300], updated_at=now)


@transaction.atomic
def external_completion_dispute(
    *, learner: User, completion: ExternalCompletion, reason: str
) -> ExternalCompletion:
    """The learner says a reported completion is not theirs or is wrong; it stops counting until resolved.

    Only the learner the record names may dispute it, once, while it counts.
    """
    completion = ExternalCompletion.objects.select_for_update().get(pk=completion.pk)
    if completion.learner_id != learner.pk:
        raise PermissionDenied
    if completion.status != ExternalCompletion.Status.COUNTED or completion.disputed_at is not None:
        raise ApplicationError(_("This record cannot be disputed again."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with this record.")})
    completion.status = ExternalCompletion.Status.DISPUTED
    completion.dispute_reason = reason
    completion.disputed_at = timezone.now()
    completion.full_clean()
    completion.save()
    return completion


def can_resolve_disputes(*, actor: User, provider: Provider) -> bool:
    """Superusers, and the provider's own staff with the change permission."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return (
        actor.has_perm("learners.change_externalcompletion") and provider.staff.filter(pk=actor.pk).exists()
    )


@transaction.atomic
def external_completion_resolve(
    *, actor: User, completion: ExternalCompletion, upheld: bool, note: str
) -> ExternalCompletion:
    """Resolve an open dispute. `upheld=False` means the record stands and counts again; `upheld=True`
    withdraws it for good. Only a superuser or the provider's staff may resolve."""
    completion = (
        ExternalCompletion.objects.select_for_update().select_related("provider").get(pk=completion.pk)
    )
    if not can_resolve_disputes(actor=actor, provider=completion.provider):
        raise PermissionDenied
    if completion.status != ExternalCompletion.Status.DISPUTED:
        raise ApplicationError(_("Only an open dispute can be resolved."))
    note = note.strip()
    if not note:
        raise ValidationError({"resolution_note": _("Say how the dispute was resolved.")})
    completion.status = ExternalCompletion.Status.WITHDRAWN if upheld else ExternalCompletion.Status.COUNTED
    completion.resolved_at = timezone.now()
    completion.resolved_by = actor
    completion.resolution_note = note
    completion.full_clean()
    completion.save()
    return completion


def mbox_sha1sum(email: str) -> str:
    """xAPI's hashed mailbox: the SHA-1 of the mailto: IRI (Data, 2.4.2.3)."""
    return hashlib.sha1(f"mailto:{email}".encode(), usedforsecurity=False).hexdigest()


def learner_mailbox_digest_add(*, learner: User, email: str) -> str:
    """Remember the hashed mailbox of a verified address, so statements that name the learner by
    mbox_sha1sum find them. Idempotent; returns the digest."""
    digest = mbox_sha1sum(email)
    LearnerIdentifier.objects.get_or_create(
        kind=LearnerIdentifier.Kind.MBOX_SHA1SUM, provider=None, value=digest, defaults={"learner": learner}
    )
    return digest


@transaction.atomic
def learner_account_link(*, provider: Provider, account_name: str, learner: User) -> LearnerIdentifier:
    """Link the provider's own id for a person to their account here (review queue, provider staff).

    An id already linked to someone else is refused: one id names one person.
    """
    if learner.is_staff or learner.is_superuser or not learner.is_active:
        raise ValidationError({"learner": _("Choose an active learner account.")})
    identifier, created = LearnerIdentifier.objects.get_or_create(
        kind=LearnerIdentifier.Kind.ACCOUNT,
        provider=provider,
        value=account_name,
        defaults={"learner": learner},
    )
    if not created and identifier.learner_id != learner.pk:
        raise ValidationError({"learner": _("This provider's id is already linked to another learner.")})
    return identifier
