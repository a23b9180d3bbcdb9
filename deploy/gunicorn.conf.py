"""gunicorn's configuration for openmash in production: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (the systemd unit reads /etc/openmash/env;
docs/deploy.md). Logs are JSON lines: the access log (one line per request: method, path without
the query string, status, duration, request id, user id) on stdout, gunicorn's own messages on
stderr, both through openmash/logs.py.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from None


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SystemExit(f"{name} must be true or false, not {raw!r}")


wsgi_app = "openmash.wsgi:application"
# Behind nginx on the same machine: listen on loopback only (docs/deploy.md).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: each answers one request at a time. Two per core plus one is gunicorn's
# rule of thumb; capped because each worker holds a database connection and ~100 MB.
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
# A request taking longer than this is killed (the worker restarts); PDFs and exports included.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # finish requests in flight on restart
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # the proxy reuses connections
# Recycle workers now and then so a slow leak cannot grow for weeks; jitter stops them all
# restarting together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Heartbeat files in memory, not on a disk that may stall (gunicorn's advice for containers and VMs).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Trust X-Forwarded-Proto only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "openmash"
# gunicorn's control socket (gunicornc) lives in the user's home by default, where two servers on
# one machine would share it and a system user has no home; systemd manages the process instead.
control_socket_disable = not _bool("GUNICORN_CONTROL_SOCKET", False)

# Logs: the access log as JSON on stdout, one object per request; off with GUNICORN_ACCESS_LOG=false.
accesslog = "-" if _bool("GUNICORN_ACCESS_LOG", True) else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "openmash.logs.JsonFormatter"},
        "access": {"()": "openmash.logs.GunicornAccessFormatter"},
    },
    "handlers": {
        "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
        "error": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"},
    },
    "root": {"level": "WARNING", "handlers": ["error"]},
    "loggers": {
        # Not propagated: Django's own logging (settings.LOGGING) would print them a second time.
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["error"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access"] if accesslog else [],
            "propagate": False,
        },
    },
}
