"""What each worker does once as it starts, so that the first people after a start or a
deploy do not pay for first use: SQLAlchemy configures its mappers and compiles each
statement the first time it runs, Babel loads a language's locale data the first time a
date is formatted in it, and Reflex imports or computes a few things on its first events.
Measured on a fresh server (one worker, demo-sized data), first / later: opening the plan
page 85 / 15 ms, a conversation 150 / 15 ms, a status change 66 / 7 ms; with the warm-up
28, 20 and 10 ms.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from datetime import datetime, timezone

from ip_app.consent import data as consent_data
from ip_app.consent.data import managed_plan, may_decide_for
from ip_app.consent.view import build_consent_page
from ip_app.dialog.data import load_thread
from ip_app.dialog.view import build_thread
from ip_app.first_screen.data import changes
from ip_app.kernel import db
from ip_app.kernel.access import Viewer, plan_access
from ip_app.kernel.accounts import session_facts
from ip_app.kernel.common import today
from ip_app.kernel.i18n import LANGUAGES, fmt_date, fmt_datetime, fmt_short_date
from ip_app.kernel.models import Measure, Plan, Thread
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.server_opts import tune_gc
from ip_app.plan.data import load_page, load_plan, visible_measure
from ip_app.plan.view import build

log = logging.getLogger(__name__)

NOBODY = -1  # an id no row has: the warm-up reads nothing of anybody


def warm_up() -> None:
    """Read and build the plan page and a conversation of a plan that does not exist, for a
    made-up owner: every statement of those pages runs once and finds nothing. Nothing is
    written, nothing is logged, no person's data is read."""
    day = today()
    ghost = Viewer(account_id=NOBODY, kind="person", display_name="")
    plan = Plan(id=NOBODY, person_id=NOBODY, title="")
    access = plan_access(ghost, NOBODY, None, day)  # the owner's view: every part is read
    with db.engine().connect() as conn:
        session_facts(conn, "warm-up")
    with db.session() as s:
        access_for(s, ghost, NOBODY, day)
        visible_measure(s, plan, access, ghost, NOBODY)
        build(load_page(s, load_plan(s, plan, access, ghost), ghost, day, "nb"), ghost, day, "nb")
        thread = Thread(id=NOBODY, plan_id=NOBODY, subject="")
        build_thread(load_thread(s, plan, access, ghost, thread), plan, access, ghost, thread,
                     "nb")
        # what opening the person's own plan reads beyond the page: her consent requests
        # (with the plan's load) and what changed since her last visit ("Nytt siden sist")
        managed_plan(s, ghost)
        build_consent_page(consent_data.load_page(s, plan, day), ghost,
                           may_decide_for(s, plan, NOBODY, day), day, "nb")
        changes(s, since=datetime(2000, 1, 1, tzinfo=timezone.utc),
                measures=[Measure(id=NOBODY, plan_id=NOBODY, title="")], goal_ids=[NOBODY])
        s.rollback()  # nothing to keep
    # Reflex imports its model module (and with it Alembic) the first time an event handler
    # gets a dict, i.e. at the first form a person sends: ~50 ms, now paid here
    importlib.import_module("reflex.model")

    moment = datetime(2000, 1, 1, tzinfo=timezone.utc)
    for lang in LANGUAGES:
        fmt_date(moment.date(), lang)
        fmt_short_date(moment.date(), lang)
        fmt_datetime(moment, lang)


async def prepare_worker() -> None:
    """A Reflex lifespan task (ip_app.py): warm up (in a thread: a slow database must not
    hold the worker's event loop), then tune the garbage collector, which freezes what
    exists by then, the warmed caches included (`server_opts.tune_gc`)."""
    try:
        await asyncio.to_thread(warm_up)
    except Exception as exc:  # noqa: BLE001  (the worker serves all the same; first use pays)
        log.warning("warm-up skipped: %s", str(exc).splitlines()[0] if str(exc) else exc)
    await tune_gc()
