"""Read-only API of the course catalogue. Public: published courses are public information."""

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.settings import APISettings

from courses.filters import CourseFilter
from courses.models import Course
from courses.selectors import course_get, course_list

from .serializers import CourseDetailOutputSerializer, CourseOutputSerializer


class FormatIsAFilterNegotiation(DefaultContentNegotiation):
    """Here `?format=` filters courses (online, in_person, hybrid); it does not pick DRF's renderer.

    DRF reads `?format=` as a renderer override and answers 404 for a value it has no renderer
    for; the catalogue's clients choose JSON with the Accept header instead.
    """

    settings = APISettings(user_settings={"URL_FORMAT_OVERRIDE": None})  # type: ignore[assignment,arg-type]


class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published courses with the roles of the standard they target; filter by role, type, category and more."""

    permission_classes = (AllowAny,)
    content_negotiation_class = FormatIsAFilterNegotiation
    lookup_field = "slug"
    filterset_class = CourseFilter
    queryset = Course.objects.none()

    def get_queryset(self) -> QuerySet[Course]:
        return course_list()

    def get_serializer_class(self) -> type[CourseOutputSerializer]:
        return CourseDetailOutputSerializer if self.action == "retrieve" else CourseOutputSerializer

    def get_object(self) -> Course:
        # The detail ignores the list's filters: it is one published course, or 404.
        course = course_get(slug=self.kwargs["slug"])
        if course is None:
            raise NotFound
        return course
