"""Who counts as a learner for the selectors: every selector returns only the actor's own rows."""

from core.models import User


def _is_learner(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated
