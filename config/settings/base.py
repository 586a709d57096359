"""Base settings: complete and safe. local/test relax them, production only requires.

https://docs.djangoproject.com/en/5.2/ref/settings/
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(str(BASE_DIR / ".env"))

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else None)
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_api_key",  # provider credentials: hashed keys, shown once (exchange/)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: no CDN
    "django_celery_beat",
    "allauth",
    "axes",
    "csp",
    "allauth.account",
    "import_export",
    "core",
    "skills",
    "courses",
    "consortia",
    "learners",
    "reports",
    "exchange",
]

MIDDLEWARE = [
    # The xAPI resource refuses an over-large body before reading it and labels every answer (exchange/)
    "exchange.middleware.XAPIRequestLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # NUL characters (PostgreSQL cannot store them) answer 400 before any view runs: core/middleware.py
    "core.middleware.RejectUnstorableInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "core.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reports.context_processors.navigation",
                "exchange.context_processors.navigation",
            ],
        },
    },
]

# --- Database: PostgreSQL in production and CI; SQLite under var/ for a first run ---
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each web thread's connection for a minute instead of opening one per request (on this machine
# opening a PostgreSQL connection cost about 9 ms, more than answering a cached figure), and check
# it before reuse, so a restarted database costs one failed check, not a failed request.
# https://docs.djangoproject.com/en/5.2/ref/databases/#persistent-connections
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for locks instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    # psycopg prepares a statement only when asked (core/backends.py: the signed-in user's statement,
    # planned once per connection instead of on every request). Django's cursors bind on the client
    # and never prepare; Django's own default (None) would refuse even an explicit request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)

# --- Passwords ----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts: django-allauth, e-mail as the login, verified before first sign-in ---
# https://docs.allauth.org/en/latest/account/configuration.html
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its (IP address, username) pair is locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    # Django's and allauth's backends, refusing demo accounts unless PLATFORM_DEMO_ENABLED.
    "core.backends.PlatformModelBackend",
    "core.backends.PlatformAllauthBackend",
]
# The demo accounts of `seed_demo` (documented passwords): off unless a setting turns them on
# (local and test settings do; production never does).
PLATFORM_DEMO_ENABLED = env.bool("PLATFORM_DEMO_ENABLED", default=False)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "learners.forms.SignupForm"}  # refuses over-long addresses (issue #9)
# allauth's own limit on failed logins counts per account, so anyone could lock an owner out by
# typing wrong passwords for their address; django-axes below throttles by (IP, username) instead.
ACCOUNT_RATE_LIMITS = {"login_failed": None}

# --- Content Security Policy (django-csp): scripts and styles only from this site, none inline ---
# https://django-csp.readthedocs.io/en/latest/configuration.html . Every script and style is a static
# file (static/js, static/css; plotly.js from /reports/plotly.min.js); JSON data blocks
# (json_script) are not scripts. Plotly sets element styles through the CSSOM, which the policy allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": [
            "'self'",
            # Three fixed <style> elements, allowed by their hash, never by 'unsafe-inline':
            # plotly.js's empty global sheet (filled through the CSSOM) and its chart rules, and the
            # page style of drf-spectacular's Swagger UI. tests/e2e/test_csp.py fails (naming the new
            # hash) if an upgrade of either changes them.
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
            "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",
            "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='",
        ],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Login throttling: django-axes, on the portal and admin ---
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Five failures for one (IP address, username) pair lock that pair out for 15 minutes (429 with a
# message); the owner signing in from elsewhere is not affected, a success or a password reset
# clears the count, and every attempt is logged (admin: Axes). Behind a reverse proxy set
# AXES_IPWARE_PROXY_COUNT to the number of proxies, so the client's address is the one counted.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "learners.services.login_name_of"
# The course page shows the learner's enrolment; courses may not import learners (the app layers),
# so the composition is named here, at the top: a callable (actor=, course=) -> extra context.
COURSE_PAGE_CONTEXT = "learners.selectors.course_page_context"
# What apps above learners forget when a learner deletes their account (learners.services.accounts)
ACCOUNT_DELETION_HOOKS = ["exchange.services.learner_statements_forget"]
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0) or None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Digital Skills Platform] "
LOGIN_URL = "account_login"
# After signing in: ministry viewers on the dashboard, consortium admins on their consortium in
# admin, learners on My learning (LOGIN_REDIRECT_URL); a safe ?next= wins (reports/account_adapter.py).
ACCOUNT_ADAPTER = "reports.account_adapter.PlatformAccountAdapter"
# How allauth names the person (the "Signed in as ..." message): their name, else their e-mail address
ACCOUNT_USER_DISPLAY = "reports.account_adapter.user_display"
LOGIN_REDIRECT_URL = "learners:my-learning"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@example.jp")

# --- Internationalisation: Japanese first, English second -------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/translation/
LANGUAGE_CODE = env("LANGUAGE_CODE", default="ja")
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"  # display time; storage is UTC
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise) ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# --- xAPI statement store (exchange/) ---------------------------------------------------------
# https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Communication.md
# The body limit stays under DATA_UPLOAD_MAX_MEMORY_SIZE, which Django applies when it reads a body.
XAPI_MAX_BODY_BYTES = env.int("XAPI_MAX_BODY_BYTES", default=2_000_000)
XAPI_MAX_STATEMENTS_PER_REQUEST = env.int("XAPI_MAX_STATEMENTS_PER_REQUEST", default=1000)
# One statement's JSON: bounds what a page of XAPI_QUERY_LIMIT statements can weigh (100 x 64 KB)
XAPI_MAX_STATEMENT_BYTES = env.int("XAPI_MAX_STATEMENT_BYTES", default=65_536)
XAPI_QUERY_LIMIT = env.int("XAPI_QUERY_LIMIT", default=100)
XAPI_RATE_LIMIT = env("XAPI_RATE_LIMIT", default="600/minute")  # per credential; DRF's rate syntax
# Bulk uploads (exchange/uploads/): refused from Content-Length above this, unread
EXCHANGE_UPLOAD_MAX_BYTES = env.int("EXCHANGE_UPLOAD_MAX_BYTES", default=300 * 2**20)
XAPI_FAILED_AUTH_LIMIT = env.int("XAPI_FAILED_AUTH_LIMIT", default=20)  # refusals per prefix a minute

MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/media/"

# --- REST framework and OpenAPI ----------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.authentication.TokenAuthentication",  # DRF's, loading the user as a session does
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's AutoSchema plus each operation's 4xx answers, derived from its view (core/schema.py)
    "DEFAULT_SCHEMA_CLASS": "core.schema.ErrorAnswersSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    # No OPTIONS metadata: the API has no browser clients from other origins, and DRF's metadata
    # assumed a serializer on every view (OPTIONS /api/v1/me/profile/ answered 500). OPTIONS is 405.
    "DEFAULT_METADATA_CLASS": None,
    # JSON bodies only: in form encoding DRF reads a missing boolean as false, so a malformed
    # request could change a learner's consent; anything else is a 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digital Skills Platform API",
    "DESCRIPTION": "Read the Digital Skill Standard (DX推進スキル標準) and the platform's data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "LearnerIndustryEnum": "learners.models.LearnerProfile.Industry",
        "ConsortiumIndustryEnum": "consortia.models.Industry",
        "VerificationEnum": "skills.models.Verification",
    },
}

# --- Celery: Redis in production and CI; the filesystem transport for a first run ---
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_FILESYSTEM_DIR = Path(env("CELERY_BROKER_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
# Redis redelivers a task not acknowledged within the visibility timeout: it must exceed the longest
# task (the hard time limit below, 35 minutes), or a long task would run twice at once.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "visibility_timeout": 60 * 60,
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):  # the transport expects its folders to exist
        (CELERY_BROKER_FILESYSTEM_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 60 * 30
CELERY_TASK_TIME_LIMIT = 60 * 35
# Every task is idempotent (STYLE §6): acknowledge after it ran, and give a task whose worker process
# died back to the queue. https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a long rollup does not hold other tasks hostage
# Publishing gives up after about a second, so a request never hangs on a broker that is down; the
# work is in the database and the sweeps enqueue it again (core/queue.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Consortia: participant import/export in admin (django-import-export) ---
# https://django-import-export.readthedocs.io/en/latest/installation.html#settings
IMPORT_EXPORT_SKIP_ADMIN_LOG = False  # imports appear in each object's admin history
IMPORT_EXPORT_USE_TRANSACTIONS = True  # a confirmed import is all-or-nothing
# Uploads: request bodies without files are capped at 2.5 MB and 1,000 fields (Django's defaults,
# stated); files above 2.5 MB are spooled to disk, never held in memory; each upload form checks
# its own limit before reading the file. https://docs.djangoproject.com/en/5.2/ref/settings/#data-upload-max-memory-size
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
CONSORTIA_IMPORT_MAX_BYTES = env.int("CONSORTIA_IMPORT_MAX_BYTES", default=2 * 1_048_576)

# --- Learners: course certificates (Open Badges 3.0, eddsa-jcs-2022) ---
# learners/credentials/. Absolute URLs in credentials come from PLATFORM_BASE_URL, never from a
# request's Host header (credentials are issued in a Celery task). The Ed25519 signing key is
# created on first use with mode 0600 in keys/ (not var/, which make clean deletes); back it up.
# Rotate it with `manage.py rotate_credential_key`, which keeps every earlier public key listed.
# The issuer is did:key (verifiable offline) or did:web of PLATFORM_BASE_URL's host
# (https://w3c-ccg.github.io/did-method-web/: the DID document is at /.well-known/did.json, over HTTPS).
PLATFORM_BASE_URL = env("PLATFORM_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
CREDENTIAL_SIGNING_KEY_FILE = Path(
    env("CREDENTIAL_SIGNING_KEY_FILE", default=str(BASE_DIR / "keys" / "credential-signing-ed25519.pem"))
)
CREDENTIAL_ISSUER_DID_METHOD = env("CREDENTIAL_ISSUER_DID_METHOD", default="key")
if CREDENTIAL_ISSUER_DID_METHOD not in ("key", "web"):
    raise ImproperlyConfigured("CREDENTIAL_ISSUER_DID_METHOD must be key or web.")
if env.list("CREDENTIAL_PREVIOUS_ISSUER_DIDS", default=[]):
    raise ImproperlyConfigured(
        "CREDENTIAL_PREVIOUS_ISSUER_DIDS is gone: record each earlier key once with "
        "`manage.py rotate_credential_key --add-previous <did:key>` and unset it."
    )

# --- Security headers ---------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Cache: Redis when CACHE_URL is set (shared by every web process), local memory otherwise ---
# The progress figures are cached per rollup generation and parameter set (reports/selectors.py).
# https://docs.djangoproject.com/en/5.2/topics/cache/
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
REPORTS_CACHE_SECONDS = env.int("REPORTS_CACHE_SECONDS", default=24 * 60 * 60)
# How long a web process keeps the rollup generation it read (the key of every cached figure) before
# reading it again: a finished rollup reaches every process's figures within this time. 0 reads it
# on every figure request.
REPORTS_GENERATION_SECONDS = env.float("REPORTS_GENERATION_SECONDS", default=1.0)
# Sessions are read from the cache (written through to the database) only when the cache is shared:
# with each process's local memory, a sign-out in one process would not end the session in another.
# https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-cached-sessions
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    else "django.contrib.sessions.backends.db"
)

# --- Reports: disclosure control for ministry figures (the cell key method) ---
# docs/adr/0001-disclosure-control.md, reports/disclosure.py. Protected figures below the threshold
# are shown as "x"; the perturbation table's standard deviation and largest adjustment. Changing any
# of them changes every published figure at once.
REPORTS_SUPPRESSION_THRESHOLD = env.int("REPORTS_SUPPRESSION_THRESHOLD", default=10)
REPORTS_PERTURBATION_SD = env.float("REPORTS_PERTURBATION_SD", default=2.0)
REPORTS_PERTURBATION_MAX = env.int("REPORTS_PERTURBATION_MAX", default=15)
# Report files are private (downloaded through a permission check), so never under MEDIA_ROOT.
REPORTS_FILES_DIR = env.path("REPORTS_FILES_DIR", default=VAR_DIR / "reports")
