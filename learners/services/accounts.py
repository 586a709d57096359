"""Deleting a learner's account (APPI: the person's right to have their data removed).

What identifies the person is removed; what the published national figures are made of stays, no
longer tied to anyone: the account becomes an inactive tombstone with no name, address or password;
the profile keeps only its statistical attributes (prefecture, age band, employment, industry and
the consent given); completed enrolments, reported completions and exam passes keep the date and
course they count by. So the ministry figures do not change, for periods already published or
later. Credentials already issued stay verifiable as issued (their signed documents are kept).
"""

import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from core.models import User

from ..models import (
    Enrolment,
    ExamPass,
    ExternalCompletion,
    LearnerIdentifier,
    LearnerProfile,
    LessonCompletion,
    QuizAttempt,
    SelfAssessment,
    TargetRole,
)

DELETED_PREFIX = "deleted-"


@transaction.atomic
def learner_account_delete(*, learner: User, password: str) -> None:
    """Delete the learner's personal data and close the account; the password must be given again.

    Staff accounts are closed by an operator, not here. Runs the hooks in
    settings.ACCOUNT_DELETION_HOOKS (apps above this one, e.g. the xAPI store, forget the person too).
    """
    if learner.is_staff or learner.is_superuser:
        raise PermissionDenied
    if not learner.is_active:  # a tombstone cannot sign in, so this is a second request racing the first
        raise ValidationError({"password": _("This account is already deleted.")})
    if not learner.check_password(password):
        raise ValidationError({"password": _("The password is not correct.")})
    for path in settings.ACCOUNT_DELETION_HOOKS:
        import_string(path)(learner=learner)
    SelfAssessment.objects.filter(learner=learner).delete()
    TargetRole.objects.filter(learner=learner).delete()
    LearnerIdentifier.objects.filter(learner=learner).delete()
    EmailAddress.objects.filter(user=learner).delete()
    QuizAttempt.objects.filter(enrolment__learner=learner).delete()
    LessonCompletion.objects.filter(enrolment__learner=learner).delete()
    Enrolment.objects.filter(learner=learner, completed_at__isnull=True).delete()
    ExamPass.objects.filter(learner=learner).update(certificate_number="")
    ExternalCompletion.objects.filter(learner=learner).exclude(disputed_at=None).update(
        dispute_reason="—", resolution_note=""
    )
    LearnerProfile.objects.filter(user=learner).update(organisation="", name_kanji="", name_romanised="")
    learner.username = f"{DELETED_PREFIX}{uuid.uuid4().hex}"
    learner.email = ""
    learner.first_name = ""
    learner.last_name = ""
    learner.is_active = False
    learner.set_unusable_password()
    learner.save()
