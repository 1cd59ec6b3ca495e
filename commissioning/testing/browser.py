"""Browser-test helpers: Debian's Chromium, axe-core, screenshots, sign-in."""

from __future__ import annotations

import json
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

_axe = Axe()


def assert_accessible(page) -> None:
    """Run axe-core (every rule it has: WCAG 2.2 A/AA and best practice) and
    fail on any violation, listing each with the elements it found."""
    results = _axe.run(page, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        report = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
            for v in violations
        ]
        raise AssertionError(
            f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(report)
        )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact under var/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in_with_session(context, live_server_url: str, user) -> None:
    """Give the browser a signed-in session without typing the password
    (the sign-in journey itself is tested through the form)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server_url,
            }
        ]
    )


def dump(value) -> str:
    return json.dumps(value, indent=2, default=str)
