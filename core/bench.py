"""What the benchmarks share (`make bench`): the machine they ran on, a measured step in a fresh
child process (its own peak memory) and a gunicorn to measure.

Only for benchmarks: nothing in the platform imports this module.
"""

import http.client
import json
import os
import platform
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection


def machine() -> dict:
    memory_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": _server_version(),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB: its own, not its parent's.

    Read from VmHWM in /proc/self/status, the high-water mark of this address space, which starts
    afresh at exec. Not getrusage's ru_maxrss: Linux carries that across exec, so a child started
    by a parent holding 300 MB would report at least 300 MB whatever it did itself."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)  # kB
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def child(command: str, step: str, options: dict) -> dict:
    """Run `manage.py <command> --step <step> --options <JSON>` in a fresh process (so that its peak
    memory is its own) and return the JSON object it printed on its last line of output.

    Raises SystemExit with the child's output if it fails or prints no JSON."""
    argv = [sys.executable, "manage.py", command, "--step", step, "--options", json.dumps(options)]
    out = subprocess.run(  # noqa: S603 (our own command)
        argv, cwd=settings.BASE_DIR, env=os.environ, capture_output=True, text=True, check=False
    )
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        raise SystemExit(f"bench step {step} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    return json.loads(lines[-1])


def _server_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def server_shape() -> str:
    """How platform/gunicorn.conf.py runs gunicorn with this environment, for the tables."""
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "platform" / "gunicorn.conf.py"))
    kind = "sync workers" if conf["threads"] == 1 else f"workers x {conf['threads']} threads"
    return f"gunicorn, {conf['workers']} {kind} (platform/gunicorn.conf.py)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One gunicorn, started with the platform's configuration (DEBUG off, no access log) and `env`
    on top of this process's environment."""

    def __init__(self, *, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        base = {
            "DJANGO_DEBUG": "False",
            # This process's key: sessions signed here (the benchmark viewer's) must be valid there.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "PORT": str(self.port),
        }
        env = dict(os.environ) | base | env
        self.log = log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 (our own command)
            [str(Path(settings.BASE_DIR) / ".venv" / "bin" / "gunicorn"), "config.wsgi",
             "--config", "platform/gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=settings.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.env = env
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn did not start; see {log}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
