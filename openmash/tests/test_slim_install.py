"""A slim web install (issue 11, point 7): the web app and the intake matcher run without the batch extra.

Splink, DuckDB and pyarrow (requirements/batch.txt, several hundred MB) serve only the batch
identity commands. The first test loads everything a web process loads, in a fresh
interpreter, and checks none of them was imported; the second shows a batch command
refusing with what to install when they are missing. Checked for real in a virtual
environment with only requirements/base.txt (see docs/identity.md, "Installing").
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from openmash.identity import engines

WEB_PROCESS = """
import importlib, os, pathlib, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openmash.settings")
django.setup()
from django.apps import apps
from django.core.management import call_command, get_commands, load_command_class
from django.template import engines
from django.urls import get_resolver

call_command("check", verbosity=0)
get_resolver().url_patterns  # the URLconf and every app's urls and views
for app in apps.get_app_configs():
    if not app.name.startswith("openmash."):
        continue
    for name in ("urls", "views", "forms", "services", "models", "signals"):
        try:
            importlib.import_module(f"{app.name}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app.name}.{name}":
                raise
from openmash.identity import definition, features, index, matcher, services  # the intake matcher
definition.priors()
# every template compiles (their tag libraries load)
for backend in engines.all():
    for folder in backend.template_dirs:
        for path in pathlib.Path(folder).rglob("*.html"):
            backend.get_template(str(path.relative_to(folder)))
# every management command loads, the batch ones included (they import the extra only when run)
for command, app in get_commands().items():
    load_command_class(app, command)
print(sorted({m.split(".")[0] for m in sys.modules} & {"splink", "duckdb", "pyarrow", "sqlglot"}))
"""


def test_the_web_app_and_the_intake_matcher_do_not_import_the_batch_extra():
    result = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", WEB_PROCESS],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["identity_dedupe", "site1"],
        ["identity_link_extract", "site1", "roll.csv", "--source", "x"],
        ["identity_train", "site1"],
    ],
)
def test_a_batch_command_without_the_extra_says_what_to_install(command, monkeypatch):
    for name in engines.BATCH_EXTRA:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` now fails, as if not installed
    with pytest.raises(CommandError) as refused:
        call_command(*command)
    assert str(refused.value).endswith(
        "Install the batch extra: .venv/bin/pip install -r requirements/batch.txt -c requirements/constraints.txt"
    )
    assert "splink, duckdb, pyarrow" in str(refused.value)
