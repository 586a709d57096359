"""Celery entry points of the reports app: the nightly rollup and report builds."""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

TRANSIENT = (OperationalError, InterfaceError, BrokerOperationalError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    queue="heavy",
)
def rollup_progress_task(full: bool = False) -> dict:
    """Bring the progress tables up to date. Idempotent; a run that finds the lock taken does nothing."""
    from .rollup import RollupBusyError, rollup_run

    try:
        result = rollup_run(full=full)
    except RollupBusyError:
        logger.info("rollup_progress_task: another rollup is running; skipped")
        return {"skipped": True}
    logger.info("rollup_progress_task: %s", result)
    return {
        "mode": result.mode,
        "people_changed": result.people_changed,
        "counted_total": result.counted_total,
        "seconds": round(result.seconds, 3),
    }


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3, queue="heavy")
def report_build_task(run_uuid: str) -> str:
    """Build a queued report; a finished run is left alone, a failed one can be queued again."""
    from .models import ReportRun
    from .services import report_build

    run = ReportRun.objects.get(uuid=run_uuid)
    try:
        report_build(run=run)
    except TRANSIENT:
        raise
    except Exception:  # marked failed with the reason by report_build; do not retry bad data
        logger.exception("report_build_task: report %s failed", run_uuid)
    return run_uuid


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def report_run_sweep_task() -> dict:
    """Re-enqueue report runs whose task was lost; fail those that lost their worker too often."""
    from .services import report_run_sweep

    return report_run_sweep()


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def report_scheduled_task() -> str:
    """The monthly report: suppressed figures, all time, requested by the schedule."""
    from django.db import transaction

    from .services import report_run_request

    with transaction.atomic():
        run = report_run_request(actor=None, params={})
    return str(run.uuid)
