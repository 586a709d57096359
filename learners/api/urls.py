from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    CredentialViewSet,
    DataExportView,
    EnrolmentViewSet,
    ExamPassViewSet,
    LearnerProfileView,
    LearnerRecordView,
)

router = SimpleRouter()
router.register("enrolments", EnrolmentViewSet, basename="learners-enrolment")
router.register("credentials", CredentialViewSet, basename="learners-credential")
router.register("exam-passes", ExamPassViewSet, basename="learners-exam-pass")

urlpatterns = [
    path("profile/", LearnerProfileView.as_view(), name="learners-profile"),
    path("export/", DataExportView.as_view(), name="learners-export"),
    path("learner-record/", LearnerRecordView.as_view(), name="learners-record"),
    *router.urls,
]
