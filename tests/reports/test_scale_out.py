"""Scale-out, shown (issue #9): the platform's processes as separate processes on PostgreSQL and
Redis, as platform/Procfile lists them: two web processes (gunicorn), two Celery workers and beat.

Learners finish a course and a ministry viewer requests reports through both web processes at once;
one worker is killed (kill -9) while the burst is being worked off. Then the sweeps run, as beat
runs them every five minutes: every certificate is issued exactly once, every report is built and
finishes once, no temporary file is left, and the national count is exact.
"""

import datetime
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.models import User
from courses.models import CourseRole, Lesson
from learners.credentials import signing_key
from learners.models import Credential, Enrolment, LearnerProfile
from reports.models import CountedPerson, ReportRun, RollupState
from skills.models import Level, Role
from tests.courses.factories import CourseFactory, LessonFactory, ModuleFactory
from tests.postgres import database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LEARNERS, REPORTS = 24, 6


def _broker_url() -> str:
    return os.environ.get("CELERY_BROKER_URL", "")


@pytest.fixture(autouse=True)
def _needs_postgres_and_redis():
    if connection.vendor != "postgresql" or not _broker_url().startswith("redis://"):
        if os.environ.get("CI"):
            pytest.fail("CI runs the scale-out test on PostgreSQL and Redis")
        pytest.skip("needs PostgreSQL and Redis (CI always has both)")


def _wait(predicate, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


class Cluster:
    """The processes of platform/Procfile, started with the test database and a Redis database of
    their own; each in its own process group, so a kill takes its children with it."""

    def __init__(self, tmp_path: Path) -> None:
        broker = urllib.parse.urlsplit(_broker_url())
        self.broker = broker._replace(path="/7").geturl()  # not the suite's own database
        self.files = tmp_path / "reports"
        self.files.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,  # the sessions this test signs in with
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker,
            "REPORTS_FILES_DIR": str(self.files),
            "CREDENTIAL_SIGNING_KEY_FILE": str(settings.CREDENTIAL_SIGNING_KEY_FILE),
            "PLATFORM_DEMO_ENABLED": "False",
        }
        self.ports = (8791, 8792)
        self.logs = tmp_path
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> None:
        import redis

        redis.Redis.from_url(self.broker).flushdb()
        for name, port in zip(("web1", "web2"), self.ports, strict=True):
            self._spawn(
                name, [BIN / "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            )
        for name in ("worker1", "worker2"):
            self._spawn(
                name,
                [BIN / "celery", "--app", "config", "worker", "--loglevel", "INFO", "--concurrency", "2",
                 "--queues", "celery,heavy", "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle"],
            )  # fmt: skip
        self._spawn("beat", [BIN / "celery", "--app", "config", "beat", "--loglevel", "INFO"])
        for port in self.ports:
            _wait(lambda p=port: self._healthy(p), seconds=60, what=f"web on {port}")
        for name in ("worker1", "worker2"):
            _wait(lambda n=name: "ready." in self.log(n), seconds=60, what=f"{name} ready")

    def _spawn(self, name: str, command: list) -> None:
        log = (self.logs / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(  # noqa: S603 (fixed commands)
            [str(part) for part in command], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def _healthy(self, port: int) -> bool:
        try:
            return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def kill(self, name: str) -> None:
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path, counting, settings, broker):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "keys" / "signing.pem"
    signing_key()  # one key, made before any process could race to make it
    running = Cluster(tmp_path)
    broker.point_at(running.broker)  # the test enqueues through the cluster's Redis too
    running.start()
    yield running
    running.stop()
    import redis

    redis.Redis.from_url(running.broker).flushdb()  # nothing the killed worker held outlives the test


def _session(user: User, port: int) -> requests.Session:
    """A browser session of `user` on one web process: the session cookie and a CSRF token."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    page = session.get(f"http://127.0.0.1:{port}/me/learning/", allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.status_code  # signed in (a redirect would be the login page)
    session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
    return session


def test_two_web_processes_two_workers_and_beat_lose_nothing_when_a_worker_is_killed(cluster):
    course = CourseFactory.create(slug="scale-out", is_published=True)
    role = Role.objects.filter(version__is_current=True, version__part="promotion").first()
    CourseRole.objects.create(
        course=course, role=role, level=Level.objects.get(version=role.version, slug="a")
    )
    lesson = LessonFactory.create(
        module=ModuleFactory.create(course=course), kind=Lesson.Kind.TEXT, is_required=True
    )
    learners = []
    for i in range(LEARNERS):
        learner = User.objects.create_user(f"scale-{i}", f"scale-{i}@example.jp", "scale-pass-2026")
        LearnerProfile.objects.create(
            user=learner, prefecture="40", age_band="30s", employment_status="employed",
            industry="manufacturing", consents_to_statistics=True, statistics_consent_at=timezone.now(),
        )  # fmt: skip
        Enrolment.objects.create(learner=learner, course=course)
        learners.append(learner)
    viewer = User.objects.create_user("scale-viewer", "viewer@example.go.jp", "viewer-pass-2026")
    from django.contrib.auth.models import Group

    viewer.groups.add(Group.objects.get(name="Ministry viewer"))
    sessions = [_session(learner, cluster.ports[i % 2]) for i, learner in enumerate(learners)]
    viewers = [_session(viewer, port) for port in cluster.ports]

    def complete(i: int) -> int:
        port = cluster.ports[i % 2]
        url = f"http://127.0.0.1:{port}/learn/scale-out/lessons/{lesson.pk}/complete/"
        return sessions[i].post(url, allow_redirects=False, timeout=30).status_code

    def request_report(i: int) -> int:
        port = cluster.ports[i % 2]
        response = viewers[i % 2].post(
            f"http://127.0.0.1:{port}/reports/runs/", allow_redirects=False, timeout=30
        )
        return response.status_code

    # When the completions and the report requests arrive through both web processes at once,
    # and one worker is killed while they are being worked off
    with ThreadPoolExecutor(max_workers=8) as pool:
        completions = pool.map(complete, range(LEARNERS))
        reports = pool.map(request_report, range(REPORTS))
        time.sleep(0.3)
        cluster.kill("worker1")
        statuses = (list(completions), list(reports))

    # Then every request was answered normally
    assert statuses == ([302] * LEARNERS, [302] * REPORTS)
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == LEARNERS

    # and the surviving worker works off what reached it; what the killed one held waits
    def settled() -> tuple[int, int]:
        return Credential.objects.count(), ReportRun.objects.filter(status="succeeded").count()

    last, quiet = None, 0
    while quiet < 6:  # 3 s without change
        now = settled()
        quiet, last = (quiet + 1, now) if now == last else (0, now)
        time.sleep(0.5)

    # When the sweeps run (beat runs them every 5 minutes; here as if 20 minutes had passed)
    later = timezone.now() + datetime.timedelta(minutes=20)
    from learners.services import credential_sweep
    from reports.services import report_run_sweep

    swept = (credential_sweep(now=later), report_run_sweep(now=later))
    _wait(
        lambda: settled() == (LEARNERS, REPORTS),
        seconds=90,
        what=f"every certificate and report {swept} {settled()}",
    )

    # Then every certificate was issued exactly once and every report finished once
    assert Credential.objects.count() == LEARNERS
    assert set(Credential.objects.values_list("enrolment__learner_id", flat=True)) == {u.pk for u in learners}
    runs = list(ReportRun.objects.all())
    assert [run.status for run in runs] == ["succeeded"] * REPORTS
    assert all(1 <= run.attempts <= 2 for run in runs)
    files = sorted(p.name for p in cluster.files.iterdir())
    assert files == sorted([run.xlsx_file for run in runs] + [run.csv_file for run in runs])

    # And the national count, rolled up by a worker, is exact
    from reports.tasks import rollup_progress_task

    generation = RollupState.objects.values_list("generation", flat=True).first() or 0
    rollup_progress_task.apply_async(kwargs={"full": True})
    _wait(
        lambda: (RollupState.objects.values_list("generation", flat=True).first() or 0) > generation,
        seconds=90,
        what="the rollup",
    )
    assert CountedPerson.objects.count() == LEARNERS
    assert "Traceback" not in cluster.log("worker2")
