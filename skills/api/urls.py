from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    CasePackageView,
    HumanResourceTypeViewSet,
    RoleViewSet,
    SkillViewSet,
    StandardVersionViewSet,
)

router = SimpleRouter()
router.register("types", HumanResourceTypeViewSet, basename="skills-type")
router.register("roles", RoleViewSet, basename="skills-role")
router.register("skills", SkillViewSet, basename="skills-skill")
router.register("versions", StandardVersionViewSet, basename="skills-version")

urlpatterns = [path("case/", CasePackageView.as_view(), name="skills-case"), *router.urls]
