"""Portal forms of the learner pages. They validate input only; views pass cleaned data to services."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.prefectures import Prefecture
from courses.models import Quiz
from skills.models import Level, Role, RoleSkillRequirement, Skill

from .models import LearnerProfile

QUESTION_PREFIX = "question_"


def _choice(label: str, choices: Any, required: str, invalid: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "---------"), *choices],
        error_messages={"required": required, "invalid_choice": invalid},
        **kwargs,
    )


class LearnerProfileForm(forms.Form):
    prefecture = _choice(
        _("Prefecture"),
        Prefecture.choices,
        required=_("Choose the prefecture where you live or work."),
        invalid=_("Select a valid prefecture: “%(value)s” is not one of the 47 prefectures."),
    )
    age_band = _choice(
        _("Age band"),
        LearnerProfile.AgeBand.choices,
        required=_("Choose your age band."),
        invalid=_("Select a valid age band: “%(value)s” is not one of the choices."),
    )
    employment_status = _choice(
        _("Employment status"),
        LearnerProfile.EmploymentStatus.choices,
        required=_("Choose your employment status."),
        invalid=_("Select a valid employment status: “%(value)s” is not one of the choices."),
    )
    industry = _choice(
        _("Industry"),
        LearnerProfile.Industry.choices,
        required=_("Choose the industry you work in, or “Other”."),
        invalid=_("Select a valid industry: “%(value)s” is not one of the choices."),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        error_messages={
            "max_length": _("Keep the organisation name to %(limit_value)d characters or fewer.")
        },
    )
    consents_to_statistics = forms.BooleanField(
        label=_("I agree that my anonymised data is used in official statistics on digital skills."),
        required=False,
    )


class QuizForm(forms.Form):
    """One radio group per question of the quiz; an answer to anything else is an error."""

    def __init__(self, *args: Any, quiz: Quiz, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiz = quiz
        for number, question in enumerate(quiz.questions.all(), start=1):
            self.fields[f"{QUESTION_PREFIX}{question.pk}"] = forms.TypedChoiceField(
                label=_("Question %(number)d. %(text)s") % {"number": number, "text": question.text},
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer this question."),
                    "invalid_choice": _("Choose one of this question's answers."),
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        unknown = [key for key in self.data if key.startswith(QUESTION_PREFIX) and key not in self.fields]
        if unknown:
            raise forms.ValidationError(
                _("An answer was sent for a question that is not part of this quiz."), code="unknown_question"
            )
        return cleaned

    def answers(self) -> dict[int, int]:
        """Question id → chosen choice id."""
        return {int(name.removeprefix(QUESTION_PREFIX)): value for name, value in self.cleaned_data.items()}


class TargetRoleForm(forms.Form):
    role = forms.ModelChoiceField(
        label=_("Target role"),
        queryset=Role.objects.none(),
        to_field_name="slug",
        error_messages={
            "required": _("Choose the role you are aiming for."),
            "invalid_choice": _("Select a valid role of the current standard."),
        },
    )

    def __init__(self, *args: Any, roles: QuerySet[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        field.queryset = roles
        field.label_from_instance = lambda role: f"{role.hr_type.name} – {role.name}"


class SelfAssessmentForm(forms.Form):
    """One select per skill the role requires: a level of a–d, or none."""

    NONE = "none"

    def __init__(
        self, *args: Any, requirements: list[RoleSkillRequirement], levels: list[Level], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.levels = {level.slug: level for level in levels}
        choices = [(self.NONE, _("None yet")), *((level.slug, level.slug) for level in levels)]
        self.requirements = requirements
        for requirement in requirements:
            self.fields[f"skill_{requirement.skill.slug}"] = forms.ChoiceField(
                label=requirement.skill.name,
                choices=choices,
                initial=self.NONE,
                error_messages={
                    "required": _("Rate yourself on this skill, or choose “None yet”."),
                    "invalid_choice": _("Select a valid level: a, b, c, d or none."),
                },
            )

    def ratings(self) -> dict[Skill, Level | None]:
        """Skill → chosen Level, or None for "none yet"."""
        return {
            requirement.skill: self.levels.get(self.cleaned_data[f"skill_{requirement.skill.slug}"])
            for requirement in self.requirements
        }

    def rows(self) -> list[tuple[RoleSkillRequirement, forms.BoundField]]:
        return [(requirement, self[f"skill_{requirement.skill.slug}"]) for requirement in self.requirements]
