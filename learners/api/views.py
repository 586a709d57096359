"""The learner's own data over the API: enrolments with progress, lesson completion, quizzes, profile.

Every queryset comes from a selector scoped to request.user: another learner's enrolment is a 404,
exactly like one that does not exist, and nothing changes.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.exceptions import ApplicationError
from core.types import AuthenticatedRequest
from courses.models import Lesson

from .. import selectors, services
from ..models import Credential, Enrolment, ExamPass
from .serializers import (
    CredentialOutputSerializer,
    EnrolmentInputSerializer,
    EnrolmentOutputSerializer,
    ExamPassInputSerializer,
    ExamPassOutputSerializer,
    LearnerProfileInputSerializer,
    LearnerProfileOutputSerializer,
    QuizAttemptInputSerializer,
    QuizAttemptOutputSerializer,
)

LESSON_ID = OpenApiParameter("lesson_id", int, OpenApiParameter.PATH, description="The lesson's id.")


class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's enrolments, with progress; enrol, complete lessons and take quizzes."""

    request: AuthenticatedRequest  # IsAuthenticated (the default) admits only signed-in users

    serializer_class = EnrolmentOutputSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    queryset = Enrolment.objects.none()

    def get_queryset(self) -> QuerySet[Enrolment]:
        return selectors.enrolment_list(actor=self.request.user)

    def get_object(self) -> Enrolment:
        enrolment = selectors.enrolment_get(actor=self.request.user, uuid=self.kwargs["uuid"])
        if enrolment is None:
            raise NotFound
        return enrolment

    def _reload(self, enrolment: Enrolment) -> Enrolment:
        return selectors.enrolment_get(actor=self.request.user, uuid=enrolment.uuid) or enrolment

    def _lesson(self, enrolment: Enrolment) -> Lesson:
        lesson = selectors.lesson_get(course=enrolment.course, lesson_id=int(self.kwargs["lesson_id"]))
        if lesson is None:
            message = _("This lesson is not part of the course of this enrolment.")
            raise ApplicationError(message, extra={"fields": {"lesson": [message]}})
        return lesson

    @extend_schema(
        request=EnrolmentInputSerializer,
        responses={200: EnrolmentOutputSerializer, 201: EnrolmentOutputSerializer},
        description="Enrol in a published course by slug. Idempotent: 201 when new, 200 with the existing one.",
    )
    def create(self, request: AuthenticatedRequest) -> Response:
        data = EnrolmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        course = data.validated_data["course"]
        existing = selectors.enrolment_get_for_course(actor=request.user, course=course)
        enrolment = services.enrolment_create(learner=request.user, course=course)
        return Response(
            EnrolmentOutputSerializer(self._reload(enrolment)).data, status=200 if existing else 201
        )

    @extend_schema(request=None, responses={200: EnrolmentOutputSerializer}, parameters=[LESSON_ID])
    @action(detail=True, methods=["post"], url_path=r"lessons/(?P<lesson_id>[0-9]+)/complete")
    def complete_lesson(self, request: AuthenticatedRequest, uuid: str, lesson_id: str) -> Response:
        """Mark a lesson of the enrolment's course complete (idempotent); a quiz needs a passing attempt."""
        enrolment = self.get_object()
        services.lesson_complete(enrolment=enrolment, lesson=self._lesson(enrolment))
        return Response(EnrolmentOutputSerializer(self._reload(enrolment)).data)

    @extend_schema(
        request=QuizAttemptInputSerializer,
        responses={201: QuizAttemptOutputSerializer},
        parameters=[LESSON_ID],
    )
    @action(detail=True, methods=["post"], url_path=r"lessons/(?P<lesson_id>[0-9]+)/quiz-attempts")
    def submit_quiz(self, request: AuthenticatedRequest, uuid: str, lesson_id: str) -> Response:
        """Answer the lesson's quiz: {"answers": [{"question": id, "choice": id}, ...]}; a pass completes it."""
        enrolment = self.get_object()
        data = QuizAttemptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attempt = services.quiz_attempt_submit(
            enrolment=enrolment, lesson=self._lesson(enrolment), answers=data.validated_data["answers"]
        )
        attempt.enrolment = self._reload(enrolment)
        return Response(QuizAttemptOutputSerializer(attempt).data, status=201)


class LearnerProfileView(generics.GenericAPIView):
    """The signed-in learner's own profile: GET it (404 until created), PUT to create or replace it."""

    request: AuthenticatedRequest  # IsAuthenticated (the default) admits only signed-in users

    serializer_class = LearnerProfileOutputSerializer

    @extend_schema(
        responses={
            200: LearnerProfileOutputSerializer,
            404: OpenApiResponse(description="The learner has not filled in a profile yet."),
        }
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        profile = selectors.learner_profile_get(actor=request.user)
        if profile is None:
            raise NotFound(_("You have not filled in your profile yet."))
        return Response(LearnerProfileOutputSerializer(profile).data)

    @extend_schema(
        request=LearnerProfileInputSerializer,
        responses={200: LearnerProfileOutputSerializer, 201: LearnerProfileOutputSerializer},
    )
    def put(self, request: AuthenticatedRequest) -> Response:
        data = LearnerProfileInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = selectors.learner_profile_get(actor=request.user) is not None
        profile = services.learner_profile_save(user=request.user, **data.validated_data)
        return Response(LearnerProfileOutputSerializer(profile).data, status=200 if existed else 201)


class CredentialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's own certificates (Open Badges 3.0); anyone else's is a 404."""

    request: AuthenticatedRequest  # IsAuthenticated (the default) admits only signed-in users

    serializer_class = CredentialOutputSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{36}"
    queryset = Credential.objects.none()

    def get_queryset(self) -> QuerySet[Credential]:
        return selectors.credential_list(actor=self.request.user)

    def get_object(self) -> Credential:
        credential = selectors.credential_get(actor=self.request.user, uuid=self.kwargs["uuid"])
        if credential is None:
            raise NotFound
        return credential


class ExamPassViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The signed-in learner's IPA exam passes: list, record (or correct) one, delete one by exam code."""

    request: AuthenticatedRequest  # IsAuthenticated (the default) admits only signed-in users

    serializer_class = ExamPassOutputSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]{1,8}"
    queryset = ExamPass.objects.none()

    def get_queryset(self) -> QuerySet[ExamPass]:
        return selectors.exam_pass_list(actor=self.request.user)

    def get_object(self) -> ExamPass:
        exam_pass = selectors.exam_pass_get(actor=self.request.user, code=self.kwargs["code"])
        if exam_pass is None:
            raise NotFound
        return exam_pass

    @extend_schema(
        request=ExamPassInputSerializer,
        responses={200: ExamPassOutputSerializer, 201: ExamPassOutputSerializer},
        description="Record a pass by exam code; 201 when new, 200 when it corrects an existing pass. "
        "A date in the future is a 400 naming passed_on.",
    )
    def create(self, request: AuthenticatedRequest) -> Response:
        data = ExamPassInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        existed = selectors.exam_pass_get(actor=request.user, code=data.validated_data["exam"].code)
        exam_pass = services.exam_pass_record(learner=request.user, **data.validated_data)
        return Response(ExamPassOutputSerializer(exam_pass).data, status=200 if existed else 201)

    def perform_destroy(self, instance: ExamPass) -> None:
        services.exam_pass_delete(exam_pass=instance)


class LearnerRecordView(generics.GenericAPIView):
    """GET /api/v1/me/learner-record/: the signed-in learner's Comprehensive Learner Record (1EdTech
    CLR 2.0 ClrCredential), signed now, holding every certificate and exam pass; 404 when empty."""

    request: AuthenticatedRequest

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
        summary="Download my learner record (CLR 2.0)",
    )
    def get(self, request: AuthenticatedRequest) -> Response:
        try:
            record = services.learner_record_build(learner=request.user)
        except ApplicationError as error:
            raise NotFound(error.message) from None
        response = Response(record)
        response["Cache-Control"] = "private, no-store"
        return response


class DataExportView(generics.GenericAPIView):
    """GET /api/v1/me/export/: everything the platform holds about the signed-in learner, as one
    document (the same as the profile page's download)."""

    request: AuthenticatedRequest

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="Download all my data")
    def get(self, request: AuthenticatedRequest) -> Response:
        response = Response(selectors.learner_data_export(actor=request.user))
        response["Cache-Control"] = "no-store"
        return response
