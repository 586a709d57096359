"""Reads of consortium data, scoped by the actor.

Scope rule: superusers and the "Ministry viewer" group see every consortium; any other user sees
the consortia they administer (Consortium.administrators). Every consortium-owned model declares
CONSORTIUM_PATH, the ORM path to its consortium, and `scope_queryset` filters by it.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from core.models import User

from .models import AttendanceAudience, Consortium, Event, HeadCount, MemberOrganization, Participation

CONSORTIUM_ADMIN_GROUP = "Consortium admin"
MINISTRY_VIEWER_GROUP = "Ministry viewer"

Actor = User | AnonymousUser


def ministry_viewer_membership(user: Any) -> Exists:
    """Membership of the read-only "Ministry viewer" group, as a subquery: `user` is a User or an
    OuterRef to one. The one definition of a ministry viewer (reports reads it in its access query)."""
    return Exists(Group.objects.filter(user=user, name=MINISTRY_VIEWER_GROUP))


def actor_is_ministry_viewer(*, actor: Actor) -> bool:
    """True for an active user in the read-only "Ministry viewer" group."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return User.objects.filter(pk=actor.pk).filter(ministry_viewer_membership(OuterRef("pk"))).exists()


def actor_sees_all_consortia(*, actor: Actor) -> bool:
    """Superusers and ministry viewers see every consortium's data."""
    if not actor.is_authenticated or not actor.is_active:
        return False
    return actor.is_superuser or actor_is_ministry_viewer(actor=actor)


def consortium_ids_for_actor(*, actor: Actor) -> set[int]:
    """The ids of the consortia the actor administers (empty for anonymous users)."""
    if not actor.is_authenticated or not actor.is_active:
        return set()
    return set(Consortium.objects.filter(administrators=actor).values_list("pk", flat=True))


def scope_queryset(queryset: QuerySet[Any], *, actor: Actor) -> QuerySet[Any]:
    """`queryset` narrowed to the rows of the actor's consortia (all rows for see-all actors).

    The model must declare CONSORTIUM_PATH. Paths through many-valued relations are filtered by a
    pk subquery, so rows are never duplicated.
    """
    if actor_sees_all_consortia(actor=actor):
        return queryset
    ids = consortium_ids_for_actor(actor=actor)
    path = queryset.model.CONSORTIUM_PATH
    inner = queryset.model._default_manager.filter(**{f"{path}__in": ids}).values("pk")
    return queryset.filter(pk__in=inner)


def consortium_list_for_actor(*, actor: Actor) -> QuerySet[Consortium]:
    """Consortia the actor may manage in admin."""
    return scope_queryset(Consortium.objects.all(), actor=actor)


def consortium_list_public() -> QuerySet[Consortium]:
    """Every consortium with its member organisations, for the public portal and API."""
    return Consortium.objects.prefetch_related(
        Prefetch("organizations", queryset=MemberOrganization.objects.order_by("kind", "slug"))
    ).order_by("slug")


def consortium_get_public(*, slug: str) -> Consortium | None:
    return consortium_list_public().filter(slug=slug).first()


def event_list_public(*, consortium_slug: str | None = None, upcoming_only: bool = False) -> QuerySet[Event]:
    """Events, earliest first, with the seats taken annotated as `seats_taken`."""
    events = Event.objects.select_related("programme__consortium")
    if consortium_slug:
        events = events.filter(programme__consortium__slug=consortium_slug)
    if upcoming_only:
        events = events.filter(starts_at__gt=timezone.now())
    return annotate_seats_taken(events).order_by("starts_at", "pk")


def annotate_seats_taken(events: QuerySet[Event]) -> QuerySet[Event]:
    seated = Q(participations__status__in=Participation.SEATED)
    return events.annotate(
        learner_seats=Count("participations", filter=seated & Q(participations__learner__isnull=False)),
        group_seats=Coalesce(
            Sum(
                "participations__students_count",
                filter=seated & Q(participations__learner__isnull=True),
            )
            + Sum("participations__teachers_count", filter=seated & Q(participations__learner__isnull=True))
            + Sum("participations__others_count", filter=seated & Q(participations__learner__isnull=True)),
            0,
        ),
    )


def event_seats_taken(*, event: Event) -> int:
    """Seats taken at an event: registered or attended learners plus group head-counts."""
    seated = Participation.objects.filter(event=event, status__in=Participation.SEATED)
    learners = seated.filter(learner__isnull=False).count()
    groups = seated.filter(learner__isnull=True).aggregate(
        total=Coalesce(Sum("students_count"), 0)
        + Coalesce(Sum("teachers_count"), 0)
        + Coalesce(Sum("others_count"), 0)
    )["total"]
    return learners + groups


def event_get_public(*, uuid: str) -> Event | None:
    return Event.objects.select_related("programme__consortium").filter(uuid=uuid).first()


def participation_get_active(*, event: Event, learner: Actor) -> Participation | None:
    """The learner's seat-holding registration at the event, if any."""
    if not learner.is_authenticated:
        return None
    return (
        Participation.objects.filter(event=event, learner=learner)
        .exclude(status=Participation.Status.CANCELLED)
        .first()
    )


def consortium_activity(*, actor: Actor, consortium: Consortium) -> dict[str, Any]:
    """A consortium's own activity by month (the month an event ends, in Japan): events held,
    anonymous head-counts by audience (persons and groups), and named participants who attended.

    Exact figures, for the consortium's administrators and superusers only: ministry viewers read
    these through the protected measures table instead. Raises PermissionDenied for anyone else.
    Three aggregate queries, whatever the number of months.
    """
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    if not actor.is_superuser and (
        actor_is_ministry_viewer(actor=actor) or consortium.pk not in consortium_ids_for_actor(actor=actor)
    ):
        raise PermissionDenied
    now = timezone.now()
    month = TruncMonth("ends_at", tzinfo=timezone.get_default_timezone())
    held = Event.objects.filter(programme__consortium=consortium, ends_at__lte=now)
    months: dict[Any, dict[str, Any]] = {}

    def row(key: Any) -> dict[str, Any]:
        key = key.date() if hasattr(key, "date") else key
        return months.setdefault(
            key,
            {"month": key, "events": 0, "named": 0, "persons": 0, "groups": 0,
             "by_audience": dict.fromkeys(AttendanceAudience.values, 0)},
        )  # fmt: skip

    for found in held.annotate(m=month).values("m").annotate(n=Count("pk")).order_by():
        row(found["m"])["events"] = found["n"]
    counts = (
        HeadCount.objects.filter(event__in=held)
        .annotate(m=TruncMonth("event__ends_at", tzinfo=timezone.get_default_timezone()))
        .values("m", "audience")
        .annotate(persons=Sum("persons"), groups=Coalesce(Sum("groups"), 0))
        .order_by()
    )
    for found in counts:
        target = row(found["m"])
        target["by_audience"][found["audience"]] += found["persons"]
        target["persons"] += found["persons"]
        target["groups"] += found["groups"]
    named = (
        Participation.objects.filter(
            event__in=held, status=Participation.Status.ATTENDED, learner__isnull=False
        )
        .annotate(m=TruncMonth("event__ends_at", tzinfo=timezone.get_default_timezone()))
        .values("m")
        .annotate(n=Count("learner", distinct=True))
        .order_by()
    )
    for found in named:
        row(found["m"])["named"] = found["n"]
    ordered = [months[key] for key in sorted(months, reverse=True)]
    for entry in ordered:
        entry["audience_values"] = list(entry["by_audience"].values())
    totals = {
        "events": sum(r["events"] for r in ordered),
        "persons": sum(r["persons"] for r in ordered),
        "groups": sum(r["groups"] for r in ordered),
        "named": Participation.objects.filter(
            event__in=held, status=Participation.Status.ATTENDED, learner__isnull=False
        ).aggregate(n=Count("learner", distinct=True))["n"],
        "audience_values": [sum(r["by_audience"][a] for r in ordered) for a in AttendanceAudience.values],
    }
    return {"months": ordered, "totals": totals, "audiences": AttendanceAudience.choices}
