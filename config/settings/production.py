"""Production settings: base is already safe; this only requires what must be set, and refuses to
start with anything unsafe (issue #9). Every variable is in the README's production table."""

import os

os.environ.setdefault("DJANGO_DEBUG", "False")

from .base import *
from .base import _DEV_SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off under production settings.")
# The same test as Django's security.W009, as a refusal: long, varied, not a generated dev key.
if (
    not env("DJANGO_SECRET_KEY", default=None)
    or SECRET_KEY == _DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(never the development key)."
    )
if not env("DATABASE_URL", default=None):
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
if CELERY_BROKER_URL.startswith("filesystem://"):
    raise ImproperlyConfigured("CELERY_BROKER_URL must point at Redis in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the public host(s) in production.")

# --- E-mail: sign-up confirmation and password reset send mail; without a server they would fail ---
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.go.jp:587 (django-environ's email_url).
if not env("EMAIL_URL", default=None):
    raise ImproperlyConfigured("EMAIL_URL must be set in production (sign-up and password reset send mail).")
vars().update(env.email_url("EMAIL_URL"))
SERVER_EMAIL = env("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Demo accounts: never ---
PLATFORM_DEMO_ENABLED = False

# --- HTTPS: behind a TLS-terminating proxy that sets X-Forwarded-Proto ---
# https://docs.djangoproject.com/en/5.2/ref/settings/#secure-proxy-ssl-header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe may come over plain HTTP
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
