"""Browser tests: one production build, and one server with its own database per worker.

Run in parallel with pytest-xdist (`-n 2 --dist loadfile`, see scripts/test.sh): the
session-scoped fixtures below exist once per worker, so each worker has its own SMTP
server, app server and SQLite database, and a test module runs whole on one worker (its
module-scoped servers are started once). The production frontend is built once for all
of them (tests/utils/build.py); every server serves a copy of it.

Every test starts from the same database (issue 18): a test that uses the worker's `app`
gets it as the server had it just after it started with the demo data, whatever the tests
before it wrote, in whatever order they ran. How: `start_app` keeps a copy of the database
once the server is up; before each module (unless it is so already), `_module_database`
copies it back over the live file under the running server (SQLite's online backup, one
write transaction; the file stays in WAL mode) and has the server forget what it built from
the old rows (POST /_test/reset, ip_app/kernel/reset.py: the route exists only on this
server). The module's own fixtures then run (some change rows for all of the module's
tests); `_fresh_database` saves that state when a test is the first to use a module fixture,
and puts the database back to it (to the start, while no module fixture ran) after every
test. Copy and reset together: ~40 ms median per test under load (the copy ~30 ms of it),
printed at the end of a run with `-s`.
A module whose tests deliberately share what earlier tests of it left (logins and tabs kept
for the module) is marked `pytestmark = pytest.mark.module_database`: restored once, before
the module (test_access_matrix). Modules with their own servers (a module-scoped `app` or
`own_app` from `start_restartable`, the OpenID, PostgreSQL and scale-out servers) are not
restored: each has a fresh database of its own for the module, and its tests run in file
order on it. IP_TEST_SHARED_DATABASE=1 turns the restoring off (every test of a worker on one
database, as before), to compare times or to find a test that relies on another.
Not put back: the session's SMTP server keeps every e-mail (tests look for their own
recipient and text), and the plans' live versions only ever grow (kernel/live.py).
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.utils import context_pool
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
# The last line: nothing the tests look at (one site, no extensions, no sound, no GPU), ~4 %
# less CPU in Chromium per signed-in page load (0.705 -> 0.675 s, three rounds of eight loads
# side by side, load 4-5; browser and Playwright's driver).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-site-isolation-trials", "--disable-extensions", "--mute-audio",
                 "--in-process-gpu",
                 "--disable-features=IsolateOrigins,site-per-process,Translate,MediaRouter,"
                 "OptimizationHints,AutofillServerCommunication"]


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


def _restorable(app: object) -> bool:
    """The worker's own `app` (start_app), not a module's own server."""
    return isinstance(app, RunningApp) and app.can_restore()


RESTORES: list[tuple[float, float]] = []  # (ms, of which the copy) per restore in this worker


def _restore(app: RunningApp, copy=None) -> None:  # noqa: ANN001
    RESTORES.append((app.restore(copy), app.last_copy_ms))


@pytest.fixture(scope="module", autouse=True)
def _module_database(request):
    """Before a module that uses the worker's `app`: the database as the server started
    (first among the module's fixtures: autouse fixtures of a scope come first)."""
    if os.environ.get("IP_TEST_SHARED_DATABASE") == "1":  # as before issue 18 (to compare)
        yield None
        return
    module_items = [i for i in request.session.items
                    if getattr(i, "module", None) is request.module]
    if not any("app" in i.fixturenames for i in module_items):
        yield None
        return
    app = request.getfixturevalue("app")
    if not _restorable(app):
        yield None
        return
    if app.same_as != app.pristine:  # (after a module that left it as it started: as is)
        _restore(app)
    yield {"app": app, "start": app.pristine, "fixtures": set()}


@pytest.fixture(autouse=True)
def _fresh_database(request, _module_database):
    """Each test of such a module starts from the database as the module's fixtures left
    it, and leaves it so: put back after every test, to the copy taken when a test first
    used a module fixture (the one the server started with while none has). After, not
    before: a module fixture that a later test is the first to use then changes that
    state, not what the test before it wrote."""
    if _module_database is None or "app" not in request.fixturenames:
        yield
        return
    app = _module_database["app"]
    if request.getfixturevalue("app") is not app:
        yield
        return
    if request.node.get_closest_marker("module_database"):
        app.same_as = None  # whatever the test writes stays, for the module's next tests
        yield
        return
    defs = request.node._fixtureinfo.name2fixturedefs
    used = {n for n in request.fixturenames if n != "_module_database" and n in defs
            and defs[n][-1].scope == "module"}
    if not used <= _module_database["fixtures"]:  # a module fixture ran: it may have written
        _module_database["fixtures"] |= used
        _module_database["start"] = app.workdir / "module-start.db"
        app.save_database(_module_database["start"])
        app.same_as = None
    yield
    _restore(app, _module_database["start"])


def pytest_sessionfinish(session):  # noqa: ANN001, ANN201
    """With -s (or in the worker's output): what putting the database back cost."""
    if RESTORES:
        total, copy = sorted(r[0] for r in RESTORES), sorted(r[1] for r in RESTORES)
        mid = len(total) // 2
        print(f"\ndatabase restores: {len(total)}, median {total[mid]:.1f} ms (copy "
              f"{copy[mid]:.1f} ms, the rest the server's reset), max {total[-1]:.1f} ms, "
              f"total {sum(total) / 1000:.2f} s")
    if any(context_pool.STATS.values()):
        print(f"\nbrowser contexts: {context_pool.STATS}")
        if os.environ.get("IP_TEST_CONTEXT_POOL_STATS"):  # a file: the workers' print is lost
            with open(os.environ["IP_TEST_CONTEXT_POOL_STATS"], "a") as out:
                out.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')} "
                          f"{context_pool.STATS}\n")


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


context_pool.install()


@pytest.fixture(autouse=True)
def _context_pool(_fresh_database):
    """After each test, every browser context it still holds goes back to this worker's pool
    (tests/utils/context_pool.py: cleaned, or closed if it cannot be): before the database
    is put back (this fixture starts after `_fresh_database`, so it ends before it)."""
    yield
    context_pool.give_back_all()


@pytest.fixture
def context(browser, browser_context_args):
    """A clean browser context from the worker's pool (tests/utils/context_pool.py), given
    back after the test. Replaces pytest-playwright's, whose artifact recorder (tracing,
    screenshots: not used here) adds a listener to every context."""
    ctx = browser.new_context(**browser_context_args)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """Playwright's page, with a minute (not 30 s) for an action and the navigation it
    starts: on a loaded machine a logout's round trip has taken longer. Only the wait is
    longer; a test that passes is as fast as before."""
    page = context.new_page()
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
