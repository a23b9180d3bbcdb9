"""Running openmash as a server would, in another process: its environment and its database URL."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def database_url_for(name: str) -> str:
    """A DATABASE_URL for the database `name` on the server the tests use."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def production_env(**extra: str) -> dict[str, str]:
    """What a server's environment holds: nothing from the test run, no local .env."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="false",
        OPENMASH_ENV_FILE="",
        OPENMASH_INSECURE_DEV_KEY="false",
        ALLOWED_HOSTS="127.0.0.1",
    )
    env.update(extra)
    return env
