"""Everything under /api/v1/: one include per app."""

from django.urls import include, path

urlpatterns = [
    path("skills/", include("skills.api.urls")),
    path("courses/", include("courses.api.urls")),
    path("consortia/", include("consortia.api.urls")),
    path("me/", include("learners.api.urls")),
    path("reports/", include("reports.api.urls")),
    path("provider/", include("exchange.api.upload_urls")),
]
