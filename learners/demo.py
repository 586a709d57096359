"""Demo learners at three stages, created through the learners' services.

- learner1@example.jp: just signed up; profile filled in, enrolled in nothing.
- learner2@example.jp: two courses in progress.
- learner3@example.jp: one course completed (and its certificate, issued after commit), a target
  role, a self-assessment and a pass of the IPA Fundamental IT Engineer exam (FE).

All share the password below; their e-mail addresses are verified so they can sign in at once.
Idempotent: existing users and rows are left as they are. Needs the courses demo (seeded first,
as courses comes before learners in INSTALLED_APPS).
"""

import datetime
from typing import Any, TextIO

from allauth.account.models import EmailAddress

from core.models import User
from courses.models import Course, Lesson, Quiz
from skills.models import Level, Role, StandardVersion

from . import services
from .models import Enrolment, Exam

DEMO_PASSWORD = "learner-demo-2026"  # noqa: S105 (a documented demo login, created only on request)
DEMO_EMAILS = ("learner1@example.jp", "learner2@example.jp", "learner3@example.jp")

PROFILES: dict[str, dict[str, Any]] = {
    "learner1@example.jp": {
        "prefecture": "01", "age_band": "20s", "employment_status": "student", "industry": "education",
        "organisation": "北海道先端情報大学", "consents_to_statistics": True,
    },
    "learner2@example.jp": {
        "prefecture": "13", "age_band": "30s", "employment_status": "employed", "industry": "finance",
        "organisation": "", "consents_to_statistics": True,
    },
    "learner3@example.jp": {
        "prefecture": "43", "age_band": "40s", "employment_status": "employed", "industry": "semiconductors",
        "organisation": "九州半導体製造株式会社", "consents_to_statistics": False,
    },
}  # fmt: skip

LEARNER2_COURSES = {"statistics-with-python": 3, "how-web-applications-work": 1}  # slug: lessons to complete
LEARNER3_COMPLETED = "sql-data-modelling-basics"
LEARNER3_ROLE = "data-engineer"
LEARNER3_RATINGS = {"data-understanding": "c", "data-platform-design": "d", "business-analysis": "c"}
LEARNER3_EXAM = ("FE", datetime.date(2024, 11, 20))


def _user(email: str) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=email.split("@")[0], defaults={"email": email, "is_demo": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    if not hasattr(user, "learner_profile"):
        services.learner_profile_save(user=user, **PROFILES[email])
    return user, created


def _complete(enrolment: Enrolment, lessons: list[Lesson]) -> None:
    """Complete the lessons in order; a quiz by answering every question correctly."""
    for lesson in lessons:
        quiz = Quiz.objects.filter(lesson=lesson).prefetch_related("questions__choices").first()
        if quiz is not None and quiz.questions.exists():
            answers = {
                question.pk: next(choice.pk for choice in question.choices.all() if choice.is_correct)
                for question in quiz.questions.all()
            }
            services.quiz_attempt_submit(enrolment=enrolment, lesson=lesson, answers=answers)
        else:
            services.lesson_complete(enrolment=enrolment, lesson=lesson)


def _outline(course: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=course).order_by("module__order", "order"))


def seed(stdout: TextIO) -> None:
    """Create the three demo learners and their learning records where missing."""
    courses = {course.slug: course for course in Course.objects.filter(is_published=True)}
    needed = [*LEARNER2_COURSES, LEARNER3_COMPLETED]
    if any(slug not in courses for slug in needed):
        stdout.write("learners: the demo courses are missing; run the courses demo first\n")
        return
    created = 0
    _, new = _user("learner1@example.jp")
    created += new

    learner2, new = _user("learner2@example.jp")
    created += new
    for slug, count in LEARNER2_COURSES.items():
        enrolment = services.enrolment_create(learner=learner2, course=courses[slug])
        if not enrolment.lesson_completions.exists():
            _complete(enrolment, [lesson for lesson in _outline(courses[slug]) if lesson.is_required][:count])

    learner3, new = _user("learner3@example.jp")
    created += new
    enrolment = services.enrolment_create(learner=learner3, course=courses[LEARNER3_COMPLETED])
    if not enrolment.is_completed:
        _complete(
            enrolment, [lesson for lesson in _outline(courses[LEARNER3_COMPLETED]) if lesson.is_required]
        )
    version = StandardVersion.objects.get(part=StandardVersion.Part.PROMOTION, is_current=True)
    role = Role.objects.get(version=version, slug=LEARNER3_ROLE)
    services.target_role_set(learner=learner3, role=role)
    levels = {level.slug: level for level in Level.objects.filter(version=version)}
    services.self_assessment_save(
        learner=learner3,
        ratings={
            requirement.skill: levels[LEARNER3_RATINGS[requirement.skill.slug]]
            for requirement in role.requirements.select_related("skill")
            if requirement.skill.slug in LEARNER3_RATINGS
        },
    )
    code, passed_on = LEARNER3_EXAM
    if not Exam.objects.filter(code=code).exists():
        services.exam_reference_load()
    if not learner3.exam_passes.filter(exam__code=code).exists():
        services.exam_pass_record(learner=learner3, exam=Exam.objects.get(code=code), passed_on=passed_on)
    stdout.write(
        f"learners: {len(DEMO_EMAILS)} demo learners ({created} created; password {DEMO_PASSWORD})\n"
    )


def remove(stdout: TextIO) -> None:
    """Delete the demo learners with all their records, and any enrolment in a demo course
    (enrolments protect their course, and the courses demo is removed next)."""
    enrolments, _ = Enrolment.objects.filter(course__is_demo=True).delete()
    users, _ = User.objects.filter(is_demo=True, email__in=DEMO_EMAILS).delete()
    stdout.write(f"learners: {enrolments + users} demo rows deleted\n")
