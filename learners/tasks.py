"""Celery entry points of the learners app: load rows, call one service."""

from celery import shared_task
from django.db import OperationalError

from .models import Enrolment


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def credential_issue_task(enrolment_id: int) -> None:
    """Issue the certificate of a completed enrolment; a no-op if it was already issued."""
    from .services import credential_issue  # local import breaks the services↔tasks cycle

    credential_issue(enrolment=Enrolment.objects.get(pk=enrolment_id))


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def credential_sweep_task() -> int:
    """Enqueue the certificates of completions whose task was lost (broker outage, killed worker)."""
    from .services import credential_sweep

    return credential_sweep()
