"""Browser tests: one production build, and one server with its own database per worker.

Run in parallel with pytest-xdist (`-n 2 --dist loadfile`, see scripts/test.sh): the
session-scoped fixtures below exist once per worker, so each worker has its own SMTP
server, app server and SQLite database, and a test module runs whole on one worker (its
module-scoped servers are started once). The production frontend is built once for all
of them (tests/utils/build.py); every server serves a copy of it.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.utils.browser import login_page, signed_in
from tests.utils.server import (RunningApp, ScaleoutApp, cleanup, cleanup_scaleout, start_app,
                                start_scaleout)
from tests.utils.smtp import SmtpServer

# Two workers with their servers and browsers share two cores (with whatever else runs):
# an expectation waits up to 30 s for its condition, not Playwright's 5 s (a loaded machine
# has needed more than 15). Only the wait is longer; what is expected is the same.
expect.set_options(timeout=30_000)

# Playwright cannot download its own browsers here: Debian's. Its headless shell (package
# chromium-headless-shell, `make chromium`) is Chromium's own headless-only build, the one
# Playwright runs headless by default: the same Blink and V8 without the full browser's UI
# layers. Measured (tests/e2e/test_dialog.py + test_goals.py, the CPU of every process each
# run started, tests only, load 6-11): Chromium's CPU 10.8 + 9.8 s -> 4.7 + 4.0 s, the whole
# run's 15.5 + 13.5 s -> 8.1 + 6.8 s; a signed-in page load in a new context 0.8-0.9 ->
# 0.34 s of CPU. IP_TEST_CHROMIUM names another executable (e.g. /usr/bin/chromium).
CHROMIUM = os.environ.get("IP_TEST_CHROMIUM") or next(
    (p for p in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if os.path.exists(p)),
    "/usr/bin/chromium-headless-shell")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):  # noqa: ANN001, ANN201
    """`--dist loadfile` with the costly modules first (tests/utils/schedule.py)."""
    if config.getvalue("dist") == "loadfile":
        from tests.utils.schedule import CostFirst

        return CostFirst(config, log)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed test shows the end of its worker's server log (a server that stalled or
    failed says so there; under xdist nothing else would show it)."""
    report = yield
    running = item.funcargs.get("app") if hasattr(item, "funcargs") else None
    if report.failed and isinstance(running, RunningApp) and running.log_path.exists():
        report.sections.append((f"server log of {running.url} (end)",
                                running.log_path.read_text(errors="replace")[-3000:]))
    return report


@pytest.fixture(scope="session")
def smtp_server() -> SmtpServer:
    """A real SMTP server on 127.0.0.1 for the whole session: the app's notifier sends here."""
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app(smtp_server: SmtpServer) -> RunningApp:
    """This worker's server: its own port and SQLite database with the demo data."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    try:
        running = start_app(smtp_port=smtp_server.port)
    except RuntimeError as first:
        # A start that dies before it answers (seen once under heavy load, with an empty
        # log) is tried once more; a second failure fails the session with both logs.
        print(f"\nthe app of worker {worker} did not start, trying once more:\n{first}")
        running = start_app(smtp_port=smtp_server.port)
    yield running
    cleanup(running)


@pytest.fixture(scope="session")
def scaleout() -> ScaleoutApp:
    """The same build in scale-out mode: PostgreSQL, state in Redis, 2 backend workers.

    Fails (never skips) if PostgreSQL or Redis is unreachable.
    """
    running = start_scaleout(workers=2)
    yield running
    cleanup_scaleout(running)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844},
            "locale": "nb-NO", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def page(page):
    """Playwright's page, with a minute (not 30 s) for an action and the navigation it
    starts: on a loaded machine a logout's round trip has taken longer. Only the wait is
    longer; a test that passes is as fast as before."""
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    return page


@pytest.fixture
def login(page, app):
    """Log in. With the demo password the page gets the session cookie from the real login
    endpoint and opens "/" (tests.utils.browser.signed_in: one page load less per test);
    any other password goes through the login form, as a person types it."""

    def _login(username: str, password: str = "demo"):
        if password == "demo":
            return signed_in(page, app.url, username, password)
        return login_page(page, app.url, username, password)

    return _login
