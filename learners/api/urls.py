from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import EnrolmentViewSet, LearnerProfileView

router = SimpleRouter()
router.register("enrolments", EnrolmentViewSet, basename="learners-enrolment")

urlpatterns = [
    path("profile/", LearnerProfileView.as_view(), name="learners-profile"),
    *router.urls,
]
