"""The learner's profile and IPA exam passes."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.types import AuthenticatedHttpRequest

from .. import selectors, services
from ..forms import (
    ExamPassForm,
    LearnerProfileForm,
)


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


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=256,
    )


@login_required
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/export/: all the learner's own data as one JSON file (also /api/v1/me/export/)."""
    document = selectors.learner_data_export(actor=request.user)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/me/delete/: confirm with the password, then delete the account's personal data and sign out."""
    if request.user.is_staff or request.user.is_superuser:
        raise PermissionDenied
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.learner_account_delete(learner=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            _add_validation_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    status = 400 if request.method == "POST" else 200
    return render(request, "learners/account_delete.html", {"form": form}, status=status)
