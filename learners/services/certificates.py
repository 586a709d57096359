"""Certificates: issuing and revoking Open Badges 3.0 credentials, and the sweep for lost issues."""

import logging
import uuid

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from courses.models import Course, CourseSkill
from skills.selectors import case_item_uri

from .. import credentials
from ..models import (
    Credential,
    Enrolment,
    LearnerProfile,
)

# --- Certificates (Open Badges 3.0 credentials) ------------------------------------------------

logger = logging.getLogger(__name__)

ISSUER_NAME = "デジタルスキル・プラットフォーム (Digital Skills Platform)"


def absolute_url(path: str) -> str:
    """`path` on the platform's public address (settings.PLATFORM_BASE_URL, never a Host header)."""
    return f"{settings.PLATFORM_BASE_URL.rstrip('/')}{path}"


def credential_json_path(credential_uuid: uuid.UUID | str) -> str:
    return f"/verify/{credential_uuid}/credential.json"


def learner_display_name(learner: User) -> str:
    """The name printed on certificates: the profile's kanji and romanised names ("山田 花子
    (Hanako Yamada)"), either alone, else the account's names in Japanese order (family name
    first); empty when none is given."""
    profile = LearnerProfile.objects.filter(user=learner).only("name_kanji", "name_romanised").first()
    kanji = profile.name_kanji.strip() if profile else ""
    romanised = profile.name_romanised.strip() if profile else ""
    if kanji and romanised:
        return f"{kanji} ({romanised})"
    if kanji or romanised:
        return kanji or romanised
    return " ".join(part for part in (learner.last_name.strip(), learner.first_name.strip()) if part)


def learner_identifier(learner: User) -> list[dict]:
    """The holder binding of a credential: the learner's e-mail address as a salted SHA-256
    IdentityObject (a fresh salt each time); empty for an account without an address."""
    return [credentials.email_identity(learner.email)] if "@" in (learner.email or "") else []


def _course_achievement(course: Course) -> credentials.CourseAchievement:
    course_skills = (
        CourseSkill.objects.filter(course=course)
        .select_related("skill__version", "level")
        .order_by("skill__order", "skill__slug")
    )
    alignments = [
        credentials.Alignment(
            target_name=item.skill.name_ja,
            # The skill's CASE CFItem URI, which resolves to its JSON (issue #13).
            target_url=case_item_uri(item_uuid=item.skill.uuid),
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
    The subject id is `urn:uuid:<credential uuid>`: pseudonymous, never the e-mail address, which
    appears only hashed with a salt (`identifier`); the name is the profile's. The credential gets a
    random entry of a Bitstring Status List (`credentialStatus`).
    """
    locked = Enrolment.objects.select_for_update().select_related("course", "learner").get(pk=enrolment.pk)
    existing = Credential.objects.filter(enrolment=locked).first()
    if existing is not None:
        return existing
    if not locked.is_completed:
        raise ApplicationError(_("A certificate is issued only for a completed course."))
    from .status_lists import status_bit_allocate, status_entry_for

    public_id = uuid.uuid4()
    issued_at = timezone.now().replace(microsecond=0)
    status_list, status_index = status_bit_allocate()
    unsigned = credentials.build_credential(
        credential_url=absolute_url(credential_json_path(public_id)),
        issuer_name=ISSUER_NAME,
        issuer_url=absolute_url("/"),
        learner_id=str(public_id),
        learner_name=learner_display_name(locked.learner),
        achievement=_course_achievement(locked.course),
        issued_at=issued_at,
        identifier=learner_identifier(locked.learner),
        credential_status=status_entry_for(status_list, status_index),
    )
    credential = Credential(
        uuid=public_id,
        enrolment=locked,
        learner=locked.learner,
        document=credentials.sign(unsigned, created=issued_at),
        issued_at=issued_at,
        is_demo=locked.learner.is_demo,
        status_list=status_list,
        status_index=status_index,
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
    Records who revoked it in the admin log (LogEntry) and in the row, and sets its bit in its
    status list, re-signed in the same transaction.
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
    # Its bit in the public status list, re-signed in this transaction: outside verifiers see it.
    from .status_lists import status_bit_set

    status_bit_set(credential=locked)
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[locked],
        action_flag=CHANGE,
        change_message=f"Revoked: {reason}",
        single_object=True,
    )
    logger.info("Credential %s revoked by user %s", locked.uuid, actor.pk)
    return locked
