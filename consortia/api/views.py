"""Public, read-only API of the regional consortia and their events."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.permissions import AllowAny

from consortia import selectors
from consortia.filters import EventFilter
from consortia.models import Consortium, Event

from .serializers import ConsortiumOutputSerializer, EventOutputSerializer


@extend_schema_view(list=extend_schema(summary="Regional consortia with their member organisations"))
class ConsortiumViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = (AllowAny,)
    serializer_class = ConsortiumOutputSerializer
    lookup_field = "slug"
    queryset = Consortium.objects.none()

    def get_queryset(self) -> QuerySet[Consortium]:
        return selectors.consortium_list_public()


@extend_schema_view(list=extend_schema(summary="Consortium events, earliest first"))
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = (AllowAny,)
    serializer_class = EventOutputSerializer
    filterset_class = EventFilter
    lookup_field = "uuid"
    queryset = Event.objects.none()

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list_public().prefetch_related(None).select_related("programme__consortium")
