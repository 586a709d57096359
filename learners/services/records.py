"""The learner's Comprehensive Learner Record (1EdTech CLR 2.0): every certificate and exam pass in
one credential signed by the platform, built when it is downloaded (issue #13)."""

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User

from .. import credentials
from ..models import ExamPass
from ..selectors import credential_list, exam_pass_list
from .certificates import absolute_url, learner_display_name, learner_identifier
from .status_lists import issuer_profile


def _exam_source(exam_pass: ExamPass) -> str:
    provider = exam_pass.provider
    if provider is None:  # only reported passes are signed (see learner_record_build)
        raise ValueError("a pass the learner declared is not signed into the record")
    return f"{provider.name_ja}からの報告 (reported by {provider.name_en or provider.name_ja})"


def _exam_pass_credential(
    exam_pass: ExamPass, *, learner_name: str, identifier: list[dict], now: Any
) -> dict:
    host = urlsplit(absolute_url("/")).hostname or "localhost"
    exam = exam_pass.exam
    unsigned = credentials.build_exam_pass_credential(
        # Random (the pass's public id): the verify page finds the pass by it, and it says nothing
        # about the row or the order of passes.
        credential_id=exam_pass.public_id.urn,
        issuer=issuer_profile(),
        # A tag URI (RFC 4151): the exam is named, not served, by the platform.
        achievement_id=f"tag:{host},2026:exam:{exam.code}",
        exam_name_ja=exam.name_ja,
        exam_name_en=exam.name_en,
        exam_code=exam.code,
        passed_on=exam_pass.passed_on,
        certificate_number=exam_pass.certificate_number,
        source=_exam_source(exam_pass),
        identifier=identifier,
        learner_name=learner_name,
        issued_at=now,
    )
    return credentials.sign(unsigned, created=now)


def learner_record_build(*, learner: User) -> dict:
    """The learner's own CLR 2.0 ``ClrCredential``, signed now: their course credentials that are
    not revoked (as issued, each with its own proof) and each exam pass not voided that a provider
    or the exam body reported (as an AchievementCredential saying who reported it). A pass the
    learner declared on their profile is left out: the platform signs only what someone other than
    the holder vouched for, and the verify page answers for a signed pass only while it is still
    on record (not voided). No write. Raises ApplicationError when there is
    nothing to put in it. The learner appears by name and salted e-mail hash only."""
    now = timezone.now().replace(microsecond=0)
    learner_name = learner_display_name(learner)
    identifier = learner_identifier(learner)
    held = [c.document for c in credential_list(actor=learner).filter(revoked_at__isnull=True)]
    passes = exam_pass_list(actor=learner).filter(provider__isnull=False).select_related("exam", "provider")
    held += [
        _exam_pass_credential(p, learner_name=learner_name, identifier=identifier, now=now) for p in passes
    ]
    if not held:
        raise ApplicationError(
            _("There is nothing in your learning record yet: no certificate and no exam pass.")
        )
    subject_identifier = list(identifier)
    if learner_name:
        subject_identifier.append(
            {"type": "IdentityObject", "identityHash": learner_name, "identityType": "name", "hashed": False}
        )
    unsigned = credentials.build_clr(
        clr_id=uuid.uuid4().urn,
        issuer=issuer_profile(),
        name=f"学習記録 (Learner record){' — ' + learner_name if learner_name else ''}",
        identifier=subject_identifier,
        credentials=held,
        issued_at=now,
    )
    return credentials.sign(unsigned, created=now)
