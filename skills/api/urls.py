from django.urls import path
from django.views.decorators.http import conditional_page
from rest_framework.routers import SimpleRouter

from .case_views import CFAssociationView, CFDocumentView, CFItemTypeView, CFItemView
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

# The URIs of the first CASE packages (and of the credentials issued with them): they answer as the
# CASE service does, for an object of that version only; left out of the OpenAPI schema.
LEGACY_CASE = {
    "CFDocuments": CFDocumentView,
    "CFItems": CFItemView,
    "CFAssociations": CFAssociationView,
    "CFItemTypes": CFItemTypeView,
}

urlpatterns = [
    path("case/", CasePackageView.as_view(), name="skills-case"),
    *(
        path(
            f"case/<str:version>/{collection}/<str:sourced_id>",
            conditional_page(view.as_view(version_in_path=True)),
            name=f"skills-case-legacy-{collection.lower()}",
        )
        for collection, view in LEGACY_CASE.items()
    ),
    *router.urls,
]
