"""CSV/XLSX imports and exports in admin (django-import-export), scoped to the actor:
participants (`participations`) and anonymous head-counts (`head_counts`)."""

from .head_counts import HeadCountResource
from .participations import (
    ParticipationResource,
    PreviewResult,
    RowCheck,
    parse_prefecture,
    registered_on_display,
)

__all__ = [
    "HeadCountResource",
    "ParticipationResource",
    "PreviewResult",
    "RowCheck",
    "parse_prefecture",
    "registered_on_display",
]
