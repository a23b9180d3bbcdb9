from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from openmash.accounts import rules


def membership(request: HttpRequest) -> dict[str, Any]:
    m = getattr(request, "membership", None)
    return {
        "membership": m,
        "current_hub": m.hub if m else None,
        "nav": {
            "queue": rules.allowed("see_queue", m),
            "take_contact": rules.allowed("take_contact", m),
            "configure": rules.allowed("configure_hub", m),
            "meetings": rules.allowed("see_meetings", m),
            "restricted_log": rules.allowed("review_break_glass", m),
            "retention": rules.allowed("review_retention", m),
            "family_reports": rules.allowed("subject_access", m),
        },
    }
