"""Ctrl-C on `make run` stops web, worker and beat cleanly (issue #14, item 8).

`make serve` (the processes `make run` starts once the demo is set up) runs at a terminal, here a
pseudo-terminal, on the first-run filesystem broker. The interrupt typed at the terminal must stop
all three processes on their own, none SIGKILLed by honcho, and make must exit 0. Before
scripts/honcho_start.py raised honcho's five-second grace period, the idle worker's cold shutdown
took about six seconds on a two-core machine, honcho reported `worker.1 stopped (rc=-9)`.
"""

import contextlib
import os
import pty
import re
import select
import signal
import socket
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.postgres import database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Terminal:
    """`make serve` on a pseudo-terminal, as a person at a shell runs it."""

    def __init__(self, env: dict[str, str]) -> None:
        self.output = b""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: make at the terminal
            os.chdir(ROOT)
            os.execvpe("make", ["make", "--no-print-directory", "serve"], env)  # noqa: S606, S607

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:  # the terminal closed: make has exited
                    return

    @property
    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*m", "", self.output.decode(errors="replace"))

    def wait_for(self, pattern: str, *, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not re.search(pattern, self.text):
            if time.monotonic() > deadline:
                raise AssertionError(f"no {pattern!r} after {seconds:.0f} s:\n{self.text[-3000:]}")
            self.read(0.5)

    def interrupt(self) -> None:
        os.write(self.fd, b"\x03")  # Ctrl-C, through the terminal's line discipline

    def exit_status(self, *, seconds: float) -> int | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.5)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        return None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(os.getpgid(self.pid), signal.SIGKILL)


@pytest.fixture
def terminal(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the processes share the suite's PostgreSQL test database (CI always has it)")
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("CELERY_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": "filesystem://",  # the first run's broker, where the stop was slowest
        "CELERY_BROKER_FILESYSTEM_DIR": str(tmp_path / "celery"),
        "REPORTS_FILES_DIR": str(tmp_path / "reports"),
        "CREDENTIAL_SIGNING_KEY_FILE": str(settings.CREDENTIAL_SIGNING_KEY_FILE),
        "PORT": str(_free_port()),
        "TERM": "dumb",
    }
    session = Terminal(env)
    yield session
    session.kill()


def test_ctrl_c_stops_web_worker_and_beat_cleanly(terminal):
    # given the three processes up, the worker ready and idle
    terminal.wait_for(r"Listening at: http://127\.0\.0\.1", seconds=90)
    terminal.wait_for(r"beat: Starting", seconds=90)
    terminal.wait_for(r"celery@\S+ ready\.", seconds=90)
    terminal.read(2)

    # when the person at the terminal types Ctrl-C
    terminal.interrupt()
    status = terminal.exit_status(seconds=45)

    # then each process stops on its own, none is killed, and make exits 0
    log = terminal.text
    assert status == 0, log[-3000:]
    assert "SIGKILL" not in log, log[-3000:]
    for process in ("web.1", "worker.1", "beat.1"):
        assert re.search(rf"{re.escape(process)} stopped \(rc=0\)", log), log[-3000:]
    assert "Error" not in log.split("SIGINT received", 1)[1], log[-3000:]
