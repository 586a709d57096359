"""Production settings: base is already safe; this only requires what must be set."""

import os

os.environ.setdefault("DJANGO_DEBUG", "False")

from .base import *

if not env("DATABASE_URL", default=None):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
if CELERY_BROKER_URL.startswith("filesystem://"):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at Redis in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=3600)
