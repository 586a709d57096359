"""Portal pages of the learner: profile, enrolment, lessons, quizzes, My learning and the skill gap.

Every page needs a signed-in user and reads only that user's rows (selectors scoped by actor).

Modules: `profile`, `learning` (my learning, enrolment, lessons, quizzes), `skills` (target role,
self-assessment, skill gap), `certificates` (verification and the printable certificate),
`common` (the helpers they share). learners/urls.py routes to the names exported here.
"""

from .certificates import (
    certificate_print,
    credential_json,
    did_json,
    learner_record_download,
    status_list_json,
    verify_detail,
    verify_upload,
)
from .learning import (
    course_learn,
    enrol,
    external_completion_dispute,
    lesson_complete,
    lesson_detail,
    my_learning,
    quiz_submit,
)
from .profile import account_delete, data_export, exam_pass_add, exam_pass_delete, profile_edit
from .skills import my_skills, skill_gap

__all__ = [
    "account_delete",
    "certificate_print",
    "course_learn",
    "credential_json",
    "data_export",
    "did_json",
    "enrol",
    "exam_pass_add",
    "exam_pass_delete",
    "external_completion_dispute",
    "learner_record_download",
    "lesson_complete",
    "lesson_detail",
    "my_learning",
    "my_skills",
    "profile_edit",
    "quiz_submit",
    "skill_gap",
    "status_list_json",
    "verify_detail",
    "verify_upload",
]
