"""Groups of model permissions that a role needs (consortium admins, provider staff, …)."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

# (app label, model, actions): e.g. ("consortia", "event", ("view", "add", "change", "delete"))
ModelPermissions = Iterable[tuple[str, str, tuple[str, ...]]]


@transaction.atomic
def group_with_permissions(name: str, permissions: ModelPermissions) -> Group:
    """The group `name`, created if needed, holding exactly `permissions`. Idempotent."""
    group, _created = Group.objects.get_or_create(name=name)
    wanted = []
    for app_label, model, actions in permissions:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        for action in actions:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {model}"},
            )
            wanted.append(permission)
    group.permissions.set(wanted)
    return group
