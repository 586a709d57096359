"""Settings read the environment and refuse an unsafe start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


PRODUCTION = {
    "DJANGO_SECRET_KEY": "only-for-this-test-7Qm2vX9pL4rT8wZ1nB6cF3hJ5kD0sG-aE!",
    "DATABASE_URL": "postgres://dsp:dsp@127.0.0.1:5432/dsp",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_ALLOWED_HOSTS": "skills.example.go.jp",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.go.jp:587",
}


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
    result = _import_settings("config.settings.production", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])

    assert result.returncode == 1
    assert "DATABASE_URL must be set in production" in result.stderr


def test_report_files_are_not_under_the_public_media_root(settings):
    reports, media = Path(settings.REPORTS_FILES_DIR).resolve(), Path(settings.MEDIA_ROOT).resolve()

    assert not reports.is_relative_to(media)


def test_production_starts_with_every_required_variable():
    result = _import_settings("config.settings.production", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_production_never_uses_the_development_key_even_with_debug_on():
    with_debug = _import_settings("config.settings.production", **(PRODUCTION | {"DJANGO_DEBUG": "True"}))
    dev_key = _import_settings(
        "config.settings.production",
        **(
            PRODUCTION | {"DJANGO_SECRET_KEY": "django-insecure-development-only-key-never-use-in-production"}
        ),
    )
    no_key = _import_settings(
        "config.settings.production", **{k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    )

    assert with_debug.returncode == dev_key.returncode == no_key.returncode == 1
    assert "DJANGO_DEBUG must be off" in with_debug.stderr
    assert "DJANGO_SECRET_KEY must be set" in dev_key.stderr
    assert "DJANGO_SECRET_KEY must be set" in no_key.stderr


def test_production_refuses_to_start_without_mail():
    result = _import_settings(
        "config.settings.production", **{k: v for k, v in PRODUCTION.items() if k != "EMAIL_URL"}
    )

    assert result.returncode == 1
    assert "EMAIL_URL must be set in production" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean | PRODUCTION | {"DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_accounts_cannot_sign_in_where_demos_are_off(client, settings, db):
    from core.models import User

    User.objects.create_user("demo-learner", "demo@example.jp", "learner-demo-2026", is_demo=True)
    settings.PLATFORM_DEMO_ENABLED = False

    admin = client.post("/admin/login/", {"username": "demo-learner", "password": "learner-demo-2026"})
    portal = client.post("/accounts/login/", {"login": "demo@example.jp", "password": "learner-demo-2026"})

    assert admin.status_code == 200  # the login form again
    assert portal.status_code in (200, 302)
    assert "_auth_user_id" not in client.session


def test_seed_demo_refuses_where_demos_are_off(settings, db):
    import pytest
    from django.core.management import CommandError, call_command

    settings.PLATFORM_DEMO_ENABLED = False

    with pytest.raises(CommandError, match="PLATFORM_DEMO_ENABLED is false"):
        call_command("seed_demo")
