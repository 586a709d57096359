"""Reads of learner data. Every selector takes the `actor` and returns only the actor's own rows.

Modules: `profiles` (profile, exam passes), `enrolments` (enrolments, progress, the learning
overview), `skills` (target role, self-assessment, skill gap), `certificates`; `scope` says who
is a learner. Everything is importable from here.
"""

from .certificates import (
    VERDICT_LABELS,
    AlignedSkill,
    CredentialCheck,
    Verdict,
    credential_check,
    credential_for_document,
    credential_get,
    credential_get_public,
    credential_list,
    trusted_issuer_dids,
)
from .enrolments import (
    EnrolmentWithProgress,
    Progress,
    course_lessons,
    course_page_context,
    enrolment_get,
    enrolment_get_for_course,
    enrolment_list,
    enrolment_progress,
    learning_overview,
    lesson_get,
    quiz_attempt_list,
)
from .export import EXPORT_FORMAT, learner_data_export
from .external import LearnerMatches, external_completion_get, external_completion_list, learners_match
from .profiles import exam_list, exam_pass_get, exam_pass_list, learner_profile_get
from .skills import (
    GapRow,
    Reason,
    Recommendation,
    SkillGap,
    earned_level_map,
    role_requirements,
    self_assessment_map,
    skill_gap_get,
    target_role_choices,
    target_role_get,
)

__all__ = [
    "EXPORT_FORMAT",
    "VERDICT_LABELS",
    "AlignedSkill",
    "CredentialCheck",
    "EnrolmentWithProgress",
    "GapRow",
    "LearnerMatches",
    "Progress",
    "Reason",
    "Recommendation",
    "SkillGap",
    "Verdict",
    "course_lessons",
    "course_page_context",
    "credential_check",
    "credential_for_document",
    "credential_get",
    "credential_get_public",
    "credential_list",
    "earned_level_map",
    "enrolment_get",
    "enrolment_get_for_course",
    "enrolment_list",
    "enrolment_progress",
    "exam_list",
    "exam_pass_get",
    "exam_pass_list",
    "external_completion_get",
    "external_completion_list",
    "learner_data_export",
    "learner_profile_get",
    "learners_match",
    "learning_overview",
    "lesson_get",
    "quiz_attempt_list",
    "role_requirements",
    "self_assessment_map",
    "skill_gap_get",
    "target_role_choices",
    "target_role_get",
    "trusted_issuer_dids",
]
