"""Reads of the exchange app. A provider sees only its own statements; admin pages scope by the
actor's providers (superusers see all)."""

import datetime
import uuid
from typing import Any

from django.db.models import Q, QuerySet

from core.models import User
from courses.models import Provider

from .models import ProviderCredential, Statement


def provider_ids_for_actor(*, actor: Any) -> set[int]:
    """The providers whose staff the actor is (empty for anonymous users)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return set()
    return set(Provider.objects.filter(staff=actor).values_list("pk", flat=True))


def actor_sees_all_providers(*, actor: Any) -> bool:
    return bool(getattr(actor, "is_superuser", False) and actor.is_active)


def scope_by_provider(queryset: QuerySet, *, actor: User, path: str = "provider") -> QuerySet:
    """`queryset` narrowed to the actor's providers' rows (all rows for superusers)."""
    if actor_sees_all_providers(actor=actor):
        return queryset
    return queryset.filter(**{f"{path}__in": provider_ids_for_actor(actor=actor)})


def statement_get(*, credential: ProviderCredential, statement_id: uuid.UUID, voided: bool) -> Statement:
    """One of the provider's statements: a voided one only when asked for (voidedStatementId)."""
    return Statement.objects.get(
        provider_id=credential.provider_id, statement_id=statement_id, is_voided=voided
    )


def statement_list(
    *,
    credential: ProviderCredential,
    actor_key: str | None = None,
    verb: str | None = None,
    activity: str | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    ascending: bool = False,
    after: tuple[datetime.datetime, int] | None = None,
) -> QuerySet[Statement]:
    """The provider's statements that are not voided, ordered by `stored` (newest first unless
    ascending); `after` is the (stored, pk) of the last statement of the previous page."""
    queryset = Statement.objects.filter(provider_id=credential.provider_id, is_voided=False)
    if actor_key is not None:
        queryset = queryset.filter(actor_key=actor_key)
    if verb is not None:
        queryset = queryset.filter(verb_id=verb)
    if activity is not None:
        queryset = queryset.filter(activity_id=activity)
    if since is not None:
        queryset = queryset.filter(stored__gt=since)
    if until is not None:
        queryset = queryset.filter(stored__lte=until)
    if after is not None:
        stored, pk = after
        if ascending:
            queryset = queryset.filter(Q(stored__gt=stored) | Q(stored=stored, pk__gt=pk))
        else:
            queryset = queryset.filter(Q(stored__lt=stored) | Q(stored=stored, pk__lt=pk))
    order = ("stored", "pk") if ascending else ("-stored", "-pk")
    return queryset.order_by(*order)
