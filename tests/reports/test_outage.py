"""Report runs survive a broker outage and a killed worker (issue #9)."""

import datetime
import os
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import ReportRun
from reports.services import report_run_sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(settings, tmp_path):
    settings.REPORTS_FILES_DIR = tmp_path
    return tmp_path


@pytest.fixture
def ministry_client(client, actors):
    client.force_login(actors["ministry"])
    return client


def test_a_report_requested_while_the_broker_is_down_is_built_when_it_returns(
    ministry_client, figures, files, broker, django_capture_on_commit_callbacks
):
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = ministry_client.post(reverse("reports:run-request"), {"prefecture": "13"})

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert run.status == ReportRun.Status.QUEUED

    broker.up()
    assert report_run_sweep(now=timezone.now()) == {"requeued": 0, "failed": 0, "files_removed": 0}
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert report_run_sweep(now=later) == {"requeued": 1, "failed": 0, "files_removed": 0}

    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.attempts == 1
    assert sorted(p.name for p in files.iterdir()) == sorted([run.xlsx_file, run.csv_file])


def _killed_mid_build(files, *, attempts: int) -> ReportRun:
    """What kill -9 leaves: a run "running 85%" that nobody updates, and its temporary files."""
    run = ReportRun.objects.create(
        parameters={}, status=ReportRun.Status.RUNNING, progress=85, attempts=attempts
    )
    ReportRun.objects.filter(pk=run.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=30))
    for name in ("tmpab12.xlsx.part", "tmpcd34.csv.part"):
        path = files / name
        path.write_bytes(b"half")
        old = time.time() - 30 * 60
        os.utime(path, (old, old))
    return run


def test_a_run_whose_worker_was_killed_is_built_again_and_its_partial_files_removed(figures, files):
    run = _killed_mid_build(files, attempts=1)

    result = report_run_sweep(now=timezone.now())

    run.refresh_from_db()
    assert result == {"requeued": 1, "failed": 0, "files_removed": 2}
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.attempts == 2
    assert not list(files.glob("*.part"))


def test_a_run_that_keeps_losing_its_worker_is_marked_failed_with_the_reason(figures, files):
    run = _killed_mid_build(files, attempts=3)

    result = report_run_sweep(now=timezone.now())

    run.refresh_from_db()
    assert result == {"requeued": 0, "failed": 1, "files_removed": 2}
    assert run.status == ReportRun.Status.FAILED
    assert run.error == "The worker building this report stopped 3 times; request a new report."
    assert run.finished_at is not None


def test_a_running_run_that_still_reports_progress_is_left_alone(figures, files):
    run = ReportRun.objects.create(parameters={}, status=ReportRun.Status.RUNNING, progress=25, attempts=1)

    assert report_run_sweep(now=timezone.now()) == {"requeued": 0, "failed": 0, "files_removed": 0}
    run.refresh_from_db()
    assert run.status == ReportRun.Status.RUNNING


def test_a_second_delivery_of_the_same_build_does_nothing(figures, files, django_capture_on_commit_callbacks):
    from reports.services import report_build, report_run_request

    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_request(actor=None, params={})
    run.refresh_from_db()
    files_before = sorted(p.name for p in files.iterdir())

    report_build(run=run)

    run.refresh_from_db()
    assert run.status == ReportRun.Status.SUCCEEDED
    assert run.attempts == 1
    assert sorted(p.name for p in files.iterdir()) == files_before
