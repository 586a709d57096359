from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("", views.standard_index, name="index"),
    path("common-skills/", views.skill_list, name="skill-list"),
    path("literacy/", views.literacy, name="literacy"),
    path("roles/<slug:slug>/", views.role_detail, name="role-detail"),
]
