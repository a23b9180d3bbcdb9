"""Every request gets an id: the proxy's X-Request-ID when it is sane, otherwise a new one.

The id goes back on the response (X-Request-ID), into every log line written while answering
(openmash/logs.py), and, with the signed-in user's id, into the WSGI environ, where gunicorn's
access log reads both (deploy/gunicorn.conf.py). A user quoting the id from an error page's
response lets whoever runs the service find the exact log lines.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from openmash.logs import ENVIRON_REQUEST_ID, ENVIRON_USER_ID, RequestContext, current_request, user_id_of

# nginx's $request_id is 32 hex digits; a UUID has hyphens. Anything else (too long, spaces,
# quotes, newlines that could forge a log line) is replaced rather than trusted.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def request_id_for(request: HttpRequest) -> str:
    offered = request.headers.get("X-Request-ID", "")
    return offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request)
        request.META[ENVIRON_REQUEST_ID] = request_id  # META is the WSGI environ
        token = current_request.set(RequestContext(request_id, request.method or "", request.path, request))
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        response["X-Request-ID"] = request_id
        user_id = user_id_of(request)
        if user_id is not None:
            request.META[ENVIRON_USER_ID] = str(user_id)
        return response
