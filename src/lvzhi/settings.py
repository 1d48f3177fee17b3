"""One settings module, configured from environment variables.

Defaults are production's and fail closed: without ``LVZHI_SECRET_KEY`` and ``LVZHI_FIELD_KEY``
the process refuses to start. ``LVZHI_ENV=demo`` (set by ``lvzhi demo``) or ``LVZHI_ENV=test``
gives the embedded demo (SQLite in WAL mode under ``var/``, in-memory channel layer,
local-memory cache, built-in keys). Production sets ``DATABASE_URL`` (PostgreSQL),
``REDIS_URL``, ``LVZHI_SECRET_KEY`` and ``LVZHI_FIELD_KEY``; see docs/deployment.md.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from lvzhi.core import dburl

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LVZHI_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Production is the default and fails closed (issue 18). Only the demo (`lvzhi demo` sets
# LVZHI_ENV=demo) and the tests (LVZHI_ENV=test: the pytest plugin lvzhi.testenv, the Makefile,
# the bench scripts) turn on the demo conveniences: built-in keys, cookies over plain HTTP, no
# second factor, the seeder. lvzhi.core.checks turns every unsafe production setting into a
# system check ERROR, which also stops gunicorn and daphne (lvzhi.startup.refuse_unsafe_start).
LVZHI_ENV = os.environ.get("LVZHI_ENV", "production").strip().lower() or "production"
DEMO_MODE = LVZHI_ENV in {"demo", "test"}
# Off everywhere unless asked for; asking for it outside the demo and the tests is an error.
DEBUG = _env_bool("LVZHI_DEBUG", False)
# Keys published in this repository: never good for production (lvzhi.core.checks).
DEMO_SECRET_KEY = "lvzhi-demo-only-secret-key-change-me-in-production-0123456789"  # noqa: S105
DEMO_FIELD_KEY = "demo-field-key-" + DEMO_SECRET_KEY
SECRET_KEY = os.environ.get("LVZHI_SECRET_KEY", "")
if not SECRET_KEY and DEMO_MODE:
    SECRET_KEY = DEMO_SECRET_KEY
# An empty SECRET_KEY in production: Django refuses to sign anything, and the checks say why.

# Key for encrypting personal data at rest and for keyed look-up hashes (PIPL Art 51).
FIELD_ENCRYPTION_KEY = os.environ.get("LVZHI_FIELD_KEY", "")
if not FIELD_ENCRYPTION_KEY and DEMO_MODE:
    FIELD_ENCRYPTION_KEY = DEMO_FIELD_KEY
# Earlier field keys still read during a key rotation (core.crypto's keyring; `lvzhi
# rotate_field_key`), separated by commas or spaces; empty once the rotation is done.
FIELD_ENCRYPTION_OLD_KEYS = tuple(
    os.environ.get("LVZHI_FIELD_OLD_KEYS", "").replace(",", " ").split()
)

# The platform's public address, printed on documents (the QR code of an R55 certificate opens
# the portal's check there), whoever downloads them and from wherever.
PUBLIC_URL = os.environ.get("LVZHI_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = [
    h for h in os.environ.get("LVZHI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]
# Behind the reverse proxy (deploy/nginx/lvzhi.conf) the client's address comes in X-Real-IP.
LVZHI_TRUST_X_REAL_IP = _env_bool("LVZHI_TRUST_X_REAL_IP", False)
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LVZHI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja's own copy of Swagger UI for /api/v1/docs (without it: a CDN).
    "ninja",
    "django.contrib.humanize",
    "django_htmx",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "lvzhi.core",
    "lvzhi.registry",
    "lvzhi.suggestions",
    "lvzhi.proposals",
    "lvzhi.contacts",
    "lvzhi.stations",
    "lvzhi.meetings",
    "lvzhi.voting",
    "lvzhi.activities",
    "lvzhi.records",
    "lvzhi.api",
    "lvzhi.portal",
    "lvzhi.compliance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lvzhi.core.middleware.SecurityHeadersMiddleware",
    "lvzhi.core.middleware.RequestHygieneMiddleware",
    "lvzhi.core.dbrouting.ReplicaReadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lvzhi.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lvzhi.api.limits.PublicConditionalMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lvzhi.registry.actor.ActorMiddleware",
    "lvzhi.core.middleware.SessionTimeoutMiddleware",
    "lvzhi.core.middleware.PasswordChangeRequiredMiddleware",
    "lvzhi.core.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lvzhi.core.middleware.IdempotentSubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lvzhi.core.middleware.RequestContextMiddleware",
    "lvzhi.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "lvzhi.urls"
WSGI_APPLICATION = "lvzhi.wsgi.application"
ASGI_APPLICATION = "lvzhi.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "lvzhi.core.context_processors.navigation",
            ],
            # Every {% csrf_token %} also stamps a one-time submission key (issue 11).
            "builtins": [
                "lvzhi.core.templatetags.lvzhi_forms",
                "lvzhi.core.templatetags.lvzhi_names",
                "lvzhi.core.templatetags.lvzhi_bidi",
            ],
        },
    }
]
# The widgets' templates, with the plain inputs written in Python (issue 26.2).
FORM_RENDERER = "lvzhi.core.formrenderer.Renderer"

# Database: PostgreSQL in production and CI (DATABASE_URL); SQLite in WAL mode for the demo.
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_sqlite = f"sqlite:///{VAR_DIR / 'lvzhi.sqlite3'}"
# Production keeps connections open between requests (LVZHI_DB_CONN_MAX_AGE=60, checked before
# reuse): opening a PostgreSQL connection per request costs more than most pages.
# DATABASE_URL may list several hosts (a Patroni cluster; core.dburl): libpq connects to the
# one that is the primary when the URL says ?target_session_attrs=read-write.
DATABASES = {
    "default": dburl.parse(
        os.environ.get("DATABASE_URL") or _default_sqlite,
        conn_max_age=int(os.environ.get("LVZHI_DB_CONN_MAX_AGE", 0)),
        conn_health_checks=True,
    )
}
# WAL lets the server read while the seeder or an import writes.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
# Memory for one sort or bitmap per query (PostgreSQL's own default is 4 MB). A word search
# matching 100,000 suggestions overflows 4 MB into a lossy bitmap, and every row of a lossy
# page has its text tokenised again: 600 ms instead of 50 (docs/performance.md, "large").
DB_WORK_MEM = os.environ.get("LVZHI_DB_WORK_MEM", "16MB")
# Connection pooling (issue 27.6): LVZHI_DB_POOLER=pgbouncer when DATABASE_URL names a pgBouncer
# in transaction mode (docs/deployment.md, "Connection pooling"). A server connection then
# serves one transaction of one client and the next of another, so nothing may outlive a
# transaction: no server-side cursors (Django's iterator() would hold one WITH HOLD across
# transactions), no prepared statements (Django's default), no startup options (pgBouncer
# refuses them: work_mem is set on the database role instead), advisory locks and SET only in
# their transaction form (core.db takes pg_advisory_xact_lock, the purges SET LOCAL).
# LVZHI_DB_CONN_MAX_AGE still applies: it keeps the cheap connection to pgBouncer.
DB_POOLER = os.environ.get("LVZHI_DB_POOLER", "").strip().lower()
if DB_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured("LVZHI_DB_POOLER is empty (direct) or 'pgbouncer'.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOLER:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_WORK_MEM:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = f"-c work_mem={DB_WORK_MEM}"
# Read scaling (issue 27.2): a streaming replica of the primary for the read-only parts
# (core.dbrouting: the portal, the public API, exports, statistics, compliance), through the
# same pooler settings; the primary for everything else and for whoever just wrote.
DB_REPLICA_URL = os.environ.get("LVZHI_DB_REPLICA_URL", "")
if DB_REPLICA_URL:
    DATABASES["replica"] = {
        **dburl.parse(
            DB_REPLICA_URL,
            conn_max_age=int(os.environ.get("LVZHI_DB_CONN_MAX_AGE", 0)),
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS"):
        DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASE_ROUTERS = ["lvzhi.core.dbrouting.PrimaryReplicaRouter"]
SILENCED_SYSTEM_CHECKS: list[str] = []
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("LVZHI_TEST_SQLITE", "")}
    # The covering columns of the large lists' indexes (``include=``) serve PostgreSQL; the
    # demo's SQLite builds the same indexes without them, which is all it needs.
    SILENCED_SYSTEM_CHECKS.append("models.W040")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:desk"
LOGOUT_REDIRECT_URL = "core:login"

# Memory-hard password hashing first (MLPS 2.0 level 3 asks for strong storage of credentials).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if _env_bool("LVZHI_FAST_HASHER", False):
    # Test runs only: thousands of logins would otherwise dominate the suite's time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lvzhi.core.passwords.DenyListValidator"},
    {"NAME": "lvzhi.core.passwords.CharacterClassValidator"},
    {"NAME": "lvzhi.core.passwords.KnownStringsValidator"},
    {"NAME": "lvzhi.core.passwords.NotCurrentPasswordValidator"},
]

# Single sign-on (issue 21), each optional and off unless configured (docs/deployment.md):
# LDAP through lvzhi.core.sso_ldap (ldap3). The directory only proves who signs in; the
# account is the platform's own, found by LDAP_ACCOUNT_ATTRIBUTE; nothing is created by SSO.
LDAP_URL = os.environ.get("LVZHI_LDAP_URL", "")
LDAP_START_TLS = _env_bool("LVZHI_LDAP_START_TLS", False)
LDAP_BIND_DN = os.environ.get("LVZHI_LDAP_BIND_DN", "")
LDAP_BIND_PASSWORD = os.environ.get("LVZHI_LDAP_BIND_PASSWORD", "")
LDAP_BASE_DN = os.environ.get("LVZHI_LDAP_BASE_DN", "")
LDAP_USER_FILTER = os.environ.get("LVZHI_LDAP_USER_FILTER", "(uid={username})")
LDAP_ACCOUNT_ATTRIBUTE = os.environ.get("LVZHI_LDAP_ACCOUNT_ATTRIBUTE", "uid")
LDAP_TIMEOUT = int(os.environ.get("LVZHI_LDAP_TIMEOUT", 5))
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if LDAP_URL:
    AUTHENTICATION_BACKENDS.append("lvzhi.core.sso_ldap.LdapBackend")
# OpenID Connect through mozilla-django-oidc (lvzhi.core.sso_oidc): on when a client id is set.
OIDC_RP_CLIENT_ID = os.environ.get("LVZHI_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("LVZHI_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("LVZHI_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("LVZHI_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("LVZHI_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("LVZHI_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("LVZHI_OIDC_SIGN_ALGO", "RS256")
# A provider with a single signing key may omit the key id ("kid") from its tokens.
OIDC_VERIFY_KID = _env_bool("LVZHI_OIDC_VERIFY_KID", True)
OIDC_RP_SCOPES = os.environ.get("LVZHI_OIDC_SCOPES", "openid profile")
OIDC_ACCOUNT_CLAIM = os.environ.get("LVZHI_OIDC_ACCOUNT_CLAIM", "preferred_username")
OIDC_CREATE_USER = False  # the provider proves who it is; accounts are the platform's own
OIDC_AUTHENTICATION_CALLBACK_URL = "core:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("lvzhi.core.sso_oidc.OidcBackend")

# Sessions: 30 minutes idle (SessionTimeoutMiddleware), 8 hours absolute.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("LVZHI_SESSION_ABSOLUTE_SECONDS", 8 * 3600))
SESSION_IDLE_TIMEOUT = int(os.environ.get("LVZHI_SESSION_IDLE_SECONDS", 30 * 60))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEMO_MODE
CSRF_COOKIE_SECURE = not DEMO_MODE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEMO_MODE:
    SECURE_SSL_REDIRECT = _env_bool("LVZHI_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("LVZHI_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The browsers' HSTS preload list is for public domains; an intranet host name cannot be
    # on it. A deployment on a public domain sets LVZHI_HSTS_PRELOAD=1.
    SECURE_HSTS_PRELOAD = _env_bool("LVZHI_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# Staff sign in with a second factor (TOTP; MLPS 2.0 level 3). On by default in production; the
# demo leaves it off so its accounts sign in with the printed password alone.
STAFF_SECOND_FACTOR = _env_bool("LVZHI_STAFF_2FA", not DEMO_MODE)

# Audit events are kept this many days (at least 183, see lvzhi.core.rules); `lvzhi audit_purge`
# run by the scheduler deletes older ones.
AUDIT_RETENTION_DAYS = int(os.environ.get("LVZHI_AUDIT_RETENTION_DAYS", 365))

# Rate limits of the API per window of a minute (lvzhi.api.limits, issue 25.4); 0 is no limit.
# The tests run without them unless a test sets them (tests/api/test_limits.py): the suite's
# own calls from one address would otherwise count against each other.
_API_RATE_DEFAULTS = (0, 0) if LVZHI_ENV == "test" else (600, 120)  # = lvzhi.api.rules
API_RATE_PER_TOKEN = int(os.environ.get("LVZHI_API_RATE_PER_TOKEN", _API_RATE_DEFAULTS[0]))
API_RATE_PER_ADDRESS = int(os.environ.get("LVZHI_API_RATE_PER_ADDRESS", _API_RATE_DEFAULTS[1]))

# Sign-in throttling: progressive delays and a daily budget, no lockout (lvzhi.core.rules).

LANGUAGE_CODE = "zh-hans"
# Ili is a Kazakh autonomous prefecture: Chinese, Uyghur and Kazakh are used side by side. The
# public portal and the citizen's opinion form are translated into Uyghur and into Kazakh in the
# Arabic script (تۆتە جازۋ) used in China; both are written right to left.
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("ug", "ئۇيغۇرچە"),
    ("kk", "قازاقشا"),
    ("en", "English"),
]
# get_language_bidi() (and so <html dir>) reads this list. Django knows Uyghur as right to left;
# its Kazakh is the Cyrillic of Kazakhstan, so Kazakh is added here.
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ug", "ur", "kk"]
# Django's LANG_INFO describes kk as Cyrillic, left to right; core's AppConfig.ready() puts these
# entries over it so that get_language_info("kk") agrees with LANGUAGES_BIDI.
LVZHI_LANG_INFO = {
    "kk": {
        "bidi": True,
        "code": "kk",
        "name": "Kazakh (Arabic script)",
        "name_local": "قازاقشا",
    },
}
# Each app added after the first three keeps its own catalog in <app>/locale, listed before the
# project catalog so that `make messages` files every message under the app that uses it.
LOCALE_PATHS = [
    *sorted(p for p in BASE_DIR.glob("*/locale") if p.is_dir()),
    BASE_DIR / "locale",
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Several app servers share the uploads on an S3-compatible object store (MinIO, or the
# government cloud's), through django-storages. The bucket stays private (no public ACL, no
# public URL): a download passes the platform's permission check first, then the platform either
# redirects to a signed URL that expires after FILE_SIGNED_URL_SECONDS (LVZHI_S3_SERVE=redirect,
# the default: the browser must reach LVZHI_S3_ENDPOINT) or streams the object itself
# (LVZHI_S3_SERVE=stream). lvzhi.core.privatefiles; tests/faults/test_object_storage.py.


def s3_storage(env: Any) -> dict[str, Any] | None:
    """The default storage for the LVZHI_S3_* variables of ``env``; None without a bucket."""
    if not env.get("LVZHI_S3_BUCKET"):
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["LVZHI_S3_BUCKET"],
            "endpoint_url": env.get("LVZHI_S3_ENDPOINT") or None,
            "access_key": env.get("LVZHI_S3_ACCESS_KEY", ""),
            "secret_key": env.get("LVZHI_S3_SECRET_KEY", ""),
            "region_name": env.get("LVZHI_S3_REGION") or None,
            # path (MinIO's and most private stores') or virtual (bucket.host); empty: boto3's
            "addressing_style": env.get("LVZHI_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": int(env.get("LVZHI_S3_URL_SECONDS", 60)),
            "file_overwrite": False,
        },
    }


_s3 = s3_storage(os.environ)
if _s3 is not None:
    STORAGES["default"] = _s3
FILE_SERVE = "redirect" if _s3 and os.environ.get("LVZHI_S3_SERVE") != "stream" else "stream"
FILE_SIGNED_URL_SECONDS = int(os.environ.get("LVZHI_S3_URL_SECONDS", 60))
# Uploads live outside the web root and are served by views that check permissions.
MEDIA_ROOT = Path(os.environ.get("LVZHI_MEDIA_ROOT", VAR_DIR / "uploads"))
MEDIA_URL = "/files/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# A multipart request (uploads) as a whole; over it: 413 (lvzhi.core.middleware). nginx's
# client_max_body_size (deploy/nginx/lvzhi.conf) should not be larger.
REQUEST_MAX_BYTES = int(os.environ.get("LVZHI_REQUEST_MAX_BYTES", 12 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

REDIS_URL = os.environ.get("REDIS_URL", "")
# When Redis is away the cache falls back to this database table (lvzhi.core.cache; the table
# is created by migration core 0012): nothing answers 500, throttles keep counting.
CACHE_FALLBACK = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "lvzhi_cache_fallback",
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lvzhi.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs costs at most this much per call (then the fallback).
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        },
        "fallback": CACHE_FALLBACK,
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "fallback": CACHE_FALLBACK,
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work: the Django Tasks API (django-tasks backport), database backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("LVZHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Notifications (lvzhi.core.outbound). The in-app inbox always works, offline included; each
# outbound channel is offered only once it is configured here (docs/deployment.md).
# Email goes through Django's mail backends: SMTP when LVZHI_EMAIL_HOST is set, else the console.
EMAIL_HOST = os.environ.get("LVZHI_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("LVZHI_EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("LVZHI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("LVZHI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("LVZHI_EMAIL_TLS", False)
EMAIL_USE_SSL = _env_bool("LVZHI_EMAIL_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("LVZHI_EMAIL_TIMEOUT", 10))
EMAIL_BACKEND = os.environ.get("LVZHI_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("LVZHI_EMAIL_FROM", "lvzhi@localhost")
NOTIFY_EMAIL = _env_bool("LVZHI_NOTIFY_EMAIL", bool(EMAIL_HOST))
# SMS: an HTTP gateway of the intranet (JSON POST with a bearer token).
NOTIFY_SMS_URL = os.environ.get("LVZHI_SMS_URL", "")
NOTIFY_SMS_TOKEN = os.environ.get("LVZHI_SMS_TOKEN", "")
# Webhooks: only to these hosts (comma-separated host or host:port), so an account cannot make
# the server call an arbitrary address of the intranet. Empty = no webhook channel.
NOTIFY_WEBHOOK_HOSTS = [
    h.strip().lower() for h in os.environ.get("LVZHI_WEBHOOK_HOSTS", "").split(",") if h.strip()
]
# The address of the platform, for links in emails and webhooks.
NOTIFY_SITE_URL = os.environ.get("LVZHI_SITE_URL", "").rstrip("/")
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("LVZHI_NOTIFY_MAX_ATTEMPTS", 5))
NOTIFY_RETRY_SECONDS = int(os.environ.get("LVZHI_NOTIFY_RETRY_SECONDS", 60))
NOTIFY_HTTP_TIMEOUT = float(os.environ.get("LVZHI_NOTIFY_HTTP_TIMEOUT", 5))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "lvzhi.core.logging.MaskPersonalDataFilter"}},
    "formatters": {
        "plain": {
            "()": "lvzhi.core.logging.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
        "json": {"()": "lvzhi.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal"],
            # Structured logs for a collector in production: LVZHI_LOG_FORMAT=json.
            "formatter": "json" if os.environ.get("LVZHI_LOG_FORMAT") == "json" else "plain",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LVZHI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Registry import limits (issue: nasty inputs get a clear message, no 500).
IMPORT_MAX_BYTES = int(os.environ.get("LVZHI_IMPORT_MAX_BYTES", 8 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("LVZHI_IMPORT_MAX_ROWS", 30000))
# What a workbook may unpack to, and its shared-strings table (zip bombs; issue 18.3).
IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("LVZHI_IMPORT_MAX_UNCOMPRESSED_BYTES", 96 * 1024 * 1024)
)
IMPORT_MAX_MEMBERS = 500
IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("LVZHI_IMPORT_MAX_SHARED_STRINGS", 600_000))
