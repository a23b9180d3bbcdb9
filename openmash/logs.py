"""Logs as JSON lines, each naming the request it was written for, and nothing personal.

One JSON object per line, so journald, a log shipper or `jq` can read the fields without
parsing prose:

    {"time": "2026-12-01T09:30:00.123Z", "level": "ERROR", "logger": "django.request",
     "message": "Internal Server Error: /contacts/42/", "request_id": "5f0c…", "method": "GET",
     "path": "/contacts/42/", "user_id": 7, "status": 500, "error": "ValueError", "traceback": "…"}

What is left out on purpose: query strings (a search for a child's name travels in one), form
data, names, and exception messages (a database error can quote the row it refused). A traceback
keeps the exception's type and the code it went through. Only the fields below are written, so
an object passed in `extra` (Django passes the whole request) is never dumped by accident.

The standard library (and nothing of Django's that needs settings), so gunicorn's master process can use the formatters before Django
starts (deploy/gunicorn.conf.py). python-json-logger would do the JSON but not the part that
matters here, choosing the fields, so it is not worth a dependency.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.utils.functional import empty  # importable before Django is set up

# Where openmash.middleware leaves the request's id and its user's id in the WSGI environ
# (request.META), for these formatters and for gunicorn's access log.
ENVIRON_REQUEST_ID = "openmash.request_id"
ENVIRON_USER_ID = "openmash.user_id"

# Extra attributes copied from a log record when a caller or Django sets them.
EXTRA_FIELDS = ("status", "duration_ms", "user_id", "method", "path", "request_id")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    method: str
    path: str
    request: Any = None  # the HttpRequest, to name the user once authentication has run


current_request: ContextVar[RequestContext | None] = ContextVar("openmash_current_request", default=None)


def user_id_of(request: Any) -> int | None:
    """The signed-in user's id, if authentication has already loaded the user; never a query.

    AuthenticationMiddleware sets `request.user` to a lazy object that reads the session and
    the database when first touched. A log line must not be the thing that touches it (the
    database may be why we are logging), so a user not loaded yet is left out.
    """
    if request is None:
        return None
    user = getattr(request, "__dict__", {}).get("user")
    loaded = getattr(user, "__dict__", {}).get("_wrapped", user)  # SimpleLazyObject keeps it here
    if loaded is None or loaded is empty or not getattr(loaded, "is_authenticated", False):
        return None
    pk = getattr(loaded, "pk", None)
    return pk if isinstance(pk, int) else None


def context_of(request: Any) -> RequestContext | None:
    """The context of a request a record names (django.request's records carry it as `request`).

    Django logs a 4xx or 5xx response after the middleware has returned it, when the request's
    context is no longer current; the id is still in the request's environ.
    """
    meta = getattr(request, "META", None)
    if not isinstance(meta, Mapping) or not isinstance(meta.get(ENVIRON_REQUEST_ID), str):
        return None
    return RequestContext(meta[ENVIRON_REQUEST_ID], str(getattr(request, "method", "")), str(request.path), request)


def _time(created: float) -> str:
    moment = dt.datetime.fromtimestamp(created, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON with a fixed set of fields (module docstring)."""

    def fields(self, record: logging.LogRecord) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "time": _time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = current_request.get() or context_of(getattr(record, "request", None))
        if context is not None:
            entry["request_id"] = context.request_id
            entry["method"] = context.method
            entry["path"] = context.path
            user_id = user_id_of(context.request)
            if user_id is not None:
                entry["user_id"] = user_id
        status = getattr(record, "status_code", None)  # django.request's records carry it
        if isinstance(status, int):
            entry["status"] = status
        for name in EXTRA_FIELDS:
            value = getattr(record, name, None)
            if isinstance(value, str | int | float) and not isinstance(value, bool):
                entry[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            entry["error"] = (
                kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
            )
            entry["traceback"] = "".join(traceback.format_tb(tb)).rstrip()
        return entry

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(self.fields(record), ensure_ascii=False, default=str)


def _atom(atoms: Mapping[str, Any], key: str) -> str | None:
    value = atoms.get(key)
    return None if value in (None, "-", "") else str(value)


class GunicornAccessFormatter(JsonFormatter):
    """gunicorn's access log (one line per request) as JSON: deploy/gunicorn.conf.py.

    gunicorn logs each request with its "atoms" as the record's arguments. The line keeps
    method, path (PATH_INFO: never the query string), status, duration, the request id the app
    put on the response and the user id it left in the WSGI environ (openmash.middleware);
    not the client's address, user agent or referrer.
    """

    def fields(self, record: logging.LogRecord) -> dict[str, Any]:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        method, path, status = _atom(atoms, "m"), _atom(atoms, "U"), _atom(atoms, "s")
        microseconds = atoms.get("D")  # the request's duration
        entry: dict[str, Any] = {
            "time": _time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": f"{method} {path} {status}",
            "request_id": _atom(atoms, "{x-request-id}o"),
            "method": method,
            "path": path,
            "status": int(status) if status and status.isdigit() else status,
            "duration_ms": round(microseconds / 1000, 1) if isinstance(microseconds, int) else None,
        }
        user_id = _atom(atoms, "{" + ENVIRON_USER_ID + "}e")
        if user_id is not None and user_id.isdigit():
            entry["user_id"] = int(user_id)
        return {key: value for key, value in entry.items() if value is not None}
