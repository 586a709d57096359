"""Consortium data in Django admin, each consortium admin scoped to their own consortia.

Superusers see and change everything; the "Ministry viewer" group sees everything but
participations (records of named people) and changes nothing. Modules: `scoping` (the one base
every model admin here derives from), `consortia` (consortia, member organisations,
memberships), `programmes` (programmes and events), `participations` (attendance, import and
export). Importing this package registers them all.
"""

from . import consortia, participations, programmes, scoping

__all__ = ["consortia", "participations", "programmes", "scoping"]
