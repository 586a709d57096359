from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("uploads/", views.upload_list, name="upload-list"),
    path("uploads/<uuid:batch_uuid>/", views.upload_detail, name="upload-detail"),
    path("uploads/<uuid:batch_uuid>/errors.csv", views.upload_errors, name="upload-errors"),
]
