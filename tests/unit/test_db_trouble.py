"""Database trouble during a write (#8): one shared mechanism, `kernel.common.db_trouble`.

The browser-level proof per form is tests/e2e/test_db_trouble.py (a real lock on the real
server). Here: every write handler carries the mechanism (discovered, so a new handler is
covered the day it is written), and the mechanism itself: an unreachable or locked
database rolls the unit of work back, the tab gets the message in its language, the
event does not fail, a warning is logged; other errors stay loud.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sqlite3
from types import SimpleNamespace

import pytest
import reflex as rx
import sqlalchemy as sa
from sqlmodel import select

from ip_app.kernel import db
from ip_app.kernel.common import DB_TROUBLE, db_trouble
from ip_app.kernel.config import normalise_db_url
from ip_app.kernel.i18n import LANGUAGES, t
from ip_app.kernel.models import AuditEvent

importlib.import_module("ip_app.ip_app")  # registers every State
pg_database = importlib.import_module("tests.unit.test_migrations").pg_database  # fixture

# handlers that write nothing a person asked for: page loads (they audit the read; a
# failure there leaves the page loading, see docs/operations.md), opening a form, and
# what a tab only displays
NOT_WRITES = {
    "PlanState.load_home", "PlanState.load_plan_page", "PlanState.open_add",
    "PlanState.close_add", "PlanState.set_card_open", "PlanState.set_group_by",
    "PlanState.toggle_board_menu", "PlanState.show_in_panel", "ConversationRecordState.new_record",
    "ConversationRecordState.load", "ConversationRecordState.open_edit",
    "CaseloadState.set_query", "CaseloadState.set_status", "CaseloadState.set_plan_type",
    "CaseloadState.set_office", "CaseloadState.set_scope", "CaseloadState.set_sort",
    "CaseloadState.set_view", "MeasureEditState.use_mine", "MeasureEditState.use_theirs", "MinutesState.load",
    "MeasureEditState.open_new", "MeasureEditState.open_edit", "MeasureEditState.close",
    "GoalEditState.open", "GoalEditState.close",
    "ConsentState.load_inline", "ConsentState.load_page",
    "ConsentState.show_edit", "ConsentState.show_fewer", "ConsentState.show_confirm",
    "ConsentRequestState.load",
    "DialogState.load", "DialogState.toggle_new", "EvaluationState.load", "AssessmentState.load",
    "IpCheckState.load", "IpCheckState.set_answer", "CoordinationState.load",
    "CoordinationState.set_kind", "CoordinationState.set_status", "AccessLogState.load",
    "AccessLogState.newer", "AccessLogState.older", "AccessLogState.set_only",
    "LoginState.load", "LangState.sync",
    "ContributionEditState.open", "ContributionEditState.close", "CooperationState.load",
    "CooperationState.set_counterpart", "CoordinationState.set_provider",
    "MeetingState.open_new", "MeetingState.open_move", "MeetingState.open_cancel",
    "MeetingState.close", "ProgrammeEditState.load", "ProgrammeEditState.add_phase",
    "ProgrammeEditState.remove_phase",
    "LetterState.load", "LetterState.load_letter", "NoticePrefState.load",  # notices: reads
    "SessionState.check_idle",  # reads only (the session guard, before it, is best effort)
    "ErrorNoticeState.show", "ErrorNoticeState.dismiss",  # the error notice: text only
    # issue 19: the admin page, an invitation link and the caseload's links by role: reads
    "StaffAdminState.load", "InvitationState.load", "StaffLinksState.load",
    "PlanStartState.load", "PlanStartState.search", "PlanStartState.choose",
    "PlanStartState.start_new_person", "PlanStartState.back_to_search",
    "TeamState.load", "TeamState.search_staff", "TeamState.choose_staff",
    # the IP's contents and closing a plan: opening and closing their dialogs, the reason
    # chosen, the person's earlier plans
    "IpItemState.open_new", "IpItemState.open_edit", "IpItemState.open_archive",
    "IpItemState.close", "SubGoalState.open_new", "SubGoalState.open_archive",
    "SubGoalState.close", "ClosingState.open_close", "ClosingState.open_reopen",
    "ClosingState.close", "ClosingState.set_reason", "EarlierPlansState.load",
    "DecisionState.load", "DecisionState.open_klage", "DecisionState.open_step",
    "DecisionState.close_forms", "AdvanceNoticeState.load", "JobSearchState.load",
    "ArchiveState.load",  # the plan's archive list (issue 22 part 5): a read
}


def _walk(cls):
    for sub in cls.get_substates():
        yield sub
        yield from _walk(sub)


def _handlers() -> dict[str, object]:
    return {f"{c.__name__}.{n}": h for c in _walk(rx.State) if c.__module__.startswith("ip_app.")
            for n, h in c.event_handlers.items() if n != "setvar"}


def test_every_write_handler_says_so_when_the_database_is_in_trouble():
    handlers = _handlers()
    writes = sorted(set(handlers) - NOT_WRITES)
    assert {"PlanState.change_status", "ConsentState.withdraw", "DialogState.send",
            "EvaluationState.save", "IpCheckState.save"} <= set(writes)
    missing = [n for n in writes if not hasattr(handlers[n].fn, "__db_trouble__")]
    assert not missing, f"write handlers without @db_trouble: {missing}"
    assert NOT_WRITES <= set(handlers), sorted(NOT_WRITES - set(handlers))


def test_the_gates_declarations_agree_with_the_list_of_non_writes():
    """A handler declared through the gate (kernel/gate.py) as a write carries the mechanism
    by its declaration; one declared as a read, a page load or ui_only is listed above."""
    from ip_app.kernel import gate

    wrong = []
    for name, h in _handlers().items():
        decl = gate.declaration(h)
        if decl is None:
            continue
        if decl.writes == (name in NOT_WRITES):
            wrong.append(f"{name}: declared {decl.kind}")
    assert not wrong, wrong


class FakeState:
    """What the mechanism touches on a Reflex state: the cookie, error, errors, notice."""

    def __init__(self, lang: str = "nb"):
        self.router = SimpleNamespace(headers=SimpleNamespace(
            raw_headers={"cookie": f"minplan_lang={lang}"}))
        self.error = self.notice = ""
        self.errors: dict[str, str] = {}


@pytest.fixture(params=["sqlite", "postgresql"])
def unavailable(request, monkeypatch, tmp_path):
    """The database cannot be reached: SQLite in a missing directory; PostgreSQL on a port
    where nothing listens (a server that is down or restarting)."""
    url = {"sqlite": f"sqlite:///{tmp_path / 'gone' / 'x.db'}",
           "postgresql": "postgresql://minplan@127.0.0.1:9/minplan"}[request.param]
    monkeypatch.setenv("REFLEX_DB_URL", url)
    yield


def _write_audit(text: str) -> None:
    with db.session() as s:
        s.add(AuditEvent(actor_id=None, actor_role="", action="db_trouble_test", detail=text))


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_an_unavailable_database_gives_the_message_in_the_viewers_language(unavailable, lang,
                                                                           caplog):
    @db_trouble()
    async def save(self, form_data: dict):
        self.notice = "left from before"
        _write_audit("x")
        self.notice = "saved"

    state = FakeState(lang)
    with caplog.at_level(logging.WARNING, logger="ip_app.db_trouble"):
        assert asyncio.run(save(state, {})) is None
    assert state.error == t("error.db_busy", lang) and state.notice == ""
    assert "database trouble in" in caplog.text and "save" in caplog.text


def test_form_errors_and_silent_background_saves(unavailable):
    @db_trouble(field="errors")
    def save_form(self):
        _write_audit("x")

    @db_trouble(field="")
    def save_draft(self, value: str):
        _write_audit(value)

    state = FakeState()
    save_form(state)
    assert state.errors == {"_form": t("error.db_busy", "nb")} and state.error == ""
    quiet = FakeState()
    assert save_draft(quiet, "utkast") is None
    assert (quiet.error, quiet.errors) == ("", {})


def test_the_signature_reflex_reads_is_the_handlers_own():
    import inspect

    from ip_app.plan.state import PlanState

    fn = PlanState.event_handlers["change_status"].fn
    assert list(inspect.signature(fn).parameters) == ["self", "form_data"]
    assert inspect.iscoroutinefunction(fn)


def test_other_errors_are_not_hidden():
    @db_trouble()
    def broken(self):
        raise sa.exc.IntegrityError("INSERT", {}, Exception("unique"))

    with pytest.raises(sa.exc.IntegrityError):
        broken(FakeState())
    assert sa.exc.IntegrityError not in DB_TROUBLE


@db_trouble()
async def _two_writes(self, fail_between: bool = False):
    """A unit of work of two writes; `fail_between`: the connection dies after the first."""
    self.notice = self.error = ""
    with db.session() as s:
        s.add(AuditEvent(actor_id=None, actor_role="", action="db_trouble_test", detail="first"))
        s.flush()  # the first write is in the database (not yet committed)
        if fail_between:
            raise sa.exc.OperationalError("INSERT INTO audit_event", {},
                                          sqlite3.OperationalError("disk I/O error"))
        s.add(AuditEvent(actor_id=None, actor_role="", action="db_trouble_test",
                         detail="second"))
    self.notice = "saved"  # the tab's state changes only after the commit


def _stored() -> list[str]:
    with db.session() as s:
        return [r.detail for r in s.exec(select(AuditEvent).where(
            AuditEvent.action == "db_trouble_test").order_by(AuditEvent.id)).all()]


def test_trouble_half_way_keeps_nothing_of_the_unit_of_work(fresh_db):
    state = FakeState()
    asyncio.run(_two_writes(state, fail_between=True))
    assert state.error == t("error.db_busy", "nb") and state.notice == ""
    assert _stored() == []
    asyncio.run(_two_writes(state))  # tried again: all of it, once
    assert _stored() == ["first", "second"] and (state.error, state.notice) == ("", "saved")


def test_a_database_locked_by_another_writer_then_free_again(fresh_db, monkeypatch):
    monkeypatch.setenv("IP_DB_BUSY_TIMEOUT", "0.2")
    db._engine_for.cache_clear()  # the engine reads the busy timeout when it is made
    try:
        lock = sqlite3.connect(db.engine().url.database, isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # a long backup or a stuck writer
        state = FakeState("en")
        try:
            asyncio.run(_two_writes(state))
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert state.error == t("error.db_busy", "en") and state.notice == ""
        assert _stored() == []
        asyncio.run(_two_writes(state))
        assert _stored() == ["first", "second"] and state.notice == "saved"
    finally:
        db._engine_for.cache_clear()


def test_postgresql_lock_held_elsewhere_then_free_again(pg_database, monkeypatch):
    """PostgreSQL: a table lock held by another session (a migration, a maintenance job):
    the save gives up after IP_DB_BUSY_TIMEOUT (lock_timeout) instead of hanging."""
    from ip_app.kernel.migrate import upgrade_to_head

    upgrade_to_head(pg_database)
    monkeypatch.setenv("REFLEX_DB_URL", pg_database)
    monkeypatch.setenv("IP_DB_BUSY_TIMEOUT", "0.3")
    db._engine_for.cache_clear()
    other = sa.create_engine(normalise_db_url(pg_database), poolclass=sa.pool.NullPool)
    try:
        state = FakeState("nn")
        with other.connect() as conn:
            conn.execute(sa.text("LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE"))
            asyncio.run(_two_writes(state))
            conn.rollback()
        assert state.error == t("error.db_busy", "nn") and state.notice == ""
        assert _stored() == []
        asyncio.run(_two_writes(state))
        assert _stored() == ["first", "second"] and state.notice == "saved"
    finally:
        db.engine().dispose()
        db._engine_for.cache_clear()
        other.dispose()
