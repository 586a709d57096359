"""Settings read the environment and refuse an unsafe start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "-c",
            f"import {module} as s; print(s.DEBUG, s.LANGUAGE_CODE, s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_debug_a_secret_key_is_required():
    result = _import_settings("config.settings.base", DJANGO_DEBUG="False")

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_gives_a_development_key_and_japanese_default():
    result = _import_settings("config.settings.local")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["True", "ja"]


def test_production_requires_a_database_url():
    result = _import_settings("config.settings.production", DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode == 1
    assert "DATABASE_URL must be set in production" in result.stderr


def test_report_files_are_not_under_the_public_media_root(settings):
    reports, media = Path(settings.REPORTS_FILES_DIR).resolve(), Path(settings.MEDIA_ROOT).resolve()

    assert not reports.is_relative_to(media)
