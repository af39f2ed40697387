"""What each worker does once as it starts, so that the first people after a start or a
deploy do not pay for first use: SQLAlchemy configures its mappers and compiles each
statement the first time it runs, Babel loads a language's locale data the first time a
date is formatted in it, and Reflex imports or computes a few things on its first events
(per type of value: how to serialise it; per event handler: its parameters).
Measured on a fresh server (one worker, demo-sized data), first / later: opening the plan
page 85 / 15 ms, a conversation 150 / 15 ms, a status change 66 / 7 ms; with the warm-up
28, 20 and 10 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib
import logging
import types
import typing
from datetime import datetime, timezone
from typing import AsyncIterator

import reflex as rx

from ip_app.consent import data as consent_data
from ip_app.consent.data import managed_plan, may_decide_for
from ip_app.consent.view import build_consent_page
from ip_app.dialog.data import load_thread
from ip_app.dialog.view import build_thread
from ip_app.first_screen.data import changes, last_visit
from ip_app.kernel import db
from ip_app.kernel.access import ALL_SCOPES, PlanAccess, Viewer, plan_access
from ip_app.kernel.accounts import session_facts
from ip_app.kernel.common import today
from ip_app.kernel.i18n import LANGUAGES, fmt_date, fmt_datetime, fmt_short_date
from ip_app.kernel.models import Goal, Measure, Plan, PlanItem, Thread
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.server_opts import tune_gc
from ip_app.meetings import data as meeting_data
from ip_app.plan.data import (
    ParticipantInfo, PlanData, load_histories, load_page, load_plan, visible_measure,
)
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import build

log = logging.getLogger(__name__)

NOBODY = -1  # an id no row has: the warm-up reads nothing of anybody


def warm_up() -> None:
    """Read and build the plan page and a conversation of a plan that does not exist, for a
    made-up owner and a made-up member of staff: every statement of those pages runs once
    and finds nothing. Nothing is written, nothing is logged, no person's data is read."""
    day = today()
    ghost = Viewer(account_id=NOBODY, kind="person", display_name="")
    plan = Plan(id=NOBODY, person_id=NOBODY, title="")
    access = plan_access(ghost, NOBODY, None, day)  # the owner's view: every part is read
    # a koordinator with every scope: the reads that differ for staff (their conversations)
    staff = Viewer(account_id=NOBODY - 1, kind="staff", display_name="", org_id=NOBODY)
    staff_access = PlanAccess(allowed=True, role=Role.KOORDINATOR, participant_id=NOBODY,
                              scopes=ALL_SCOPES)
    with db.engine().connect() as conn:
        session_facts(conn, "warm-up")
    with db.session() as s:
        access_for(s, ghost, NOBODY, day)
        visible_measure(s, plan, access, ghost, NOBODY)
        for viewer, acc in ((ghost, access), (staff, staff_access)):
            build(load_page(s, load_plan(s, plan, acc, viewer), viewer, day, "nb"), viewer,
                  day, "nb")
            # and once more as if the plan had rows: the statements read per goal, tiltak,
            # participant, meeting and IP item (versions, progress notes, referat, names)
            # run only for a plan that has some; they look up ids no row has
            rows = _ghost_rows(load_plan(s, plan, acc, viewer))
            build(load_page(s, rows, viewer, day, "nb"), viewer, day, "nb")
        load_histories(s, rows, ghost, "nb", {NOBODY})  # the names of who changed them
        meeting_data.current_of(s, [NOBODY])  # a meeting's referat
        thread = Thread(id=NOBODY, plan_id=NOBODY, subject="")
        build_thread(load_thread(s, plan, access, ghost, thread), plan, access, ghost, thread,
                     "nb")
        # what opening the person's own plan reads beyond the page: her consent requests
        # (with the plan's load) and what changed since her last visit ("Nytt siden sist")
        managed_plan(s, ghost)
        consent_data.events_for(s, [NOBODY])  # the history of her consents, who acted
        consent_data.names_of(s, [NOBODY])
        last_visit(s, plan_id=NOBODY, account_id=NOBODY)
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
    warm_reflex()


def _ghost_rows(data: PlanData) -> PlanData:
    """`data` (of a plan no one has) with one made-up row of each kind the page reads
    more about, every id `NOBODY`, on a plan of every kind (the IP's contents are read)."""
    at = datetime(2000, 1, 1, tzinfo=timezone.utc)
    data.bases = list(PlanBasis)
    data.participants = [ParticipantInfo(
        id=NOBODY, account_id=NOBODY, role=Role.KOORDINATOR, name="", title="",
        organisation="", org_kind="", contribution="", phone="", email="",
        is_coordinator=False)]
    data.goals = [Goal(id=NOBODY, plan_id=NOBODY, text="", created_at=at)]
    data.measures = [Measure(id=NOBODY, plan_id=NOBODY, title="", status="planlagt",
                             created_by_id=NOBODY, created_at=at, updated_at=at)]
    data.items = [PlanItem(id=NOBODY, plan_id=NOBODY, kind="resource", text="",
                           created_by_id=NOBODY, created_at=at)]
    return data


def warm_reflex() -> None:
    """What Reflex works out once per type or handler, the first time it meets one, done
    for every state of the app: how to serialise each dataclass a var can hold (the views
    and what they hold: a lookup through every registered serializer, ~1 ms per type; 91
    types, in a cache of 128), and each event handler's parameters and kind."""
    from reflex_base.utils import serializers

    seen: set = set()

    def walk(tp: object) -> None:
        if tp in seen or tp is None or tp is typing.Any:
            return
        seen.add(tp)
        origin = typing.get_origin(tp)
        if origin is not None:  # list[Card], Optional[str], dict[str, int] ...
            for arg in typing.get_args(tp):
                walk(arg)
            if isinstance(origin, type):
                walk(origin)
            return
        if isinstance(tp, types.UnionType):
            for arg in typing.get_args(tp):
                walk(arg)
            return
        if not isinstance(tp, type) or not dataclasses.is_dataclass(tp):
            return  # json sends the rest itself (Reflex is asked only for what it cannot)
        serializers.get_serializer(tp)
        serializers._dataclass_serializer(tp)
        try:
            hints = typing.get_type_hints(tp)
        except Exception:  # noqa: BLE001 - a hint that cannot be resolved: skip it
            hints = {}
        for f in dataclasses.fields(tp):
            walk(hints.get(f.name, f.type))

    todo: list[type] = [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        for var in (*cls.base_vars.values(), *cls.computed_vars.values()):
            walk(var._var_type)
        for handler in cls.event_handlers.values():
            _ = (handler._parameters, handler.is_background, handler._is_coroutine_function,
                 handler.supersedes)


WARM_UP_SECONDS = 20.0  # a database slower than this: the worker serves, first use pays


async def prepare_worker() -> None:
    """Warm up (in a thread: a slow database must not hold the worker's event loop), then
    tune the garbage collector, which freezes what exists by then, the warmed caches
    included (`server_opts.tune_gc`)."""
    try:
        await asyncio.wait_for(asyncio.to_thread(warm_up), WARM_UP_SECONDS)
    except Exception as exc:  # noqa: BLE001  (the worker serves all the same; first use pays)
        log.warning("warm-up skipped: %s",
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    await tune_gc()


@contextlib.asynccontextmanager
async def warm_worker() -> AsyncIterator[None]:
    """A Reflex lifespan task (ip_app.py) that the worker's start waits for: it takes its
    first connection only once warm (`prepare_worker`). Run beside the first requests
    instead (a plain lifespan task), the warm-up's thread held the interpreter while the
    first person's page opened: 150-230 ms of server CPU and 0.3-0.8 s for an open right
    after a start (bench/opencost.py), ~30 ms once warm."""
    await prepare_worker()
    yield
