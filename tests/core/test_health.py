"""/healthz: 200 when the database and the configured broker answer, 503 naming what is down."""

import logging

import pytest
from django.db import OperationalError, connections
from django.test import Client

from config.celery_app import app as celery_app

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_broker(monkeypatch):
    """Point Celery at a Redis nobody listens on. The CELERY_BROKER_URL variable wins over the
    app's configuration (CI sets it), so both are overridden; monkeypatch restores them."""
    monkeypatch.setenv("CELERY_BROKER_URL", UNREACHABLE_REDIS)
    monkeypatch.delenv("CELERY_BROKER_WRITE_URL", raising=False)
    monkeypatch.setitem(celery_app.conf, "broker_url", UNREACHABLE_REDIS)
    monkeypatch.setitem(celery_app.conf, "broker_write_url", None)
    assert celery_app.conf.broker_write_url == UNREACHABLE_REDIS


@pytest.fixture
def database_down(monkeypatch):
    def cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", cursor)


def test_healthz_is_ok_with_the_configured_database_and_broker():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_broker_is_unreachable(unreachable_broker, caplog):
    with caplog.at_level(logging.ERROR, logger="core.views"):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "broker": "down"}
    assert [r.getMessage() for r in caplog.records if r.name == "core.views"] == [
        "healthz: broker check failed"
    ]


def test_healthz_is_503_when_the_database_fails(database_down, caplog):
    with caplog.at_level(logging.ERROR, logger="core.views"):
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "broker": "ok"}
    assert [r.getMessage() for r in caplog.records if r.name == "core.views"] == [
        "healthz: database check failed"
    ]


def test_healthz_is_503_naming_both_when_both_are_down(database_down, unreachable_broker):
    response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down", "broker": "down"}


def test_healthz_answers_get_only():
    response = Client().post("/healthz")

    assert response.status_code == 405
