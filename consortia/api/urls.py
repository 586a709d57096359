from django.urls import path

from .views import ConsortiumViewSet, EventViewSet

urlpatterns = [
    path("events/", EventViewSet.as_view({"get": "list"}), name="consortia-event-list"),
    path("events/<uuid:uuid>/", EventViewSet.as_view({"get": "retrieve"}), name="consortia-event-detail"),
    path("", ConsortiumViewSet.as_view({"get": "list"}), name="consortia-consortium-list"),
    path("<slug:slug>/", ConsortiumViewSet.as_view({"get": "retrieve"}), name="consortia-consortium-detail"),
]
