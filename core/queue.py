"""Enqueueing work so that a broker outage delays it and never loses it (STYLE §13).

Work that must happen is recorded in the database first (a completed enrolment, a queued report
run); the task is only a prompt to do it now. So publishing a task never fails the request that
recorded the work: when the broker cannot be reached the error is logged and the app's periodic
sweep (learners.services.credential_sweep, reports.services.report_run_sweep) finds the work
still pending after its deadline and enqueues it again.
"""

import logging
from typing import Any

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)


def enqueue(task: Any, *args: Any) -> bool:
    """Publish `task` with JSON-safe `args` now; False (logged) when the broker is unreachable."""
    try:
        task.apply_async(args=args)
    except (BrokerError, ConnectionError, OSError) as error:
        logger.warning(
            "enqueue: %s%r not published (%s); the periodic sweep will retry it", task.name, args, error
        )
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Publish `task` once the current transaction commits (never inside it), as `enqueue`."""
    transaction.on_commit(lambda: enqueue(task, *args))
