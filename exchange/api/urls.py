from django.urls import path

from .views import AboutView, StatementsView, course_activity

urlpatterns = [
    path("statements", StatementsView.as_view(), name="xapi-statements"),
    path("about", AboutView.as_view(), name="xapi-about"),
    path("activities/courses/<uuid:course_uuid>", course_activity, name="xapi-course-activity"),
]
