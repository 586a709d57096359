"""My skills: target role, self-assessment, and the skill gap."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.types import AuthenticatedHttpRequest

from .. import selectors, services
from ..forms import (
    SelfAssessmentForm,
    TargetRoleForm,
)


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
