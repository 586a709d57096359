"""Profiles, target roles, self-assessments and IPA exam passes."""

import datetime
from collections.abc import Mapping
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from core.reference import LoadReport, reference_upsert
from skills.models import Level, Role, Skill, StandardVersion

from ..models import (
    Exam,
    ExamPass,
    LearnerProfile,
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
    name_kanji: str = "",
    name_romanised: str = "",
) -> LearnerProfile:
    """Create or update the user's own profile; validated with full_clean (ValidationError → 400).

    The names (kanji and romanised, both optional) are printed on certificates issued from now
    on. The consent time is set when consent is given (kept while it stays given) and cleared when
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
    # Validated as given (no silent trimming): the name is printed on certificates as it is.
    profile.name_kanji = name_kanji
    profile.name_romanised = name_romanised
    if consents_to_statistics and not profile.consents_to_statistics:
        profile.statistics_consent_at = timezone.now()
    elif not consents_to_statistics:
        profile.statistics_consent_at = None
    profile.consents_to_statistics = consents_to_statistics
    profile.full_clean()
    profile.save()
    return profile


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


EXAMS_FILE = Path(__file__).resolve().parents[1] / "data" / "exams.yaml"


@transaction.atomic
def _date(row: dict, key: str) -> datetime.date | None:
    """A date of the exam file (YAML reads 2027-04-01 as a date already); empty means open."""
    value = row.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ApplicationError(f"exams: {row.get('code')}: {key} is not a date (YYYY-MM-DD).") from error


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
            "valid_from": _date(row, "valid_from"),
            "valid_until": _date(row, "valid_until"),
        }
        if values["valid_from"] and values["valid_until"] and values["valid_until"] < values["valid_from"]:
            raise ApplicationError(f"{path.name}: {row['code']}: valid_until is before valid_from.")
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
    exam_pass = ExamPass.objects.filter(
        learner=learner, exam=exam, voided_at__isnull=True
    ).first() or ExamPass(learner=learner, exam=exam)
    exam_pass.passed_on = passed_on
    exam_pass.certificate_number = certificate_number
    exam_pass.full_clean()
    exam_pass.save()
    return exam_pass
