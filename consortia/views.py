"""Portal pages of the regional consortia: the list, a consortium, and an event with registration."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.types import AuthenticatedHttpRequest

from . import selectors, services
from .models import Event


def consortium_list(request: HttpRequest) -> HttpResponse:
    """/consortia/: every consortium with its members and upcoming events."""
    consortia = list(selectors.consortium_list_public())
    upcoming: dict[int, list[Event]] = {consortium.pk: [] for consortium in consortia}
    for event in selectors.event_list_public(upcoming_only=True):
        upcoming[event.programme.consortium_id].append(event)
    rows = [(consortium, upcoming[consortium.pk]) for consortium in consortia]
    return render(request, "consortia/consortium_list.html", {"rows": rows})


def consortium_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consortium = selectors.consortium_get_public(slug=slug)
    if consortium is None:
        raise Http404
    events = selectors.event_list_public(consortium_slug=slug, upcoming_only=True)
    return render(request, "consortia/consortium_detail.html", {"consortium": consortium, "events": events})


def _event_or_404(uuid: str) -> Event:
    event = selectors.event_get_public(uuid=uuid)
    if event is None:
        raise Http404
    return event


def event_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """An event: programme, date, venue, seats left (only before it starts: afterwards capacity minus
    seats left would be its exact attendance, a counted figure); register or cancel when signed in."""
    event = _event_or_404(uuid)
    seats_taken = selectors.event_seats_taken(event=event) if event.is_upcoming else event.capacity
    return render(
        request,
        "consortia/event_detail.html",
        {
            "event": event,
            "seats_left": max(event.capacity - seats_taken, 0),
            "registration": selectors.participation_get_active(event=event, learner=request.user),
            "login_url": resolve_url(settings.LOGIN_URL),
        },
    )


@login_required
@require_POST
def event_register(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    event = _event_or_404(uuid)
    try:
        services.participation_register(event=event, learner=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You are registered for this event."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_cancel(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    event = _event_or_404(uuid)
    if services.participation_cancel(event=event, learner=request.user) is not None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url())
