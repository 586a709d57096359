"""Portal pages of the learner: profile, enrolment, lessons, quizzes, My learning and the skill gap.

Every page needs a signed-in user and reads only that user's rows (selectors scoped by actor).
"""

import json
from uuid import UUID

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.types import AuthenticatedHttpRequest
from courses.models import Course, Lesson
from courses.selectors import course_get

from . import selectors, services
from .forms import (
    CredentialUploadForm,
    ExamPassForm,
    LearnerProfileForm,
    QuizForm,
    SelfAssessmentForm,
    TargetRoleForm,
)
from .models import Credential, Enrolment


def _course_or_404(slug: str) -> Course:
    course = course_get(slug=slug)
    if course is None:
        raise Http404
    return course


def _enrolment_or_403(request: AuthenticatedHttpRequest, course: Course) -> Enrolment | HttpResponse:
    enrolment = selectors.enrolment_get_for_course(actor=request.user, course=course)
    if enrolment is None:
        return render(request, "learners/not_enrolled.html", {"course": course}, status=403)
    return enrolment


def _lesson_url(course: Course, lesson: Lesson) -> str:
    return reverse("learners:lesson-detail", kwargs={"slug": course.slug, "lesson_id": lesson.pk})


# --- Profile -----------------------------------------------------------------------------------


def _render_profile(
    request: AuthenticatedHttpRequest,
    *,
    form: LearnerProfileForm | None = None,
    exam_form: ExamPassForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = selectors.learner_profile_get(actor=request.user)
    if form is None:
        initial = {}
        if profile:
            initial = {
                name: getattr(profile, name)
                for name in LearnerProfileForm.base_fields
                if hasattr(profile, name)
            }
        form = LearnerProfileForm(initial=initial)
    return render(
        request,
        "learners/profile_form.html",
        {
            "form": form,
            "profile": profile,
            "exam_passes": selectors.exam_pass_list(actor=request.user),
            "exam_form": exam_form or ExamPassForm(exams=selectors.exam_list()),
        },
        status=status,
    )


def _add_validation_errors(form: forms.Form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/profile/: create or edit the learner profile, and list the exam passes. Invalid input re-renders with 400."""
    if request.method == "POST":
        form = LearnerProfileForm(request.POST)
        if form.is_valid():
            try:
                services.learner_profile_save(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_validation_errors(form, error)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("learners:profile")
        return _render_profile(request, form=form, status=400)
    return _render_profile(request)


@login_required
@require_POST
def exam_pass_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    """POST /me/profile/exam-passes/: record (or correct) a pass of an IPA exam; 400 naming the field."""
    form = ExamPassForm(request.POST, exams=selectors.exam_list())
    if form.is_valid():
        try:
            exam_pass = services.exam_pass_record(learner=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_validation_errors(form, error)
        else:
            messages.success(
                request, _("Your pass of %(exam)s has been recorded.") % {"exam": exam_pass.exam.name}
            )
            return redirect(f"{reverse('learners:profile')}#exam-passes")
    return _render_profile(request, exam_form=form, status=400)


@login_required
@require_POST
def exam_pass_delete(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """POST /me/profile/exam-passes/<code>/delete/: delete one of the learner's own passes (404 otherwise)."""
    exam_pass = selectors.exam_pass_get(actor=request.user, code=code)
    if exam_pass is None:
        raise Http404
    services.exam_pass_delete(exam_pass=exam_pass)
    messages.success(request, _("Your pass of %(exam)s has been removed.") % {"exam": exam_pass.exam.name})
    return redirect(f"{reverse('learners:profile')}#exam-passes")


# --- Learning ----------------------------------------------------------------------------------


@login_required
def my_learning(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/learning/: each enrolment in progress with its progress bar and next lesson; completed ones."""
    in_progress, completed = selectors.learning_overview(actor=request.user)
    return render(
        request,
        "learners/my_learning.html",
        {
            "in_progress": in_progress,
            "completed": completed,
            "profile": selectors.learner_profile_get(actor=request.user),
        },
    )


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """POST /learn/<slug>/enrol/: enrol (idempotent) and continue on the course's learning page."""
    course = _course_or_404(slug)
    existing = selectors.enrolment_get_for_course(actor=request.user, course=course)
    try:
        services.enrolment_create(learner=request.user, course=course)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect(course)
    if existing is None:
        messages.success(request, _("You are enrolled. Start with the first lesson when you are ready."))
    return redirect("learners:course-learn", slug=course.slug)


@login_required
def course_learn(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """/learn/<slug>/: the enrolled learner's outline with what is done and what comes next."""
    course = _course_or_404(slug)
    enrolment = selectors.enrolment_get_for_course(actor=request.user, course=course)
    if enrolment is None:
        return render(request, "learners/not_enrolled.html", {"course": course}, status=403)
    progress = selectors.enrolment_progress(enrolment=enrolment)
    return render(
        request,
        "learners/course_learn.html",
        {"course": enrolment.course, "enrolment": enrolment, "progress": progress},
    )


def _lesson_context(request: AuthenticatedHttpRequest, enrolment: Enrolment, lesson: Lesson) -> dict:
    progress = selectors.enrolment_progress(enrolment=enrolment)
    lessons = selectors.course_lessons(course=enrolment.course)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    return {
        "course": enrolment.course,
        "enrolment": enrolment,
        "lesson": lesson,
        "progress": progress,
        "is_complete": lesson.pk in progress.completed_lesson_ids,
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "following_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "attempts": selectors.quiz_attempt_list(actor=request.user, enrolment=enrolment, lesson=lesson)[:5],
        "quiz": getattr(lesson, "quiz", None),
    }


def _enrolled_lesson(
    request: AuthenticatedHttpRequest, slug: str, lesson_id: int
) -> tuple[Enrolment, Lesson] | HttpResponse:
    course = _course_or_404(slug)
    enrolment = _enrolment_or_403(request, course)
    if isinstance(enrolment, HttpResponse):
        return enrolment
    lesson = selectors.lesson_get(course=course, lesson_id=lesson_id)
    if lesson is None:
        raise Http404
    return enrolment, lesson


@login_required
def lesson_detail(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """/learn/<slug>/lessons/<id>/: a lesson of a course the learner is enrolled in (403 otherwise)."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    context = _lesson_context(request, enrolment, lesson)
    if context["quiz"] is not None:
        context["form"] = QuizForm(quiz=context["quiz"])
    return render(request, "learners/lesson.html", context)


@login_required
@require_POST
def lesson_complete(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """POST: mark the lesson complete and go on to the next required lesson (or the outline)."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    try:
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    except ApplicationError as error:
        context = _lesson_context(request, enrolment, lesson)
        context["error"] = error.message
        if context["quiz"] is not None:
            context["form"] = QuizForm(quiz=context["quiz"])
        return render(request, "learners/lesson.html", context, status=400)
    return _after_completion(request, enrolment)


def _after_completion(request: AuthenticatedHttpRequest, enrolment: Enrolment) -> HttpResponse:
    enrolment = selectors.enrolment_get(actor=request.user, uuid=enrolment.uuid) or enrolment
    if enrolment.is_completed:
        messages.success(
            request,
            _("You have completed %(course)s. Well done!") % {"course": enrolment.course.title},
        )
        return redirect("learners:my-learning")
    progress = selectors.enrolment_progress(enrolment=enrolment)
    if progress.next_lesson is not None:
        return redirect(_lesson_url(enrolment.course, progress.next_lesson))
    return redirect("learners:course-learn", slug=enrolment.course.slug)


@login_required
@require_POST
def quiz_submit(request: AuthenticatedHttpRequest, slug: str, lesson_id: int) -> HttpResponse:
    """POST: take the lesson's quiz. Bad answers give 400 and record nothing; a pass completes the lesson."""
    found = _enrolled_lesson(request, slug, lesson_id)
    if isinstance(found, HttpResponse):
        return found
    enrolment, lesson = found
    context = _lesson_context(request, enrolment, lesson)
    if context["quiz"] is None:
        raise Http404
    form = QuizForm(request.POST, quiz=context["quiz"])
    context["form"] = form
    if not form.is_valid():
        return render(request, "learners/lesson.html", context, status=400)
    try:
        attempt = services.quiz_attempt_submit(enrolment=enrolment, lesson=lesson, answers=form.answers())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render(request, "learners/lesson.html", context, status=400)
    if attempt.is_passed:
        messages.success(
            request,
            _("You passed with %(score)d%% (%(correct)d of %(total)d correct).")
            % {"score": attempt.score, "correct": attempt.correct_count, "total": attempt.question_count},
        )
        return _after_completion(request, enrolment)
    messages.error(
        request,
        _(
            "You scored %(score)d%% (%(correct)d of %(total)d correct); %(pass_mark)d%% is needed to pass. Try again."
        )
        % {
            "score": attempt.score,
            "correct": attempt.correct_count,
            "total": attempt.question_count,
            "pass_mark": context["quiz"].pass_mark,
        },
    )
    return redirect(_lesson_url(enrolment.course, lesson))


# --- Skills ------------------------------------------------------------------------------------


@login_required
def my_skills(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/skills/: choose a target role, then rate yourself on each skill it requires."""
    roles = selectors.target_role_choices(actor=request.user)
    target = selectors.target_role_get(actor=request.user)
    role_form = TargetRoleForm(roles=roles, initial={"role": target.role.slug if target else None})
    assessment_form = None
    status = 200
    if target is not None:
        requirements = selectors.role_requirements(role=target.role)
        levels = list(target.role.version.levels.exclude(rank=None).order_by("-rank"))
        assessed = selectors.self_assessment_map(actor=request.user, skills=[r.skill for r in requirements])
        initial = {
            f"skill_{r.skill.slug}": level.slug
            if (level := assessed[r.skill_id])
            else SelfAssessmentForm.NONE
            for r in requirements
            if r.skill_id in assessed
        }
        assessment_form = SelfAssessmentForm(requirements=requirements, levels=levels, initial=initial)

    if request.method == "POST":
        if request.POST.get("action") == "role":
            role_form = TargetRoleForm(request.POST, roles=roles)
            if role_form.is_valid():
                try:
                    services.target_role_set(learner=request.user, role=role_form.cleaned_data["role"])
                except ApplicationError as error:
                    role_form.add_error("role", error.message)
                else:
                    messages.success(request, _("Target role saved. Now rate yourself on its skills."))
                    return redirect("learners:my-skills")
            status = 400
        elif request.POST.get("action") == "assessment" and assessment_form is not None:
            assessment_form = SelfAssessmentForm(
                request.POST,
                requirements=assessment_form.requirements,
                levels=list(assessment_form.levels.values()),
            )
            if assessment_form.is_valid():
                services.self_assessment_save(learner=request.user, ratings=assessment_form.ratings())
                messages.success(request, _("Your self-assessment has been saved."))
                return redirect("learners:skill-gap")
            status = 400
        else:
            return HttpResponse(status=400)
    return render(
        request,
        "learners/my_skills.html",
        {
            "role_form": role_form,
            "assessment_form": assessment_form,
            "target": target,
            "levels": target.role.version.levels.exclude(rank=None).order_by("-rank") if target else [],
        },
        status=status,
    )


@login_required
def skill_gap(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/skills/gap/: required vs self-assessed vs earned level per skill, and recommended courses."""
    gap = selectors.skill_gap_get(actor=request.user)
    if gap is None:
        messages.info(request, _("Choose a target role first to see your skill gap."))
        return redirect("learners:my-skills")
    return render(request, "learners/skill_gap.html", {"gap": gap})


# --- Certificates ------------------------------------------------------------------------------


def _public_credential_or_404(credential_uuid: UUID) -> Credential:
    credential = selectors.credential_get_public(uuid=credential_uuid)
    if credential is None:
        raise Http404
    return credential


def _certificate_links(credential: Credential) -> dict[str, str]:
    verify_path = reverse("learners:verify-detail", kwargs={"credential_uuid": credential.uuid})
    return {
        "verify_url": services.absolute_url(verify_path),
        "verify_path": verify_path,
        "json_path": reverse("learners:credential-json", kwargs={"credential_uuid": credential.uuid}),
        "print_path": reverse("learners:certificate-print", kwargs={"credential_uuid": credential.uuid}),
    }


def verify_detail(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/verify/<uuid>/ (public): valid, revoked or tampered, and what the certificate states."""
    credential = _public_credential_or_404(credential_uuid)
    check = selectors.credential_check(document=credential.document, credential=credential)
    return render(
        request,
        "learners/verify_detail.html",
        {"check": check, "credential": credential, **_certificate_links(credential)},
    )


def credential_json(request: HttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/verify/<uuid>/credential.json (public): the signed credential as issued (JSON-LD)."""
    credential = _public_credential_or_404(credential_uuid)
    response = HttpResponse(
        json.dumps(credential.document, ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="credential-{credential.uuid}.json"'
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from other sites
    return response


def verify_upload(request: HttpRequest) -> HttpResponse:
    """/verify/ (public): upload or paste a credential and get its verdict. 400 for bad input."""
    check = None
    status = 200
    if request.method == "POST":
        form = CredentialUploadForm(request.POST, request.FILES)
        if form.is_valid():
            check = selectors.credential_check(document=form.cleaned_data["document"])
        else:
            status = 400
    else:
        form = CredentialUploadForm()
    context: dict = {"form": form, "check": check}
    if check is not None and check.credential is not None:
        context.update(_certificate_links(check.credential))
    return render(request, "learners/verify_upload.html", context, status=status)


@login_required
def certificate_print(request: AuthenticatedHttpRequest, credential_uuid: UUID) -> HttpResponse:
    """/me/certificates/<uuid>/print/: the owner's printable certificate with the verify URL and a QR code."""
    credential = selectors.credential_get(actor=request.user, uuid=credential_uuid)
    if credential is None:
        raise Http404
    links = _certificate_links(credential)
    # segno escapes nothing user-controlled: the URL is built from our setting and a UUID.
    qr_svg = segno.make(links["verify_url"], error="m").svg_inline(scale=3, border=2, omitsize=True)
    return render(
        request,
        "learners/certificate_print.html",
        {
            "credential": credential,
            "check": selectors.credential_check(document=credential.document, credential=credential),
            "qr_svg": mark_safe(qr_svg),  # noqa: S308 (SVG generated by segno from our own URL)
            **links,
        },
    )
