"""CSV/XLSX imports and exports in admin (django-import-export), scoped to the actor:
participants (`participations`) and anonymous head-counts (`head_counts`)."""

from .head_counts import HeadCountResource
from .participations import ParticipationResource, RowCheck, parse_prefecture

__all__ = ["HeadCountResource", "ParticipationResource", "RowCheck", "parse_prefecture"]
