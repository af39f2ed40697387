"""The database locked during a write, on every form (#8): a clear message, nothing
half-written, and the same action succeeds when it is tried again.

One server (the built app, one worker, its own SQLite database) with a short busy timeout
(`IP_DB_BUSY_TIMEOUT=0.3`). For every write handler a raw websocket client (the same
events the page sends) opens the page, then a second connection holds the database with
`BEGIN EXCLUSIVE` (as a long backup or a stuck writer would) while the event is sent.
Asserted: the tab is told "Vi fikk ikke lagret akkurat nå …" (the dialog: "Meldingen ble
ikke sendt …"), every table is byte for byte as before (the whole unit of work was rolled
back, the audit row too), and once the lock is gone the very same event is stored once.
"""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable

import pytest

from ip_app.kernel import clock
from ip_app.assessment.state import AssessmentState
from ip_app.consent.request_state import ConsentRequestState
from ip_app.consent.state import ConsentState
from ip_app.dialog.state import DialogState
from ip_app.evaluation.state import EvaluationState
from ip_app.goals.state import GoalEditState
from ip_app.ip_decision.state import IpCheckState
from ip_app.kernel.i18n import t
from ip_app.measures.state import MeasureEditState
from ip_app.plan.state import PlanState
from tests.utils import db
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import cleanup, start_restartable

BUSY = t("error.db_busy", "nb")
NOT_SENT = t("dialog.error_not_sent", "nb")
NOT_HASHED = {"auth_session", "alembic_version"}  # logins happen before the snapshot


def _h(state: type, name: str) -> str:
    return f"{state.get_full_name()}.{name}"


@dataclass
class Case:
    """One write: who, on which page, what is sent first, the event, and the audit action
    its success writes (every successful write is audited in the same transaction)."""

    id: str
    user: str
    path: Callable[[dict], str]
    query: Callable[[dict], dict]
    prepare: list[tuple[str, Callable[[dict], dict]]]
    handler: str
    payload: Callable[[dict], dict]
    action: str
    message: str = BUSY
    extra: dict = field(default_factory=dict)


def _plan(ids):
    return f"/plan/{ids['plan']}"


def _plan_q(ids):
    return {"plan_id": str(ids["plan"])}


def _load_plan(ids):
    return {}


TODAY = clock.today()
CID = {"start": secrets.token_urlsafe(18), "send": secrets.token_urlsafe(18)}

CASES = [
    Case("tiltak status", "veileder", _plan, _plan_q, [(_h(PlanState, "load_plan_page"), _load_plan)],
         _h(PlanState, "change_status"),
         lambda ids: {"form_data": {"measure_id": str(ids["measure"]), "status": "avbrutt",
                                    "version": str(ids["measure_version"]),
                                    "reason": "Passer ikke lenger"}},
         "change_status"),
    Case("add activity", "amina", lambda ids: "/", lambda ids: {},
         [(_h(PlanState, "load_home"), _load_plan)], _h(PlanState, "add_activity"),
         lambda ids: {"form_data": {"title": "Svømmekurs", "description": "Tirsdager",
                                    "start_date": "", "end_date": "", "kind": ""}},
         "add_measure"),
    Case("measure edit (new tiltak)", "veileder", _plan, _plan_q,
         [(_h(PlanState, "load_plan_page"), _load_plan), (_h(MeasureEditState, "open_new"),
                                                          lambda ids: {})],
         _h(MeasureEditState, "save"),
         lambda ids: {"form_data": {"measure_id": "0", "title": "Jobbsøkerkurs", "kind": "",
                                    "description": "", "extent": "", "hours_per_week": "",
                                    "how": "", "start_date": "", "end_date": "", "goal_id": "",
                                    "responsible_participant_id": ""}},
         "add_measure"),
    Case("goal edit", "veileder", _plan, _plan_q,
         [(_h(PlanState, "load_plan_page"), _load_plan),
          (_h(GoalEditState, "open"), lambda ids: {"goal_id": ids["goal"]})],
         _h(GoalEditState, "save"),
         lambda ids: {"form_data": {"text": "Fast jobb som helsefagarbeider innen to år",
                                    "reason": "Avtalt i samtalen"}},
         "edit_goal"),
    Case("consent approve", "amina", lambda ids: "/samtykker", lambda ids: {},
         [(_h(ConsentState, "load_page"), lambda ids: {})], _h(ConsentState, "approve"),
         lambda ids: {"form_data": _consent_form(ids)}, "consent_granted"),
    Case("consent change", "amina", lambda ids: "/samtykker", lambda ids: {},
         [(_h(ConsentState, "load_page"), lambda ids: {})], _h(ConsentState, "change"),
         lambda ids: {"form_data": {**_consent_form(ids), "scope_goals": "on",
                                    "valid_until": ""}}, "consent_changed"),
    Case("consent withdraw", "amina", lambda ids: "/samtykker", lambda ids: {},
         [(_h(ConsentState, "load_page"), lambda ids: {})], _h(ConsentState, "withdraw"),
         lambda ids: {"form_data": _consent_form(ids)}, "consent_withdrawn"),
    Case("consent request", "veileder", lambda ids: f"/plan/{ids['plan']}/samtykker", _plan_q,
         [(_h(ConsentRequestState, "load"), lambda ids: {})], _h(ConsentRequestState, "request"),
         lambda ids: {"form_data": {"participant_id": str(ids["relative"]), "scope_goals": "on",
                                    "valid_until": ""}}, "request_consent"),
    Case("consent decline", "amina", lambda ids: "/samtykker", lambda ids: {},
         [(_h(ConsentState, "load_page"), lambda ids: {})], _h(ConsentState, "decline"),
         lambda ids: {"form_data": _consent_form(ids)}, "consent_declined"),
    Case("dialog send", "amina", lambda ids: f"/dialog/{ids['thread']}",
         lambda ids: {"thread_id": str(ids["thread"])}, [(_h(DialogState, "load"), lambda ids: {})],
         _h(DialogState, "send"),
         lambda ids: {"form_data": {"body": "Jeg kommer på mandag", "client_id": CID["send"],
                                    "thread_id": str(ids["thread"])}},
         "send_message", NOT_SENT),
    Case("dialog start", "amina", lambda ids: "/dialog", lambda ids: {},
         [(_h(DialogState, "load"), lambda ids: {})], _h(DialogState, "start"),
         lambda ids: {"form_data": {"subject": "Spørsmål om kurs", "body": "Når starter det?",
                                    f"to_{ids['veileder']}": "on", "client_id": CID["start"]}},
         "start_thread", NOT_SENT),
    Case("dialog mark waiting", "veileder", lambda ids: f"/dialog/{ids['thread']}",
         lambda ids: {"thread_id": str(ids["thread"])}, [(_h(DialogState, "load"), lambda ids: {})],
         _h(DialogState, "set_waiting"), lambda ids: {"value": "bruker"}, "mark_thread"),
    Case("evaluation", "veileder", lambda ids: f"/plan/{ids['plan']}/evaluering", _plan_q,
         [(_h(EvaluationState, "load"), lambda ids: {})], _h(EvaluationState, "save"),
         lambda ids: {"form_data": {"held_on": TODAY.isoformat(), "went_well": "Praksisen går bra",
                                    "changes": "", "attendees": "Amina, Kari",
                                    "next_date": (TODAY + timedelta(days=90)).isoformat(),
                                    "period_start": "", "period_end": ""}},
         "record_evaluation"),
    Case("assessment", "veileder", lambda ids: f"/plan/{ids['plan']}/vurdering", _plan_q,
         [(_h(AssessmentState, "load"), lambda ids: {})], _h(AssessmentState, "save_assessment"),
         lambda ids: {"form_data": {"possibilities": "Gode muligheter i helsesektoren",
                                    "work_goal": "Helsefagarbeider", "ability": "noe_nedsatt",
                                    "ability_note": "", "innsatsgruppe": "situasjonsbestemt",
                                    "help_note": "", "based_on": str(ids["assessment"])}},
         "save_assessment"),
    Case("assessment own view", "amina", lambda ids: f"/plan/{ids['plan']}/vurdering", _plan_q,
         [(_h(AssessmentState, "load"), lambda ids: {})], _h(AssessmentState, "save_own_view"),
         lambda ids: {"form_data": {"agrees": "nei", "text": "Jeg vil heller jobbe i barnehage"}},
         "save_own_view"),
    Case("IP check", "veileder", lambda ids: f"/ip-rett/{ids['amina']}",
         lambda ids: {"person_id": str(ids["amina"])},
         [(_h(IpCheckState, "load"), lambda ids: {}),
          (_h(IpCheckState, "set_answer"), lambda ids: {"question": "long_term", "value": "ja"}),
          (_h(IpCheckState, "set_answer"),
           lambda ids: {"question": "several_providers", "value": "ja"})],
         _h(IpCheckState, "save"), lambda ids: {"form_data": {"reasons": "Langvarige behov"}},
         "record_ip_decision"),
]


def _consent_form(ids) -> dict:
    return {"consent_id": str(ids["consent"]), "version": str(ids["consent_version"])}


def _ids(db_url: str) -> dict:
    """What the events point at, read afresh before each case (versions move)."""
    plan = plan_id_of(db_url, "amina")
    measure, mversion = query(db_url, "SELECT m.id, m.version FROM measure m JOIN participant p "
                                      "ON p.id = m.responsible_participant_id JOIN account a ON "
                                      "a.id = p.account_id WHERE m.plan_id = :p AND a.username = "
                                      "'veileder' AND m.status IN ('planlagt', 'gjennomfores') "
                                      "ORDER BY m.id LIMIT 1", p=plan)[0]
    relative = scalar(db_url, "SELECT p.id FROM participant p JOIN account a ON a.id = "
                              "p.account_id WHERE a.username = 'parorende' AND p.plan_id = :p",
                      p=plan)
    consent, cversion = query(db_url, "SELECT id, version FROM consent WHERE participant_id = :r "
                                      "ORDER BY id DESC LIMIT 1", r=relative)[0]
    return {
        "plan": plan, "measure": measure, "measure_version": mversion, "relative": relative,
        "consent": consent, "consent_version": cversion,
        "goal": scalar(db_url, "SELECT id FROM goal WHERE plan_id = :p ORDER BY id LIMIT 1",
                       p=plan),
        "thread": scalar(db_url, "SELECT id FROM thread WHERE plan_id = :p AND subject = :s",
                         p=plan, s="Praksis på Fjordly sykehjem"),
        "veileder": scalar(db_url, "SELECT id FROM account WHERE username = 'veileder'"),
        "amina": scalar(db_url, "SELECT id FROM account WHERE username = 'amina'"),
        "assessment": scalar(db_url, "SELECT coalesce(max(version), 0) FROM work_assessment "
                                     "WHERE plan_id = :p AND author_kind = 'nav'", p=plan),
    }


def digest(db_url: str) -> str:
    return db.digest(db_url, skip=NOT_HASHED)


def _audited(db_url: str, action: str) -> int:
    return scalar(db_url, "SELECT count(*) FROM audit_event WHERE action = :a AND allowed = :t",
                  a=action, t=True)


@pytest.fixture(scope="module")
def locked_app():
    running = start_restartable(IP_DB_BUSY_TIMEOUT="0.3")
    yield running
    cleanup(running)


async def _until(c: RxClient, predicate: Callable[[], bool], limit: float = 15) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not predicate() and loop.time() < end:
        await asyncio.sleep(0.05)
    return predicate()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_locked_database_says_so_changes_nothing_and_a_retry_saves(locked_app, case: Case):
    app = locked_app
    db_file = app.db_url.removeprefix("sqlite:///")
    ids = _ids(app.db_url)
    cookie = login_cookie(app.url, case.user)
    path, q = case.path(ids), case.query(ids)

    async def scenario() -> tuple[bool, bool, str, int, int, bool]:
        c = RxClient(app.url, cookie, path)
        await c.connect(quiet=0)
        try:
            await c.loaded()
            for handler, payload in case.prepare:
                await c.emit(handler, payload(ids), path=path, query=q)
                await c.processed()  # handled, and what it sent on too
            before = await asyncio.to_thread(digest, app.db_url)
            audited = await asyncio.to_thread(_audited, app.db_url, case.action)
            c.deltas.clear()
            lock = sqlite3.connect(db_file, isolation_level=None, timeout=5)
            try:
                lock.execute("BEGIN EXCLUSIVE")
                await c.emit(case.handler, case.payload(ids), path=path, query=q)
                told = await _until(c, lambda: c.seen(case.message))
                await c.processed()
            finally:
                lock.execute("ROLLBACK")
                lock.close()
            unchanged = await asyncio.to_thread(digest, app.db_url) == before
            # the very same event again, the database free: stored once
            c.deltas.clear()
            await c.emit(case.handler, case.payload(ids), path=path, query=q)
            await c.processed()
            after = await asyncio.to_thread(_audited, app.db_url, case.action)
            return told, unchanged, repr(c.deltas)[-600:], audited, after, c.seen(case.message)
        finally:
            await c.close()

    told, unchanged, last, audited, after, busy_again = run_async(scenario())
    print(f"\n{case.id}: locked -> message shown {told}, tables unchanged {unchanged}; "
          f"retry -> {after - audited} write(s) of {case.action}")
    assert told, f"{case.id}: no message while the database was locked; last deltas: {last}"
    assert unchanged, f"{case.id}: something was written while the database was locked"
    assert after == audited + 1, f"{case.id}: the retry stored {after - audited} times: {last}"
    assert not busy_again, f"{case.id}: the retry said the database was busy again"


def _screen(c: RxClient) -> str:
    """The last `screen` the plan page was sent."""
    key = PlanState.get_full_name()
    sent = [d[key]["screen_rx_state_"] for d in c.deltas
            if isinstance(d.get(key), dict) and "screen_rx_state_" in d[key]]
    return sent[-1] if sent else ""


def test_opening_the_plan_while_the_database_is_locked_says_so_and_a_reload_shows_it(
        locked_app):
    """A page load reads the plan and logs the read: with the database locked it says so
    (not 'loading' for ever), and the next load, the database free, shows the plan."""
    app = locked_app
    db_file = app.db_url.removeprefix("sqlite:///")
    cookie = login_cookie(app.url, "amina")  # before the lock: logging in writes too
    load = _h(PlanState, "load_home")

    async def scenario() -> tuple[bool, bool, bool]:
        lock = sqlite3.connect(db_file, isolation_level=None, timeout=5)
        c = RxClient(app.url, cookie, "/")
        try:
            lock.execute("BEGIN EXCLUSIVE")
            await c.connect()
            await c.send(load, {}, path="/")
            told = await _until(c, lambda: _screen(c) == "error")
        finally:
            lock.execute("ROLLBACK")
            lock.close()
            await c.close()
        again = RxClient(app.url, cookie, "/")
        await again.connect()
        try:
            await again.send(load, {}, path="/")
            shown = await _until(again, lambda: again.seen("Jeg vil jobbe som helsefagarbeider"))
        finally:
            await again.close()
        return told, c.seen("Jeg vil jobbe som helsefagarbeider"), shown and _screen(again) == "plan"

    told, leaked_plan, shown = run_async(scenario())
    assert told, "no error screen while the database was locked"
    assert not leaked_plan
    assert shown, "the plan did not load once the database was free"
