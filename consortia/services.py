"""Writes to consortium data: reference loading, consortium admins, registrations and attendance."""

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import yaml
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.models import User
from core.permissions import group_with_permissions
from core.prefectures import Prefecture
from core.reference import LoadReport, reference_upsert

from .models import (
    Consortium,
    ConsortiumMembership,
    Event,
    MemberOrganization,
    Participation,
)
from .selectors import (
    CONSORTIUM_ADMIN_GROUP,
    actor_is_ministry_viewer,
    actor_sees_all_consortia,
    consortium_ids_for_actor,
    event_seats_taken,
)

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "consortia.yaml"

# Model permissions of the "Consortium admin" group: (app_label, model, actions).
CONSORTIUM_ADMIN_PERMISSIONS = (
    ("consortia", "consortium", ("view", "change")),
    ("consortia", "memberorganization", ("view", "add", "change", "delete")),
    ("consortia", "consortiummembership", ("view", "add", "change", "delete")),
    ("consortia", "programme", ("view", "add", "change", "delete")),
    ("consortia", "event", ("view", "add", "change", "delete")),
    ("consortia", "participation", ("view", "add", "change", "delete")),
    ("consortia", "headcount", ("view", "add", "change", "delete")),
    # Programmes name the roles and skills they develop: the admin needs to look them up.
    ("skills", "role", ("view",)),
    ("skills", "skill", ("view",)),
)


# --- Reference data ------------------------------------------------------------------------


def _reference_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    slugs = [row.get("slug") for row in data.get("consortia", [])]
    if len(set(slugs)) != len(slugs):
        problems.append("consortia: duplicate slug")
    org_slugs = [row.get("slug") for row in data.get("organizations", [])]
    if len(set(org_slugs)) != len(org_slugs):
        problems.append("organizations: duplicate slug")
    for row in data.get("consortia", []):
        for code in row.get("prefectures", []):
            if code not in Prefecture.values:
                problems.append(f"consortium {row.get('slug')}: unknown prefecture {code!r}")
        if not row.get("name_ja"):
            problems.append(f"consortium {row.get('slug')}: missing name_ja")
    for row in data.get("organizations", []):
        if not row.get("name_ja"):
            problems.append(f"organization {row.get('slug')}: missing name_ja")
        if row.get("prefecture") and row["prefecture"] not in Prefecture.values:
            problems.append(f"organization {row.get('slug')}: unknown prefecture {row['prefecture']!r}")
        for membership in row.get("memberships", []):
            if membership.get("consortium") not in slugs:
                problems.append(
                    f"organization {row.get('slug')}: unknown consortium {membership.get('consortium')!r}"
                )
    return problems


@transaction.atomic
def consortium_reference_load(*, data: dict[str, Any]) -> LoadReport:
    """Create or update the reference consortia, organisations and memberships from `data`.

    Idempotent (a second run reports every row unchanged) and all-or-nothing: the whole input is
    checked first and a bad input raises ApplicationError naming every problem. Rows not in the
    input are left alone (consortium admins may have added organisations).
    """
    problems = _reference_problems(data)
    if problems:
        raise ApplicationError("; ".join(problems), extra={"problems": problems})
    report = LoadReport()
    consortia: dict[str, Consortium] = {}
    for row in data.get("consortia", []):
        values = {
            "name_ja": row["name_ja"],
            "name_en": row.get("name_en", ""),
            "industry": row["industry"],
            "region": row["region"],
            "prefectures": list(row.get("prefectures", [])),
            "prefectures_verification": row.get("prefectures_verification", "unverified"),
            "meti_bureau": row["meti_bureau"],
            "founded_on": datetime.date.fromisoformat(row["founded_on"]) if row.get("founded_on") else None,
            "founded_on_precision": row.get("founded_on_precision", "day"),
            "verification": row.get("verification", "unverified"),
            "sources": list(row.get("sources", [])),
            "provenance_note": row.get("provenance_note", ""),
        }
        consortia[row["slug"]] = reference_upsert(
            Consortium, lookup={"slug": row["slug"]}, values=values, report=report
        )
    for row in data.get("organizations", []):
        values = {
            "name_ja": row["name_ja"],
            "name_en": row.get("name_en", ""),
            "kind": row["kind"],
            "prefecture": row.get("prefecture", ""),
            "verification": row.get("verification", "unverified"),
            "sources": list(row.get("sources", [])),
            "provenance_note": row.get("provenance_note", ""),
        }
        organization = reference_upsert(
            MemberOrganization, lookup={"slug": row["slug"]}, values=values, report=report
        )
        for membership in row.get("memberships", []):
            reference_upsert(
                ConsortiumMembership,
                lookup={"consortium": consortia[membership["consortium"]], "organization": organization},
                values={
                    "role": membership.get("role", "member"),
                    "verification": membership.get("verification", "unverified"),
                    "sources": list(row.get("sources", [])),
                    "provenance_note": membership.get("note", ""),
                },
                report=report,
            )
    return report


def consortium_reference_load_file(*, path: Path = REFERENCE_FILE) -> LoadReport:
    """Load the reference file shipped in consortia/data (see consortium_reference_load)."""
    with path.open(encoding="utf-8") as handle:
        return consortium_reference_load(data=yaml.safe_load(handle))


# --- Consortium admins -------------------------------------------------------------------------


@transaction.atomic
def consortium_admin_group_ensure() -> Group:
    """Create the "Consortium admin" group if needed and give it exactly its model permissions.

    Idempotent. The group has no permission on users or groups, so its members cannot create or
    promote users or change their own permissions.
    """
    return group_with_permissions(CONSORTIUM_ADMIN_GROUP, CONSORTIUM_ADMIN_PERMISSIONS)


@transaction.atomic
def consortium_admin_create(
    *,
    username: str,
    consortia: Iterable[Consortium],
    email: str = "",
    password: str | None = None,
    is_demo: bool = False,
) -> User:
    """Create (or update) a staff user in the Consortium admin group, linked to `consortia`.

    Idempotent: an existing user keeps their password unless one is given, gains the group and
    the consortia, and loses nothing else. Refuses superusers (they already see everything).
    """
    consortia = list(consortia)
    if not consortia:
        raise ApplicationError(_("Name at least one consortium."))
    group = consortium_admin_group_ensure()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email, is_staff=True, is_demo=is_demo)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
    else:
        if user.is_superuser:
            raise ApplicationError(_("%(username)s is a superuser.") % {"username": username})
        user.is_staff = True
        if email:
            user.email = email
        if password:
            user.set_password(password)
        user.save()
    user.groups.add(group)
    for consortium in consortia:
        consortium.administrators.add(user)
    return user


# --- Scoped writes from admin -------------------------------------------------------------------


def consortium_ids_of(obj: models.Model) -> set[int]:
    """The consortia an (unsaved or saved) object belongs to, following its CONSORTIUM_PATH."""
    path: str = obj.CONSORTIUM_PATH  # type: ignore[attr-defined]  # every scoped model declares it
    if path == "pk":
        return {obj.pk} if obj.pk else set()
    if "__" in path and path.startswith("memberships"):
        if obj.pk is None:
            return set()
        return set(
            ConsortiumMembership.objects.filter(organization=cast(MemberOrganization, obj)).values_list(
                "consortium", flat=True
            )
        )
    current: Any = obj
    for part in path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return set()
    return {current.pk}


def scope_check(*, actor: User, obj: models.Model) -> None:
    """Raise PermissionDenied unless every consortium of `obj` is one the actor administers."""
    if actor.is_superuser:
        return
    if actor_is_ministry_viewer(actor=actor):
        raise PermissionDenied
    allowed = consortium_ids_for_actor(actor=actor)
    owners = consortium_ids_of(obj)
    if not owners or not owners <= allowed:
        raise PermissionDenied


@transaction.atomic
def scoped_object_save(*, actor: User, obj: models.Model) -> models.Model:
    """Save a consortium-owned object changed in admin, refusing one outside the actor's consortia.

    The check runs on the object as it will be saved, so moving a record into another consortium
    is refused as well as editing one there.
    """
    if obj.pk is not None and not actor_sees_all_consortia(actor=actor):
        stored = type(obj)._default_manager.get(pk=obj.pk)
        scope_check(actor=actor, obj=stored)
    if not isinstance(obj, MemberOrganization) or obj.pk is not None:
        scope_check(actor=actor, obj=obj)
    obj.save()
    return obj


# --- Registrations and attendance ---------------------------------------------------------------


@transaction.atomic
def participation_register(*, event: Event, learner: User) -> Participation:
    """Register a learner for an event while seats remain.

    Locks the event row first (select_for_update), so two learners racing for the last seat are
    serialised and exactly one gets it. Idempotent: an existing registration is returned.
    Raises ApplicationError when the event has started or is full.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    existing = (
        Participation.objects.filter(event=event, learner=learner)
        .exclude(status=Participation.Status.CANCELLED)
        .first()
    )
    if existing is not None:
        return existing
    if event.starts_at <= timezone.now():
        raise ApplicationError(_("Registration for this event has closed."))
    if event_seats_taken(event=event) >= event.capacity:
        raise ApplicationError(_("This event is full."))
    participation = Participation(event=event, learner=learner, status=Participation.Status.REGISTERED)
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def participation_cancel(*, event: Event, learner: User) -> Participation | None:
    """Cancel the learner's registration, freeing the seat. Idempotent: None if there was none.

    Only a registration that has not been marked attended or no-show can be cancelled.
    """
    Event.objects.select_for_update().filter(pk=event.pk).first()
    participation = Participation.objects.filter(
        event=event, learner=learner, status=Participation.Status.REGISTERED
    ).first()
    if participation is None:
        return None
    participation.status = Participation.Status.CANCELLED
    participation.save(update_fields=["status", "updated_at"])
    return participation


@transaction.atomic
def participation_mark_attendance(
    *, actor: User, participations: Iterable[Participation], status: str
) -> int:
    """Set attended or no-show on participations in the actor's scope; logs each change in admin history.

    All-or-nothing: one participation outside the actor's consortia, or of an event that has not
    started yet (nobody can have attended it), refuses the whole batch.
    Returns the number of participations whose status changed.
    """
    if status not in (Participation.Status.ATTENDED, Participation.Status.NO_SHOW):
        raise ApplicationError(_("Attendance is either attended or no-show."))
    participations = list(participations)
    for participation in participations:
        scope_check(actor=actor, obj=participation)
    not_started = Event.objects.filter(
        pk__in={participation.event_id for participation in participations}, starts_at__gt=timezone.now()
    ).select_related("programme")
    if not_started:
        raise ApplicationError(
            _("Attendance can be recorded only once an event has started. Not started yet: %(events)s.")
            % {"events": ", ".join(str(event) for event in not_started)}
        )
    field_label = str(Participation._meta.get_field("status").verbose_name)
    changed = 0
    for participation in participations:
        if participation.status == status:
            continue
        participation.status = status
        participation.save(update_fields=["status", "updated_at"])
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[participation],
            action_flag=CHANGE,
            change_message=[{"changed": {"fields": [field_label]}}],
            single_object=True,
        )
        changed += 1
    return changed
