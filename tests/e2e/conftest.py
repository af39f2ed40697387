"""Browser tests: one production build and one server for the whole session."""

from __future__ import annotations

import pytest

from tests.utils.browser import login_page
from tests.utils.server import (RunningApp, ScaleoutApp, cleanup, cleanup_scaleout, start_app,
                                start_scaleout)
from tests.utils.smtp import SmtpServer

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def smtp_server() -> SmtpServer:
    """A real SMTP server on 127.0.0.1 for the whole session: the app's notifier sends here."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(smtp_server: SmtpServer) -> RunningApp:
    try:
        running = start_app(smtp_port=smtp_server.port)
    except RuntimeError as first:
        # A start that dies before it answers (seen once under heavy load, with an empty
        # log) is tried once more; a second failure fails the session with both logs.
        print(f"\nthe app did not start, trying once more:\n{first}")
        running = start_app(smtp_port=smtp_server.port)
    yield running
    cleanup(running)


@pytest.fixture(scope="session")
def scaleout(app: RunningApp) -> ScaleoutApp:
    """The same build in scale-out mode: PostgreSQL, state in Redis, 2 backend workers.

    Depends on `app` only for its fresh production build (served again, not rebuilt).
    Fails (never skips) if PostgreSQL or Redis is unreachable.
    """
    running = start_scaleout(build_port=app.port, workers=2)
    yield running
    cleanup_scaleout(running)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here: use Debian's Chromium.
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def login(page, app):
    """Log in through the real login form, as a person would."""

    def _login(username: str, password: str = "demo"):
        return login_page(page, app.url, username, password)

    return _login
