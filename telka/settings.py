"""Telka settings: one module, configured by environment variables.

`make run` works on a fresh clone with no variables at all (SQLite under var/,
console e-mail, DEBUG on). Production sets the variables listed in README.md.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TELKA_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_secret("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
# "*.localhost" names reach this machine without editing system files: the demo serves
# each LAG and the network site on one (see README, "Many LAGs on one installation").
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", ".localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Which LocalActionGroup this instance serves (its slug); empty = the only/first one.
TELKA_LAG = env_str("TELKA_LAG", "")
# The host name of the network's own site (every LAG, national dashboard and open data),
# e.g. "vvg-tinklas.lt"; empty = no network site. Each LAG's host is LocalActionGroup.host.
TELKA_NETWORK_HOST = env_str("TELKA_NETWORK_HOST", "")

INSTALLED_APPS = [
    "telka.lib.adminsite.AdminConfig",  # django.contrib.admin, discovered on first use
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    # Before django_tasks_db: its db_worker command is telka's (telka/management/commands).
    "telka",
    "django_tasks_db",
    "telka.accounts",
    "telka.audit",
    "telka.periods",
    "telka.lag",
    "telka.strategy",
    "telka.content",
    "telka.calls",
    "telka.evaluation",
    "telka.decisions",
    "telka.monitoring",
    "telka.consultations",
    "telka.signatures",
    "telka.network",
    "telka.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "telka.lib.memo.RequestMemo",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before LocaleMiddleware: the network's host has its own URLs (request.urlconf).
    "telka.lag.middleware.SiteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "telka.lib.badinput.RejectNulCharacters",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "telka.urls"
WSGI_APPLICATION = "telka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "telka.context_processors.site",
            ],
        },
    }
]

# Django's own widget templates written in Python (the same HTML, a fraction of the time).
FORM_RENDERER = "telka.lib.formrender.FormRenderer"

# Database: SQLite file by default, PostgreSQL (production, concurrency tests) via DATABASE_URL.
if os.environ.get("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "telka.sqlite3",
            "OPTIONS": {
                # WAL lets readers proceed during a write; IMMEDIATE avoids
                # "database is locked" upgrades when two requests write at once.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's log-in checks; the second reads sessions made before the first existed.
AUTHENTICATION_BACKENDS = [
    "telka.accounts.backends.TelkaBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SESSION_ENGINE = "telka.accounts.sessions"  # Django's database sessions, read faster
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "content:home"
# How long the link that confirms an e-mail address works (seconds; default 3 days).
TELKA_VERIFICATION_MAX_AGE = env_int("TELKA_VERIFICATION_MAX_AGE", 3 * 24 * 3600)
# Argon2id at OWASP's parameters (telka/accounts/hashers.py says why, with figures);
# the others only verify old hashes, which are upgraded at the next log-in.
PASSWORD_HASHERS = [
    "telka.accounts.hashers.TelkaArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Lithuanian first, English second.
LANGUAGE_CODE = "lt"
LANGUAGES = [("lt", _("Lithuanian")), ("en", _("English"))]
TIME_ZONE = "Europe/Vilnius"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["telka.formats"]

# Static files (whitenoise) and uploads.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# django-ninja ships the Swagger UI files of the API docs (static/ninja/...). It is not an
# installed app: that would import it, and pydantic, in every worker at start.
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# `make run` serves the demo with DEBUG off straight from the source folders (no
# collectstatic); production collects them, hashed and compressed.
TELKA_STATIC_FROM_SOURCE = env_bool("TELKA_STATIC_FROM_SOURCE", False)
WHITENOISE_USE_FINDERS = DEBUG or TELKA_STATIC_FROM_SOURCE
# Uploaded files live in MEDIA_ROOT (one machine, or a directory every app server mounts),
# or, when TELKA_S3_BUCKET is set, in a private S3-compatible bucket (django-storages,
# optional: `pip install django-storages[s3]`). Either way Telka serves them itself through
# its permission-checked download views, never from a public URL.
TELKA_S3_BUCKET = env_str("TELKA_S3_BUCKET")
if TELKA_S3_BUCKET:
    try:
        import storages  # noqa: F401
    except ImportError as missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "TELKA_S3_BUCKET is set but django-storages is not installed: "
            ".venv/bin/pip install 'django-storages[s3]'"
        ) from missing
    MEDIA_STORAGE = {
        "BACKEND": "telka.lib.objectstorage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": TELKA_S3_BUCKET,
            "endpoint_url": env_str("TELKA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("TELKA_S3_REGION") or None,
            "access_key": env_secret("TELKA_S3_ACCESS_KEY") or None,
            "secret_key": env_secret("TELKA_S3_SECRET_KEY") or None,
            # Every object under this prefix, so one bucket can hold several installations.
            "location": env_str("TELKA_S3_PREFIX"),
            "default_acl": "private",
            "custom_domain": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Like FileSystemStorage: a second upload of "budget.pdf" gets a new name
            # instead of replacing the first (S3Storage overwrites by default).
            "file_overwrite": False,
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TELKA_STATIC_FROM_SOURCE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads above 256 KB stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
TELKA_ATTACHMENT_MAX_BYTES = env_int("TELKA_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
TELKA_ATTACHMENTS_TOTAL_MAX_BYTES = env_int("TELKA_ATTACHMENTS_TOTAL_MAX_BYTES", 50 * 1024 * 1024)
# Office files (DOCX, XLSX, ODT) are ZIP archives: refuse "zip bombs" (telka/calls/active_content.py).
TELKA_OFFICE_MAX_UNPACKED_BYTES = env_int("TELKA_OFFICE_MAX_UNPACKED_BYTES", 100 * 1024 * 1024)
TELKA_OFFICE_MAX_ENTRIES = env_int("TELKA_OFFICE_MAX_ENTRIES", 5000)

# How many suggestions and comments one resident may post per hour in consultations.
TELKA_CONSULTATION_POSTS_PER_HOUR = env_int("TELKA_CONSULTATION_POSTS_PER_HOUR", 20)

# Electronic seal and signatures (telka/signatures, README "Electronic seal"). With a
# PKCS#12 file, Telka seals the PDFs it issues (PAdES); a timestamp service URL makes the
# seal PAdES-B-T. Without them, PDFs are issued unsealed as before.
TELKA_SEAL_PKCS12 = env_str("TELKA_SEAL_PKCS12", "")
TELKA_SEAL_PASSPHRASE = env_secret("TELKA_SEAL_PASSPHRASE", "")
TELKA_SEAL_TSA_URL = env_str("TELKA_SEAL_TSA_URL", "")
# Or the seal's key on a PKCS#11 token (HSM, smart card): the module (.so), the token's
# label, the key's and certificate's labels (the certificate's defaults to the key's) and
# the user PIN (or TELKA_SEAL_PKCS11_PIN_FILE). When the module is set, it is used
# instead of the PKCS#12 file.
TELKA_SEAL_PKCS11_MODULE = env_str("TELKA_SEAL_PKCS11_MODULE", "")
TELKA_SEAL_PKCS11_TOKEN_LABEL = env_str("TELKA_SEAL_PKCS11_TOKEN_LABEL", "")
TELKA_SEAL_PKCS11_KEY_LABEL = env_str("TELKA_SEAL_PKCS11_KEY_LABEL", "")
TELKA_SEAL_PKCS11_CERT_LABEL = env_str("TELKA_SEAL_PKCS11_CERT_LABEL", "")
TELKA_SEAL_PKCS11_PIN = env_secret("TELKA_SEAL_PKCS11_PIN", "")
# Revocation of signers' certificates: fetched over OCSP/CRL when not embedded in the
# file; "hard-fail" refuses a signature whose status cannot be learned, "soft-fail"
# accepts it when no answer can be had (a revoked answer is refused either way).
TELKA_SIGNATURE_FETCH_REVOCATION = env_bool("TELKA_SIGNATURE_FETCH_REVOCATION", True)
TELKA_SIGNATURE_REVOCATION_MODE = env_str("TELKA_SIGNATURE_REVOCATION_MODE", "soft-fail")
TELKA_SIGNATURE_FETCH_TIMEOUT = env_int("TELKA_SIGNATURE_FETCH_TIMEOUT", 10)
# PEM file of the certificates allowed to sign the EU list of trusted lists (LOTL), as
# published in the Official Journal; import_trust_anchors --lotl verifies the LOTL
# against them, then each member state's list against the certificates the LOTL names.
TELKA_LOTL_SIGNING_CERTS = env_str("TELKA_LOTL_SIGNING_CERTS", "")

# E-mail: printed to the console in development, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Telka <noreply@telka.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work: the database is the queue (`manage.py db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The task worker's nice value (0: as started): it renders and seals receipts at a lower
# priority than the web servers, so a deadline rush is served first (telka/lib/priority.py).
TELKA_TASK_WORKER_NICE = env_int("TELKA_TASK_WORKER_NICE", 10)
# Time-driven jobs run by `manage.py tick` (cron every minute in production).
TELKA_SCHEDULED_COMMANDS = [
    "advance_calls",
    "expire_clarifications",
    "lapse_overdue",
    "close_complaint_windows",
    "update_consultations",
    "remind_reports",
    "purge_throttle_counters",
]

# "pages" holds whole public pages (telka.lib.pagecache). Files are shared by all
# workers on one machine; set REDIS_URL when several machines serve the site.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache" / "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Template fragments that are the same for every reader of a page in one language
    # ({% cache ... using="fragments" %} in templates/base.html): each process keeps its own.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}
if os.environ.get("REDIS_URL"):
    for alias in ("default", "pages"):
        CACHES[alias] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": alias,
        }
# Where log-in, registration and e-mail throttles count (telka/accounts/throttle.py):
# "database", or "cache" for the shared Redis cache. Never a per-process cache.
TELKA_THROTTLE_STORE = env_str(
    "TELKA_THROTTLE_STORE", "cache" if os.environ.get("REDIS_URL") else "database"
)
TELKA_PAGE_CACHE_SECONDS = env_int("TELKA_PAGE_CACHE_SECONDS", 60)

# Security. Strict CSP: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer probes /health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^health$"]

# GET /health (telka/lib/health.py): 503 when the task worker lags or media space runs out.
TELKA_HEALTH_MAX_TASK_LAG_SECONDS = env_int("TELKA_HEALTH_MAX_TASK_LAG_SECONDS", 600)
TELKA_HEALTH_MIN_FREE_MEDIA_BYTES = env_int("TELKA_HEALTH_MIN_FREE_MEDIA_BYTES", 500 * 1024 * 1024)

# Production errors: Django's own logging mails every server error (500) to ADMINS when
# DEBUG is off; set ADMINS to the LAG administrator's address(es), comma-separated.
ADMINS = env_list("ADMINS", [])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Or Sentry, when SENTRY_DSN is set: `pip install sentry-sdk` (optional, not in
# requirements.txt). It is imported only then; no personal data is sent.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as missing:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: .venv/bin/pip install sentry-sdk"
        ) from missing
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=0.0,
    )
