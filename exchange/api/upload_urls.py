from django.urls import path

from .uploads import UploadDetailView, UploadErrorsView, UploadListView

urlpatterns = [
    path("uploads/", UploadListView.as_view(), name="provider-upload-list"),
    path("uploads/<uuid:batch_uuid>/", UploadDetailView.as_view(), name="provider-upload-detail"),
    path("uploads/<uuid:batch_uuid>/errors.csv", UploadErrorsView.as_view(), name="provider-upload-errors"),
]
