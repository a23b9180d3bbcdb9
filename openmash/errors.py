"""The pages for when the service itself fails: 500, and 503 when the database cannot be reached.

Both are plain templates rendered without a request or context (500.html, 503.html), so they
render whatever broke: no session, no user, no database. Django calls `server_error` (urls.py's
handler500) for any exception a view or middleware did not handle, from inside the `except`
block that caught it, so `sys.exc_info()` says what it was. A database that is down, restarting
or refusing connections raises OperationalError or InterfaceError; for those the answer is 503
with Retry-After, which tells people (and monitoring, and the proxy) that trying again later
is the right thing to do. Django's `django.request` logger records the failure with its
traceback either way; `health` (/health/) answers 503 by itself.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from, says the database cannot be used."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def service_unavailable(request: HttpRequest | None = None) -> HttpResponse:
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    if database_unavailable(exc):
        logger.error("Database unavailable (%s): answered 503", type(exc).__name__)
        return service_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
