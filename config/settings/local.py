"""Development settings: DEBUG on by default so a first run needs no configuration."""

import os

os.environ.setdefault("DJANGO_DEBUG", "True")
os.environ.setdefault("PLATFORM_DEMO_ENABLED", "True")  # make run seeds the demo logins

from .base import *

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
