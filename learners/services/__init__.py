"""Every write of the learners app. Callers pass rows they have already scoped to the actor
(an enrolment from `selectors.enrolment_get(actor=...)`), so no service ever touches another
learner's data.

Modules: `profiles` (profile, target role, self-assessment, IPA exams), `enrolments` (enrolment,
lessons, quizzes, completion, the sweep for lost certificate issues), `certificates` (issue and
revoke credentials), `status_lists` (Bitstring Status Lists, status entries for older
credentials, the key's rotation), `records` (the learner's CLR), `logins` (login throttling), `external` (completions and exam passes
providers report, disputes, learner identifiers). Everything is importable from here.
"""

from .accounts import learner_account_delete
from .certificates import (
    ISSUER_NAME,
    absolute_url,
    can_revoke_credentials,
    credential_issue,
    credential_json_path,
    credential_revoke,
    learner_display_name,
    learner_identifier,
)
from .enrolments import (
    CREDENTIAL_DEADLINE,
    SWEEP_BATCH,
    credential_sweep,
    enrolment_complete,
    enrolment_create,
    lesson_complete,
    quiz_attempt_submit,
)
from .external import (
    ReportedCompletion,
    ReportedExamPass,
    can_resolve_disputes,
    exam_passes_record,
    exam_passes_void,
    external_completion_dispute,
    external_completion_resolve,
    external_completions_record,
    external_completions_void,
    learner_account_link,
    learner_mailbox_digest_add,
    mbox_sha1sum,
)
from .logins import login_lockout_clear, login_name_of
from .profiles import (
    EXAMS_FILE,
    exam_pass_delete,
    exam_pass_record,
    exam_reference_load,
    learner_profile_save,
    self_assessment_save,
    target_role_set,
)
from .records import learner_record_build
from .status_lists import (
    credentials_add_status,
    issuer_key_add_previous,
    issuer_key_rotate,
    issuer_profile,
    status_bit_allocate,
    status_bit_set,
    status_list_url,
    status_lists_resign,
)

__all__ = [
    "CREDENTIAL_DEADLINE",
    "EXAMS_FILE",
    "ISSUER_NAME",
    "SWEEP_BATCH",
    "ReportedCompletion",
    "ReportedExamPass",
    "absolute_url",
    "can_resolve_disputes",
    "can_revoke_credentials",
    "credential_issue",
    "credential_json_path",
    "credential_revoke",
    "credential_sweep",
    "credentials_add_status",
    "enrolment_complete",
    "enrolment_create",
    "exam_pass_delete",
    "exam_pass_record",
    "exam_passes_record",
    "exam_passes_void",
    "exam_reference_load",
    "external_completion_dispute",
    "external_completion_resolve",
    "external_completions_record",
    "external_completions_void",
    "issuer_key_add_previous",
    "issuer_key_rotate",
    "issuer_profile",
    "learner_account_delete",
    "learner_account_link",
    "learner_display_name",
    "learner_identifier",
    "learner_mailbox_digest_add",
    "learner_profile_save",
    "learner_record_build",
    "lesson_complete",
    "login_lockout_clear",
    "login_name_of",
    "mbox_sha1sum",
    "quiz_attempt_submit",
    "self_assessment_save",
    "status_bit_allocate",
    "status_bit_set",
    "status_list_url",
    "status_lists_resign",
    "target_role_set",
]
