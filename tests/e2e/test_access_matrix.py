"""Every event handler of every State, called as users who must be refused.

Every handler is declared through the gate (ip_app/kernel/gate.py), which does the
checks once for all of them; tests/unit/test_gate.py checks the gate itself (lock
first, refusal text + audit row, one unit of work, the live signal, database trouble).
Here: every discovered handler must carry a gate declaration (one that does not fails
`test_every_handler_is_declared_through_the_gate`), and, as before, each is called
over the websocket as users who must be refused.

Handlers are discovered, not listed: a new handler is covered the day it is
written. For each (handler, refused user) the test sends the event over the real
websocket with forged arguments pointing at Amina's plan, and asserts: nothing in
the database changed, none of Amina's plan reached the user, and a refusal was
written to the audit log. Each refused user has one tab on Amina's plan (and one
on "/") for the whole module, as a person who keeps forging events in one tab;
each call is over once the server has handled it (no fixed pause). Handlers that touch no data at all (open/close a
dialog, remember a filter) are named in UI_ONLY; a handler that reads or writes
data and is missing from that list must refuse and audit, or this test fails.
"""

from __future__ import annotations

import inspect

import pytest
import reflex as rx

import ip_app.ip_app  # noqa: F401 - registers every State
from ip_app.kernel import gate
from tests.utils.db import digest, execute, plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import LoopThread, RxClient

# the refused users' logins and tabs are kept for the whole module, and every call checks
# that the database did not change: restored once, before the module (tests/e2e/conftest.py)
pytestmark = pytest.mark.module_database

# handlers that read and write no data: they only change what this tab displays
UI_ONLY = {
    "PlanState.open_add", "PlanState.close_add", "PlanState.set_card_open",
    "PlanState.toggle_board_menu", "PlanState.show_in_panel", "ConversationRecordState.new_record",
    "PlanState.set_group_by", "CaseloadState.set_query", "CaseloadState.set_status",
    "CaseloadState.set_plan_type",
    "CaseloadState.set_office", "CaseloadState.set_scope", "CaseloadState.set_sort",
    "CaseloadState.set_view", "MeasureEditState.use_mine", "MeasureEditState.use_theirs",
    "MeasureEditState.close", "GoalEditState.close", "ConsentState.close",
    "ContributionEditState.close",
    "ConsentState.show_edit", "ConsentState.show_fewer", "ConsentState.show_confirm", "IpCheckState.set_answer",
    "DialogState.toggle_new", "MeetingState.close",
    # the coordination filters only narrow a list rebuilt on the server for the session's
    # viewer through the access policy (coordination/view.py)
    "CoordinationState.set_kind", "CoordinationState.set_status",
    # rows of the programme form's phases editor, before anything is saved (the save is checked)
    "ProgrammeEditState.add_phase", "ProgrammeEditState.remove_phase",
    # which step of "Ny plan" the tab shows, before anything is read or saved (issue 19)
    "PlanStartState.start_new_person", "PlanStartState.back_to_search",
    # the IP's contents and closing a plan: closing a dialog, the reason chosen in the form
    "IpItemState.close", "SubGoalState.close", "ClosingState.close", "ClosingState.set_reason",
    # which vedtak's klage form / which klage's step form is open (the sends are checked)
    "DecisionState.open_klage", "DecisionState.open_step", "DecisionState.close_forms",
}
# handlers that only ever show the caller's own things (their own plan or caseload, the
# login page): they must not leak Amina's plan, but there is nothing to refuse
SELF_SCOPED = {
    "PlanState.load_home", "LoginState.load",
    # the person's own consents and access log: the plan comes from the session, never
    # from the browser (other users are refused and audited; see test_consent.py)
    "ConsentState.load_page", "ConsentState.load_inline",
    "AccessLogState.load", "AccessLogState.newer", "AccessLogState.older",
    "AccessLogState.set_only",
    # the caller's own language (from their account or cookie); reads no plan data
    "LangState.sync",
    # the caller's own caseload across plans; each plan and tiltak goes through the access policy
    "CoordinationState.load",
    # the caller's own login: whether it still holds, and 'stay logged in' (issue 17)
    "SessionState.check_idle", "SessionState.stay",
    # the app's own notice after a server error in the caller's tab: a fixed text
    "ErrorNoticeState.show", "ErrorNoticeState.dismiss",
    # the caller's own staff roles: which links the caseload shows (issue 19)
    "StaffLinksState.load",
    # the person's own closed plans ("Tidligere planer"), from the session
    "EarlierPlansState.load",
    # the caller's own notice settings (issue 22), the account from the session; and the
    # staff's letters to print, only of plans they take part in (others are refused)
    "NoticePrefState.load", "NoticePrefState.save", "LetterState.load",
    # "Ny plan" for a staff member whose own roles let them start plans (veileder2 may):
    # the page reads only the caller's roles; the search and the start refuse bad input
    "PlanStartState.load",
}
# what any page load may write: its audit row, the login's activity, and (plan_visit) when
# the caller last opened their own plan, for "Nytt siden sist"
# (and the notifier's outbox: written by the background sender on its own schedule, never
# by a handler)
NOT_AUDITED_TABLES = {"audit_event", "auth_session", "account", "plan_visit",
                      "notification_outbox"}
SECRETS = ("helsefagarbeider", "Fjordly sykehjem")  # only in Amina's plan
REFUSED_USERS = ("emil", "parorende", "veileder2")


def _walk(cls):
    # in name order: a set's order differs between processes, and every pytest-xdist
    # worker must collect the same tests in the same order
    for sub in sorted(cls.get_substates(), key=lambda c: c.get_full_name()):
        yield sub
        yield from _walk(sub)


def app_handlers() -> list[tuple[type, str]]:
    found = []
    for cls in _walk(rx.State):
        if not cls.__module__.startswith("ip_app."):
            continue
        for name in sorted(cls.event_handlers):
            if name != "setvar":  # only calls our own explicit set_* handlers, covered here
                found.append((cls, name))
    return found


HANDLERS = app_handlers()
CHECKED = [(c, n) for c, n in HANDLERS if f"{c.__name__}.{n}" not in UI_ONLY | SELF_SCOPED]


def test_the_matrix_covers_every_handler():
    names = {f"{c.__name__}.{n}" for c, n in HANDLERS}
    assert {"PlanState.change_status", "MeasureEditState.save", "GoalEditState.save"} <= names
    assert names - UI_ONLY - SELF_SCOPED == {f"{c.__name__}.{n}" for c, n in CHECKED}


def test_every_handler_is_declared_through_the_gate():
    """One declaration per handler (gate.write/read/page/own/ui_only): a handler that is
    not declared fails here, by name."""
    undeclared = sorted(f"{c.__name__}.{n}" for c, n in HANDLERS
                        if gate.declaration(c.event_handlers[n]) is None)
    assert not undeclared, (
        "event handlers not declared through the gate (ip_app/kernel/gate.py; see its docstring "
        f"for how to declare one): {undeclared}")


def test_the_lists_above_agree_with_the_declarations():
    """UI_ONLY is what the gate declares `ui_only` (no data), a handler the gate declares
    `own` shows the caller's own things (SELF_SCOPED) or refuses by its own rule (CHECKED),
    and every plan read or write
    is called as refused users below (CHECKED)."""
    checked = {f"{c.__name__}.{n}" for c, n in CHECKED}
    wrong = []
    for c, n in HANDLERS:
        name, decl = f"{c.__name__}.{n}", gate.declaration(c.event_handlers[n])
        if decl is None:
            continue  # failed above
        if decl.kind == "ui_only" and name not in UI_ONLY | SELF_SCOPED:
            wrong.append(f"{name}: declared ui_only, add it to UI_ONLY")
        if name in UI_ONLY and decl.kind != "ui_only":
            wrong.append(f"{name}: in UI_ONLY, but declared {decl.kind}")
        # an `own` handler shows only the caller's own things (SELF_SCOPED), or says no by
        # its own rule (an organisation's agreement, its provider list): then it is called
        # as refused users below (CHECKED); never "no data" (UI_ONLY)
        if decl.kind == "own" and name in UI_ONLY:
            wrong.append(f"{name}: declared own, not ui_only: take it out of UI_ONLY")
        if decl.kind in ("write", "read") and name not in checked:
            wrong.append(f"{name}: a plan {decl.kind} must be called as refused users")
        if decl.kind == "page" and decl.plan is None and name not in checked:
            wrong.append(f"{name}: a page of a plan from the route must be called as refused users")
    assert not wrong, wrong


def db_digest(db_url: str) -> str:
    return digest(db_url, skip={*NOT_AUDITED_TABLES, "alembic_version"})


def forged_args(handler, ids: dict) -> dict:
    """Plausible arguments, all pointing at Amina's plan."""
    form = {
        "measure_id": str(ids["measure"]), "version": str(ids["version"]), "status": "avbrutt",
        "reason": "forged", "title": "forged", "text": "forged", "description": "forged",
        "goal_id": str(ids["goal"]), "responsible_participant_id": str(ids["participant"]),
        "consent_id": str(ids["consent"]), "participant_id": str(ids["participant"]),
        "scopes": "goals,all_measures", "agreed": "on", "extent": "forged",
    }
    by_name = {"form_data": form, "measure_id": ids["measure"], "goal_id": ids["goal"],
               "consent_id": ids["consent"], "participant_id": ids["participant"],
               "plan_id": ids["plan"], "value": "x", "is_open": True, "item_id": ids["item"],
               "kind": "resource"}
    params = [p for p in inspect.signature(handler.fn).parameters if p != "self"]
    return {p: by_name.get(p, "forged") for p in params}


@pytest.fixture(scope="module")
def relative_without_consent(app):
    """Other tests may approve the relative's request; here it must be undecided."""
    plan = plan_id_of(app.db_url, "amina")
    cid, status = query(app.db_url, "SELECT c.id, c.status FROM consent c JOIN participant p ON "
                                    "p.id = c.participant_id JOIN account a ON a.id = p.account_id "
                                    "WHERE a.username = 'parorende' AND c.plan_id = :p", p=plan)[0]
    execute(app.db_url, "UPDATE consent SET status = 'requested' WHERE id = :c", c=cid)
    yield
    execute(app.db_url, "UPDATE consent SET status = :s WHERE id = :c", s=status, c=cid)


@pytest.fixture(scope="module")
def amina_ids(app, relative_without_consent):
    plan = plan_id_of(app.db_url, "amina")
    measure, version = query(app.db_url, "SELECT id, version FROM measure WHERE plan_id = :p AND "
                                         "status = 'planlagt' ORDER BY id LIMIT 1", p=plan)[0]
    return {
        "plan": plan, "measure": measure, "version": version,
        "goal": scalar(app.db_url, "SELECT id FROM goal WHERE plan_id = :p ORDER BY id", p=plan),
        "participant": scalar(app.db_url, "SELECT id FROM participant WHERE plan_id = :p AND "
                                          "role = 'veileder'", p=plan),
        "consent": scalar(app.db_url, "SELECT id FROM consent WHERE plan_id = :p ORDER BY id",
                          p=plan),
        "item": scalar(app.db_url, "SELECT id FROM plan_item WHERE plan_id = :p ORDER BY id",
                       p=plan),
    }


_COOKIES: dict[tuple[str, str], str] = {}


def _cookie(app, username: str) -> str:
    """One login per user for the whole module (each login is a slow argon2 check)."""
    key = (app.url, username)
    if key not in _COOKIES:
        _COOKIES[key] = login_cookie(app.url, username)
    return _COOKIES[key]


def _refusals(app, username: str) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON "
                              "u.id = a.actor_id WHERE u.username = :u AND a.allowed = :f",
                  u=username, f=False)


class Tabs:
    """One tab per refused user and page, connected and loaded once for the module, on an
    event loop that lives across the tests (a new tab per call cost a hydration and the
    page's load each time). Each call waits until the server has handled it and what it
    sent on (`RxClient.processed`), not for a fixed pause. A tab's deltas are checked
    whole after each call: a call that leaked fails, not a later one."""

    def __init__(self, app) -> None:
        self.app = app
        self.loop = LoopThread()
        self.tabs: dict[tuple[str, str], RxClient] = {}

    def tab(self, username: str, path: str) -> RxClient:
        key = (username, path)
        if key not in self.tabs:
            async def open_tab() -> RxClient:
                c = RxClient(self.app.url, _cookie(self.app, username), path=path)
                await c.connect(quiet=0)
                await c.loaded()  # the page load's own refusal is in the log: counted before
                return c

            self.tabs[key] = self.loop.run(open_tab())
        return self.tabs[key]

    def call(self, c: RxClient, event: str, payload: dict, path: str, query: dict) -> None:
        async def call() -> None:
            await c.emit(event, payload, path=path, query=query)
            await c.processed()

        self.loop.run(call())

    def close(self) -> None:
        for c in self.tabs.values():
            self.loop.run(c.close())
        self.loop.stop()


@pytest.fixture(scope="module")
def tabs(app, amina_ids):
    t = Tabs(app)
    yield t
    t.close()


_DIGEST: dict[str, str] = {}


def _digest_before(app) -> str:
    """The database as the last call here left it (checked unchanged then: nothing else
    writes to it between the calls of this module), else read now."""
    return _DIGEST.get(app.db_url) or db_digest(app.db_url)


def _digest_after(app, before: str) -> None:
    after = db_digest(app.db_url)
    _DIGEST.pop(app.db_url, None)
    assert after == before, "the database changed"
    _DIGEST[app.db_url] = after


@pytest.mark.parametrize("username", REFUSED_USERS)
@pytest.mark.parametrize("state_cls,handler_name", CHECKED,
                         ids=[f"{c.__name__}.{n}" for c, n in CHECKED])
def test_handler_refuses(app, amina_ids, tabs, username, state_cls, handler_name):
    handler = state_cls.event_handlers[handler_name]
    plan = amina_ids["plan"]
    path = f"/plan/{plan}"
    tab = tabs.tab(username, path)
    before_db = _digest_before(app)
    refusals_before = _refusals(app, username)
    tabs.call(tab, f"{state_cls.get_full_name()}.{handler_name}", forged_args(handler, amina_ids),
              path=path, query={"plan_id": str(plan)})
    _digest_after(app, before_db)
    for secret in SECRETS:
        assert not tab.seen(secret), f"Amina's plan leaked to {username}"
    assert _refusals(app, username) > refusals_before, "no refusal in the audit log"


@pytest.mark.parametrize("username", REFUSED_USERS)
@pytest.mark.parametrize("name", sorted(SELF_SCOPED))
def test_self_scoped_handlers_do_not_leak(app, amina_ids, tabs, username, name):
    cls_name, handler_name = name.split(".")
    state_cls = next(c for c, _ in HANDLERS if c.__name__ == cls_name)
    tab = tabs.tab(username, "/")
    before_db = _digest_before(app)
    tabs.call(tab, f"{state_cls.get_full_name()}.{handler_name}", {}, path="/", query={})
    _digest_after(app, before_db)
    for secret in SECRETS:
        assert not tab.seen(secret)
