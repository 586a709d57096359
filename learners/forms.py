"""Portal forms of the learner pages. They validate input only; views pass cleaned data to services."""

from typing import Any, cast

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.prefectures import Prefecture
from core.types import StrOrPromise
from courses.models import Quiz
from skills.models import Level, Role, RoleSkillRequirement, Skill

from .credentials import strict_json_loads
from .models import Exam, LearnerProfile, validate_name_kanji, validate_name_romanised

QUESTION_PREFIX = "question_"


def _choice(
    label: StrOrPromise, choices: Any, required: StrOrPromise, invalid: StrOrPromise, **kwargs: Any
) -> forms.ChoiceField:
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
    name_kanji = forms.CharField(
        label=_("Name on certificates (kanji, optional)"),
        help_text=_("Family name first, e.g. 山田 花子."),
        max_length=60,
        required=False,
        strip=False,
        validators=[validate_name_kanji],
        error_messages={"max_length": _("Keep the name to %(limit_value)d characters or fewer.")},
    )
    name_romanised = forms.CharField(
        label=_("Name on certificates (romanised, optional)"),
        help_text=_("In Latin letters, e.g. Hanako Yamada."),
        max_length=60,
        required=False,
        strip=False,
        validators=[validate_name_romanised],
        error_messages={"max_length": _("Keep the name to %(limit_value)d characters or fewer.")},
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
        super().clean()
        cleaned = self.cleaned_data
        unknown = [key for key in self.data if key.startswith(QUESTION_PREFIX) and key not in self.fields]
        if unknown:
            raise forms.ValidationError(
                _("An answer was sent for a question that is not part of this quiz."), code="unknown_question"
            )
        return cleaned

    def answers(self) -> dict[int, int]:
        """Question id → chosen choice id."""
        return {int(name.removeprefix(QUESTION_PREFIX)): value for name, value in self.cleaned_data.items()}


class RoleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Role) -> str:
        return f"{obj.hr_type.name} – {obj.name}"


class ExamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Exam) -> str:
        return f"{obj.code} {obj.name}"


class TargetRoleForm(forms.Form):
    role = RoleChoiceField(
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
        field = cast(forms.ModelChoiceField, self.fields["role"])
        field.queryset = roles


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


class ExamPassForm(forms.Form):
    """Record a pass of an IPA exam on the profile; the service checks the date is not in the future."""

    exam = forms.ModelChoiceField(
        label=_("Exam"),
        queryset=Exam.objects.none(),
        to_field_name="code",
        error_messages={
            "required": _("Choose the exam you passed."),
            "invalid_choice": _("Select a valid exam from the list."),
        },
    )
    passed_on = forms.DateField(
        label=_("Date passed"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date you passed the exam."),
            "invalid": _("Enter the pass date as YYYY-MM-DD."),
        },
    )
    certificate_number = forms.CharField(
        label=_("Certificate number (optional)"),
        max_length=40,
        required=False,
        error_messages={
            "max_length": _("Keep the certificate number to %(limit_value)d characters or fewer.")
        },
    )

    def __init__(self, *args: Any, exams: QuerySet[Exam], **kwargs: Any) -> None:
        kwargs["prefix"] = "exam_pass"
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["exam"]).queryset = exams


CREDENTIAL_MAX_BYTES = 1024 * 1024  # a learner record (CLR) of a few hundred credentials


class CredentialUploadForm(forms.Form):
    """A credential to check, as a JSON file or pasted text (at most 256 KB, strict JSON)."""

    file = forms.FileField(label=_("Credential file (JSON)"), required=False)
    text = forms.CharField(
        label=_("Or paste the credential JSON"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    def _too_large(self) -> str:
        return _(
            "The file is larger than %(size)d KB; a certificate or a learner record is much smaller."
        ) % {"size": CREDENTIAL_MAX_BYTES // 1024}

    def clean_file(self) -> bytes | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > CREDENTIAL_MAX_BYTES:
            raise forms.ValidationError(self._too_large(), code="too_large")
        return upload.read()

    def clean_text(self) -> bytes | None:
        text = self.cleaned_data.get("text") or ""
        if not text.strip():
            return None
        data = text.encode("utf-8")
        if len(data) > CREDENTIAL_MAX_BYTES:
            raise forms.ValidationError(self._too_large(), code="too_large")
        return data

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        raw = cleaned.get("file") or cleaned.get("text")
        field = "file" if cleaned.get("file") else "text"
        if raw is None:
            raise forms.ValidationError(_("Choose a credential file or paste its JSON."), code="required")
        try:
            document = strict_json_loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.add_error(field, _("The credential must be UTF-8 text."))
            return cleaned
        except (ValueError, RecursionError) as error:
            self.add_error(field, _("This is not valid JSON: %(error)s") % {"error": error})
            return cleaned
        if not isinstance(document, dict):
            self.add_error(field, _("A credential is a JSON object ({…})."))
            return cleaned
        cleaned["document"] = document
        return cleaned


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the address refused, not truncated, when the column cannot hold it."""

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email") or ""
        limit = cast(int, User._meta.get_field("email").max_length)
        if len(email) > limit:
            raise forms.ValidationError(
                _("Keep the e-mail address to %(limit)d characters or fewer (it has %(length)d).")
                % {"limit": limit, "length": len(email)},
                code="max_length",
            )
        return super().clean_email()
