"""Input and output shapes of the learner API. Input serializers validate; services write."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.prefectures import Prefecture
from core.serializers import StrictBooleanField, StrictCharField
from core.types import StrOrPromise
from courses.models import Course

from ..models import (
    Credential,
    Enrolment,
    Exam,
    ExamPass,
    LearnerProfile,
    QuizAttempt,
    validate_name_kanji,
    validate_name_romanised,
)
from ..selectors import enrolment_progress
from ..services import absolute_url, credential_json_path


def _choice(choices: Any, invalid: StrOrPromise, required: StrOrPromise) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, error_messages={"invalid_choice": invalid, "required": required}
    )


class LearnerProfileInputSerializer(serializers.Serializer):
    prefecture = _choice(
        Prefecture.choices,
        invalid=_("Select a valid prefecture: “{input}” is not one of the 47 JIS codes 01–47."),
        required=_("Choose the prefecture where you live or work."),
    )
    age_band = _choice(
        LearnerProfile.AgeBand.choices,
        invalid=_("Select a valid age band: “{input}” is not one of the choices."),
        required=_("Choose your age band."),
    )
    employment_status = _choice(
        LearnerProfile.EmploymentStatus.choices,
        invalid=_("Select a valid employment status: “{input}” is not one of the choices."),
        required=_("Choose your employment status."),
    )
    industry = _choice(
        LearnerProfile.Industry.choices,
        invalid=_("Select a valid industry: “{input}” is not one of the choices."),
        required=_("Choose the industry you work in, or “Other”."),
    )
    organisation = StrictCharField(max_length=200, required=False, allow_blank=True, default="")
    name_kanji = StrictCharField(
        max_length=60, required=False, allow_blank=True, default="", trim_whitespace=False,
        validators=[validate_name_kanji],
    )  # fmt: skip
    name_romanised = StrictCharField(
        max_length=60, required=False, allow_blank=True, default="", trim_whitespace=False,
        validators=[validate_name_romanised],
    )  # fmt: skip
    consents_to_statistics = StrictBooleanField(required=False, default=False)


class LearnerProfileOutputSerializer(serializers.ModelSerializer):
    prefecture_name = serializers.CharField(source="get_prefecture_display")

    class Meta:
        model = LearnerProfile
        fields = (
            "prefecture",
            "prefecture_name",
            "age_band",
            "employment_status",
            "industry",
            "organisation",
            "name_kanji",
            "name_romanised",
            "consents_to_statistics",
            "statistics_consent_at",
            "updated_at",
        )


class EnrolmentInputSerializer(serializers.Serializer):
    course = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Course.objects.filter(is_published=True),
        error_messages={
            "does_not_exist": _("No published course has the slug “{value}”."),
            "required": _("Name the course by its slug."),
        },
    )


class LessonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()


class ProgressSerializer(serializers.Serializer):
    completed_lessons = serializers.IntegerField(help_text="Required lessons completed.")
    required_lessons = serializers.IntegerField()
    percent = serializers.IntegerField(help_text="Rounded down; 100 when every required lesson is complete.")
    next_lesson = LessonRefSerializer(allow_null=True)


class CourseRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    uuid = serializers.UUIDField()
    title = serializers.CharField()


class EnrolmentOutputSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer()
    enrolled_at = serializers.DateTimeField(source="created_at")
    is_completed = serializers.BooleanField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = ("uuid", "course", "enrolled_at", "completed_at", "is_completed", "progress")

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, enrolment: Enrolment) -> dict[str, Any]:
        progress = enrolment_progress(enrolment=enrolment)
        return ProgressSerializer(
            {
                "completed_lessons": progress.completed,
                "required_lessons": progress.required,
                "percent": progress.percent,
                "next_lesson": progress.next_lesson,
            }
        ).data


class AnswerSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1)
    choice = serializers.IntegerField(min_value=1)


class QuizAttemptInputSerializer(serializers.Serializer):
    answers = AnswerSerializer(many=True, allow_empty=False)

    def validate_answers(self, answers: list[dict[str, int]]) -> dict[int, int]:
        questions = [answer["question"] for answer in answers]
        if len(questions) != len(set(questions)):
            raise serializers.ValidationError(_("Answer each question once."))
        return {answer["question"]: answer["choice"] for answer in answers}


class QuizAttemptOutputSerializer(serializers.ModelSerializer):
    pass_mark = serializers.IntegerField(source="quiz.pass_mark")
    enrolment = EnrolmentOutputSerializer()

    class Meta:
        model = QuizAttempt
        fields = (
            "score",
            "correct_count",
            "question_count",
            "pass_mark",
            "is_passed",
            "created_at",
            "enrolment",
        )


class CredentialOutputSerializer(serializers.ModelSerializer):
    course = CourseRefSerializer(source="enrolment.course")
    is_revoked = serializers.BooleanField()
    verify_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField()
    document = serializers.JSONField(help_text="The signed OpenBadgeCredential (JSON-LD) exactly as issued.")

    class Meta:
        model = Credential
        fields = (
            "uuid",
            "course",
            "issued_at",
            "is_revoked",
            "revoked_at",
            "revocation_reason",
            "verify_url",
            "credential_url",
            "document",
        )

    def get_verify_url(self, credential: Credential) -> str:
        return absolute_url(f"/verify/{credential.uuid}/")

    def get_credential_url(self, credential: Credential) -> str:
        return absolute_url(credential_json_path(credential.uuid))


class ExamRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField()

    class Meta:
        model = Exam
        fields = ("code", "name", "name_ja", "name_en", "level")


class ExamPassInputSerializer(serializers.Serializer):
    exam = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Exam.objects.all(),
        error_messages={
            "does_not_exist": _("No IPA exam has the code “{value}”."),
            "required": _("Name the exam by its code, e.g. FE."),
        },
    )
    passed_on = serializers.DateField(
        error_messages={
            "required": _("Enter the date you passed the exam."),
            "invalid": _("Enter the pass date as YYYY-MM-DD."),
        }
    )
    certificate_number = StrictCharField(max_length=40, required=False, allow_blank=True, default="")


class ExamPassOutputSerializer(serializers.ModelSerializer):
    exam = ExamRefSerializer()

    class Meta:
        model = ExamPass
        fields = ("exam", "passed_on", "certificate_number", "created_at", "updated_at")
