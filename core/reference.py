"""The one way reference data (the standard, the consortia, the IPA exams) is written: upserts
that create a row, or change only the fields that differ, validated, and counted.

Used by `skills.services.standard_load`, `consortia.services.consortium_reference_load` and
`learners.services.exam_reference_load`, each inside its own transaction, so a load is
all-or-nothing and loading the same file twice changes nothing.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


@dataclass
class LoadReport:
    """What a load did: rows created, updated and left unchanged (and deleted), by kind."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) + sum(self.updated.values()) + sum(self.deleted.values()))

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.deleted))
        parts = [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            + (f", {self.deleted[kind]} deleted" if self.deleted[kind] else "")
            for kind in kinds
        ]
        return "; ".join(parts) if parts else "nothing to load"


def reference_upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: LoadReport,
    validate: bool = True,
) -> M:
    """The row matching `lookup`, created with `values` or with the differing fields updated.

    Validated with full_clean() before it is saved (a bad reference row is a ValidationError, and
    the caller's transaction writes nothing), unless the caller validated the whole file itself
    (`validate=False`: the standard, whose version slugs such as dss-p-1.2 carry a dot that
    SlugField's validator refuses). An update saves only the changed fields (and updated_at where the
    model has it). Counted in `report` under the model's name.
    """
    kind = str(model._meta.model_name)
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if validate:
            obj.full_clean()
        obj.save()
        report.created[kind] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        report.unchanged[kind] += 1
        return obj
    for name in changed:
        setattr(obj, name, values[name])
    if validate:
        obj.full_clean()
    stamp = ["updated_at"] if any(f.name == "updated_at" for f in model._meta.get_fields()) else []
    obj.save(update_fields=[*changed, *stamp])
    report.updated[kind] += 1
    return obj
