from django.urls import path

from .views import MeasuresView, ProgressView

urlpatterns = [
    path("progress/", ProgressView.as_view(), name="reports-progress"),
    path("measures/", MeasuresView.as_view(), name="reports-measures"),
]
