from django.urls import path

from . import views

app_name = "consortia"
urlpatterns = [
    path("", views.consortium_list, name="consortium-list"),
    path("events/<uuid:uuid>/", views.event_detail, name="event-detail"),
    path("events/<uuid:uuid>/register/", views.event_register, name="event-register"),
    path("events/<uuid:uuid>/cancel/", views.event_cancel, name="event-cancel"),
    path("<slug:slug>/", views.consortium_detail, name="consortium-detail"),
]
