from __future__ import annotations

import uuid
from typing import Any

from django import template
from django.utils.html import format_html

from openmash.submissions.services import TOKEN_FIELD, posted_token

register = template.Library()


@register.simple_tag(takes_context=True)
def submission_token(context: dict[str, Any]) -> str:
    """The hidden one-time token for a create form: the posted one when the form comes back
    with errors (nothing was made, so it is still unused), otherwise a fresh one."""
    request = context.get("request")
    token = posted_token(request) if request is not None and request.method == "POST" else None
    return format_html('<input type="hidden" name="{}" value="{}">', TOKEN_FIELD, token or uuid.uuid4())
