"""Production settings refuse the development secret key (checked in a fresh
interpreter, as a server would start)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
# Set by the test plugin for Playwright; a production server never has it.
NOT_IN_PRODUCTION = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _start_django(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "commissioning.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_start_without_a_secret_key_is_refused():
    result = _start_django(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_start_with_the_development_key_is_refused():
    result = _start_django(DEBUG="False", SECRET_KEY="dev-only-copied-from-a-laptop")
    assert result.returncode != 0
    assert "development key is refused" in result.stderr


def test_production_start_with_a_real_key_succeeds():
    result = _start_django(
        DEBUG="False", SECRET_KEY="x" * 60, ALLOWED_HOSTS="commissioning.example.gov.uk"
    )
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_development_start_generates_a_key():
    result = _start_django(DEBUG="True")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", ["False"])
def test_deploy_checks_pass_with_production_settings(debug):
    env = {k: v for k, v in os.environ.items() if k not in NOT_IN_PRODUCTION}
    env.update(
        DEBUG=debug,
        SECRET_KEY="k" * 20 + "-production-secret-" + "z" * 30,
        ALLOWED_HOSTS="commissioning.example.gov.uk",
        STATIC_MANIFEST="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
