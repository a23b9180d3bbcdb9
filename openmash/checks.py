"""Deployment checks, run by `manage.py check --deploy` (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.staticfiles, deploy=True)
def static_files_collected(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.STATIC_COLLECTED:
        return []
    return [
        Warning(
            "STATIC_COLLECTED is off: without runserver --insecure nothing serves /assets/, so pages "
            "have no styles or scripts.",
            hint="Run `manage.py collectstatic` and set STATIC_COLLECTED=true (docs/deploy.md).",
            id="openmash.W001",
        )
    ]
