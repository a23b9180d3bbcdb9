"""Settings for openmash, read from the environment.

Every value that differs between a laptop, CI and production comes from an
environment variable through the typed helpers below, which refuse a bad value
with ImproperlyConfigured rather than guessing. Nothing exists only in production.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def read_local_env(path: Path) -> dict[str, str]:
    """`NAME=value` lines from a local env file; blank lines and `#` comments are skipped.

    `make demo` writes one (`.env` in the checkout, gitignored) holding a SECRET_KEY made for
    this checkout, so commands typed by hand in a new terminal work as the README shows them.
    """
    values: dict[str, str] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name.isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


# The local env file: OPENMASH_ENV_FILE names it (empty for none), default `.env` in the checkout.
# Its values fill in only what the real environment does not set, so a server's environment
# always wins; production needs no such file. Settings read through _env_get, never by copying
# the file into os.environ, so nothing from the file leaks into processes openmash starts. The
# environment is read at each call (not snapshotted), so the helpers see what tests set.
LOCAL_ENV_FILE = os.environ.get("OPENMASH_ENV_FILE", str(BASE_DIR / ".env"))
_file_env: dict[str, str] = (
    read_local_env(Path(LOCAL_ENV_FILE)) if LOCAL_ENV_FILE and Path(LOCAL_ENV_FILE).is_file() else {}
)


def _env_get(name: str) -> str | None:
    value = os.environ.get(name)
    return _file_env.get(name) if value is None else value


def env_str(name: str, default: str) -> str:
    value = _env_get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    raw = _env_get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = _env_get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_minutes(name: str, default: int) -> dt.timedelta:
    """A whole number of minutes, at least one."""
    minutes = env_int(name, default)
    if minutes < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1 (minutes), not {minutes}")
    return dt.timedelta(minutes=minutes)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The demo and tests run without a secret in the environment; production must set one.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not env_bool("OPENMASH_INSECURE_DEV_KEY", DEBUG):
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or run `make demo`, which writes one for this checkout to .env, "
            "or set OPENMASH_INSECURE_DEV_KEY=true for a local demo or test run)."
        )
    SECRET_KEY = "insecure-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Behind a TLS-terminating reverse proxy (docs/deploy.md), which is then the only way in.
BEHIND_PROXY = env_bool("OPENMASH_BEHIND_PROXY", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "openmash.audit",
    "openmash.hubs",
    "openmash.accounts",
    "openmash.people",
    "openmash.contacts",
    "openmash.enquiries",
    "openmash.meetings",
    "openmash.decisions",
    "openmash.identity",
    "openmash.consent",
    "openmash.letters",
    "openmash.demo",
    "openmash.markings",
    "openmash.restricted",
    "openmash.retention",
    "openmash.submissions",
]

# Order matters. OTPMiddleware needs the user; SignInSessionMiddleware needs the user, its
# second factor and messages, and signs out sessions that are unverified, idle, too old or
# whose account was disabled, before LoginRequiredMiddleware (a process_view hook, so it runs
# after every middleware here) sends the visitor to sign in. AxesMiddleware stays last so it
# can turn any response into the lock-out page (docs/security.md).
MIDDLEWARE = [
    # First, so every response (static files and error pages included) carries X-Request-ID and
    # every log line written while answering names it (openmash/logs.py).
    "openmash.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "openmash.accounts.signin_middleware.SignInSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "openmash.accounts.middleware.CurrentMembershipMiddleware",
    "openmash.accounts.signin_middleware.NoMembershipSignOutMiddleware",
    "openmash.accounts.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openmash.urls"
# A database that cannot be reached answers 503 "Sorry, the service is unavailable" with
# Retry-After, any other failure 500 "Sorry, there is a problem with the service" (openmash/errors.py).
RETRY_AFTER_SECONDS = env_int("RETRY_AFTER_SECONDS", 30)
WSGI_APPLICATION = "openmash.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openmash" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "libraries": {"govuk": "openmash.templatetags.govuk"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openmash.accounts.context_processors.membership",
            ],
        },
    },
]
# Forms render with GOV.UK Design System markup (see openmash/templates/govuk/).
FORM_RENDERER = "openmash.forms.GovukFormRenderer"

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_postgres = DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Each worker keeps its PostgreSQL connection for a minute rather than connecting for every
        # request; the health check before reuse means a database restart costs one reconnect, not
        # an error page. SQLite opens a file: nothing to keep.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if _postgres else 0),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if _postgres:
    # Give up on an unreachable server within seconds (the 503 page), not after TCP's minutes,
    # which would outlast gunicorn's worker timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent triage on the embedded database: wait for the write lock rather than fail.
    # IMMEDIATE takes the write lock at the start of a transaction, so a transaction that reads
    # before it writes waits its turn instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files are served from /assets/. GOV.UK Frontend is built from Sass for a
# council's service (frontend/govuk.scss: no GDS Transport font, no crown or crest) by
# `npm run build:css` into build/static/, with its JavaScript; nothing else is taken
# from node_modules, so the package's GOV.UK-only fonts and images are never served.
STATIC_URL = "/assets/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "openmash" / "static",
    BASE_DIR / "build" / "static",
]
# Where `manage.py collectstatic` has run (production, `make serve`): pages name each file by a
# hash of its content (/assets/govuk/openmash-govuk.4f1c….css) from the manifest collectstatic
# writes, and WhiteNoise serves STATIC_ROOT from the app itself, compressed (gzip and Brotli),
# hashed names cached for a year. Off (the demo and the tests), files are found where they lie
# and served by runserver --insecure or the test server, as before. `manage.py check --deploy`
# warns when it is off (openmash/checks.py).
STATIC_COLLECTED = env_bool("STATIC_COLLECTED", False)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COLLECTED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if STATIC_COLLECTED:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

# -- Signing in (docs/security.md) -------------------------------------------------------
# AxesStandaloneBackend refuses a locked-out username and address before ModelBackend checks
# the password; ModelBackend runs the password hasher even for an unknown username, so an
# unknown user, a wrong password and a disabled account take about as long and get one answer.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock-out keys on the username and the address together: five failures (passwords or
# security codes) for one username from one address lock that pair out for the cool-off.
# Not the address alone: a council's staff often share one outgoing address, and one person's
# typos must not lock out the office. Not the username alone: anyone could then lock a named
# social worker out during an emergency. A password guessed from many addresses still meets
# the second factor, whose codes django-otp throttles per device wherever they come from.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_minutes("SIGN_IN_LOCKOUT_MINUTES", 15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a full sign-in (password and code) clears that pair's failures
AXES_LOCKOUT_CALLABLE = "openmash.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "openmash.accounts.signin.client_address"
AXES_VERBOSE = False
# The request.META key holding the client's address. Behind a reverse proxy, name a header
# the proxy always overwrites (e.g. HTTP_X_REAL_IP); never one a client can set.
# Behind the proxy (OPENMASH_BEHIND_PROXY) every request comes from the proxy's address, so the
# default is then X-Real-IP, which the nginx configuration in docs/deploy.md always overwrites.
CLIENT_ADDRESS_HEADER = env_str("CLIENT_ADDRESS_HEADER", "HTTP_X_REAL_IP" if BEHIND_PROXY else "REMOTE_ADDR")

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "openmash")
# Seconds of back-off after each wrong code, doubling (django-otp), on top of the lock-out.
OTP_TOTP_THROTTLE_FACTOR = env_int("OTP_TOTP_THROTTLE_FACTOR", 1)

# -- Sessions --------------------------------------------------------------------------------
# Stored in the database, so signing out, an expired session or a disabled account ends it
# on the server, not just in the browser.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = env_minutes("SESSION_IDLE_MINUTES", 15)
SESSION_ABSOLUTE_TIMEOUT = env_minutes("SESSION_ABSOLUTE_MINUTES", 12 * 60)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # no session cookie left on a shared computer's disk
# Re-authentication (openmash.accounts.decorators.recent_authentication_required) asks for
# the password and a fresh code when the last one is older than a view's limit.
SIGN_IN_PENDING_TIMEOUT = dt.timedelta(minutes=5)  # between the password and the code

# -- Cookies and transport -------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this host only,
# for the whole site. Over plain HTTP (the local demo) browsers reject such cookies, so then not.
SESSION_COOKIE_NAME = "__Host-openmash-session" if SESSION_COOKIE_SECURE else "openmash-session"
CSRF_COOKIE_NAME = "__Host-openmash-csrf" if CSRF_COOKIE_SECURE else "openmash-csrf"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Behind the proxy (OPENMASH_BEHIND_PROXY=true), trust its X-Forwarded-Proto for "was this request
# HTTPS?" (SECURE_PROXY_SSL_HEADER names another header). Only when the proxy is the only way in
# and always sets the header: a client reaching the app directly could otherwise claim HTTPS.
_proxy_ssl_header = env_str("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO" if BEHIND_PROXY else "")
if _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https")
# Browsers heed HSTS only over HTTPS, so it is harmless for the local demo over HTTP.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# -- Content Security Policy (django-csp) ----------------------------------------------------
# Everything comes from this site; no inline script or style anywhere. Scripts also carry a
# per-response nonce (base.html), so a script injected into a page without it does not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "base-uri": [csp.NONE],
        "object-src": [csp.NONE],
    }
}

# -- Logging ----------------------------------------------------------------------------------
# One JSON object per line on stderr (journald keeps it): time, level, logger, message and, while
# answering a request, its X-Request-ID, method and path (never the query string) and the user's
# id. Tracebacks name the exception's type and the code, not its message, which can quote data
# (openmash/logs.py). The access log, one line per request, is gunicorn's (deploy/gunicorn.conf.py).
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "openmash.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {},
}

# -- The audit trail's published heads (docs/audit.md) ----------------------------------------
# `manage.py audit_publish_head` appends the chain's head to this file; `verify_audit` checks the
# chain against every head in it. In production put it on storage the database's users cannot
# change (another disk, a mount shipped off the server), not in the code checkout.
AUDIT_ANCHOR_FILE = Path(env_str("AUDIT_ANCHOR_FILE", str(BASE_DIR / "var" / "audit-anchors.jsonl")))
# Also send each published head to the local syslog (journald reads it), for forwarding off the server.
if env_bool("AUDIT_ANCHOR_SYSLOG", False):
    LOGGING["handlers"]["audit_anchor_syslog"] = {
        "class": "logging.handlers.SysLogHandler",
        "address": env_str("AUDIT_ANCHOR_SYSLOG_ADDRESS", "/dev/log"),
        "facility": "auth",
        "formatter": "audit_anchor",
    }
    LOGGING["formatters"]["audit_anchor"] = {"format": "openmash: %(message)s"}
    LOGGING["loggers"]["openmash.audit.anchor"] = {
        "handlers": ["audit_anchor_syslog"],
        "level": "INFO",
        "propagate": False,
    }
