"""Test settings: relax base for speed; the database and broker still come from the environment."""

import os

os.environ.setdefault("DJANGO_DEBUG", "False")
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("PLATFORM_DEMO_ENABLED", "True")

from .base import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# The suite signs with a key of its own under var/ (make clean may delete it), never the checkout's.
CREDENTIAL_SIGNING_KEY_FILE = Path(
    os.environ.get(
        "CREDENTIAL_SIGNING_KEY_FILE", str(VAR_DIR / "test-keys" / "credential-signing-ed25519.pem")
    )
)
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
LANGUAGE_CODE = "ja"
