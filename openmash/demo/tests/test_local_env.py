"""The README's commands work from a new terminal: settings read the checkout's local env file.

`make demo` writes `.env` (gitignored) with a SECRET_KEY made for the checkout; a command
typed by hand, without the Makefile's exports, reads it. The real environment always wins,
and nothing from the file leaks into the environment of processes openmash starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from openmash.settings import read_local_env

ROOT = Path(__file__).resolve().parents[3]
SHOW = (
    "import os; from django.conf import settings; "
    "print(settings.SECRET_KEY, ','.join(settings.ALLOWED_HOSTS), os.environ.get('SECRET_KEY'))"
)


def manage(env_file: Path | str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """manage.py as from a new terminal: PATH, HOME and LANG only, plus what the test gives."""
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    clean |= {"OPENMASH_ENV_FILE": str(env_file), **env}
    return subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_a_command_typed_in_a_new_terminal_works_with_the_local_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# Written by 'make demo'\nSECRET_KEY=made-for-this-checkout-0123456789\n")
    result = manage(env_file, "check")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    without = manage(tmp_path / "absent", "check")
    assert without.returncode != 0 and "Set SECRET_KEY (or run `make demo`" in without.stderr


def test_the_real_environment_wins_and_nothing_leaks_into_it(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("export SECRET_KEY='from-the-file'\nALLOWED_HOSTS=file.example\n")
    result = manage(env_file, "shell", "-c", SHOW, ALLOWED_HOSTS="env.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["from-the-file", "env.example", "None"]


@pytest.mark.parametrize("line", ["SECRET_KEY", "1NAME=x", "=value"])
def test_a_malformed_line_is_named(tmp_path, line):
    env_file = tmp_path / ".env"
    env_file.write_text(f"# ok\n{line}\n")
    with pytest.raises(ImproperlyConfigured, match=r"\.env, line 2: expected NAME=value"):
        read_local_env(env_file)


def test_make_demo_writes_the_file_and_git_ignores_it():
    makefile = (ROOT / "Makefile").read_text()
    assert "demo: setup-app .env" in makefile
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
