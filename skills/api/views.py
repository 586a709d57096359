"""Read-only API of the Digital Skill Standard. Public: the standard is public reference data."""

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from skills import selectors
from skills.case_service import case_package_get
from skills.filters import RoleFilter, SkillFilter
from skills.models import HumanResourceType, Role, Skill, StandardVersion

from .serializers import (
    HumanResourceTypeOutputSerializer,
    RoleOutputSerializer,
    SkillOutputSerializer,
    StandardVersionOutputSerializer,
)

VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.STR,
    description="Standard version by slug ('dss-p-2.0') or number ('2.0'); the current version when omitted.",
)


if TYPE_CHECKING:  # the mixin's attributes are those of the views it is mixed into
    _ViewBase = GenericAPIView
else:
    _ViewBase = object


class VersionedMixin(_ViewBase):
    """Resolves `?version=` once per request; an unknown version is a 400 naming the parameter."""

    permission_classes = (AllowAny,)
    lookup_field = "slug"

    def standard_version(self) -> StandardVersion:
        if not hasattr(self, "_standard_version"):
            self._standard_version = selectors.standard_version_get(
                version=self.request.query_params.get("version")
            )
        return self._standard_version


@extend_schema_view(
    list=extend_schema(parameters=[VERSION_PARAMETER]), retrieve=extend_schema(parameters=[VERSION_PARAMETER])
)
class HumanResourceTypeViewSet(
    VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """人材類型: the human-resource types, each with its roles."""

    serializer_class = HumanResourceTypeOutputSerializer
    queryset = HumanResourceType.objects.none()

    def get_queryset(self) -> QuerySet[HumanResourceType]:
        return selectors.hr_type_list(version=self.standard_version())


@extend_schema_view(
    list=extend_schema(parameters=[VERSION_PARAMETER]), retrieve=extend_schema(parameters=[VERSION_PARAMETER])
)
class RoleViewSet(VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """ロール: the roles with their required skills and levels (flagged when provisional)."""

    serializer_class = RoleOutputSerializer
    queryset = Role.objects.none()
    filterset_class = RoleFilter

    def get_queryset(self) -> QuerySet[Role]:
        return selectors.role_list(version=self.standard_version())


@extend_schema_view(
    list=extend_schema(parameters=[VERSION_PARAMETER]), retrieve=extend_schema(parameters=[VERSION_PARAMETER])
)
class SkillViewSet(VersionedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """スキル項目: the common skill list, filterable by category, sub-category and role."""

    serializer_class = SkillOutputSerializer
    queryset = Skill.objects.none()
    filterset_class = SkillFilter

    def get_queryset(self) -> QuerySet[Skill]:
        return selectors.skill_list(version=self.standard_version())


class StandardVersionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The loaded versions of DSS-P, newest first."""

    permission_classes = (AllowAny,)
    serializer_class = StandardVersionOutputSerializer
    queryset = StandardVersion.objects.none()

    def get_queryset(self) -> QuerySet[StandardVersion]:
        return selectors.standard_version_list()


class CasePackageView(APIView):
    """The standard as a 1EdTech CASE 1.1 CFPackage (CFDocument, CFItems, CFAssociations): the
    CFPackages answer of the CASE service (/ims/case/v1p1/) for a version of DSS-P, kept as an alias.
    Its URIs are on PLATFORM_BASE_URL, whatever Host the request names."""

    permission_classes = (AllowAny,)

    @extend_schema(parameters=[VERSION_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        version = selectors.standard_version_get(version=request.query_params.get("version"))
        return Response(case_package_get(version=version))
