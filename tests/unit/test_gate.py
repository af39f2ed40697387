"""The gate (ip_app/kernel/gate.py), checked once: what every declared handler gets for free.

tests/e2e/test_access_matrix.py checks that every event handler of the app is declared
through the gate, and calls each as users who must be refused over the real websocket.
Here the gate itself, on a stand-in tab (the parts of an rx.State the gate touches) with
the demo data: the plan lock is taken before anything is read; a refusal says the same
text, writes one refused audit row and runs nothing of the handler; a row of another
plan is refused and logged under the plan it belongs to; the write is one unit of work
(all or nothing); the live signal moves once, after the commit, with what the handler
said it touched; a locked or missing database says "prøv igjen" and stores nothing; a
wrongly typed payload never reaches the handler; a page load audits the read either way;
and one event asks the access policy in one statement.
"""

from __future__ import annotations

import asyncio
import inspect
import uuid
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from test_data_queries import statements

import ip_app.ip_app  # noqa: F401 - registers every State and the row kinds
from ip_app.kernel import audit as audit_data, db, gate, live
from ip_app.kernel.accounts import start_session
from ip_app.kernel.i18n import t
from ip_app.kernel.models import AuditEvent, Measure
from ip_app.kernel.session import COOKIE_NAME


class Signal:
    """What the stand-in tab sees of the plan's live signal (`live.signal`), and which
    plan it follows (`_linked_to`: "plan-<id>", or "" when none)."""

    def __init__(self, tab: "Tab") -> None:
        self._tab = tab

    def _sig(self) -> live.PlanSignal:
        return live.signal(self._tab._plan_id)

    @property
    def version(self) -> int:
        return self._sig().version

    @property
    def _touched(self) -> list:
        return self._sig()._touched

    @property
    def _changed_by(self) -> str:
        return self._sig()._changed_by

    @property
    def _linked_to(self) -> str:
        plan = live.following(self._tab.router.session.client_token)
        return f"plan-{plan}" if plan is not None else ""


_EVENTS: list[list] = []  # the events lists of this test's tabs: the plan lock is noted


@pytest.fixture(autouse=True)
def _live(monkeypatch):
    """Each test starts with no plan signal on record, and notes the plan lock taken."""
    live.reset()
    _EVENTS.clear()
    real = live.plan_lock

    def noted(plan_id):  # noqa: ANN001, ANN202
        for events in _EVENTS:
            events.append("lock")
        return real(plan_id)

    monkeypatch.setattr(live, "plan_lock", noted)
    yield
    live.reset()


class Tab:
    """The parts of an rx.State the gate touches: router (cookie, tab token, route),
    get_state (the plan lock), the plan the page shows, error/notice/screen."""

    vars = {"error": None, "notice": None, "screen": None}

    def __init__(self, cookie: str, plan_id, events: list, params: dict | None = None):
        self.router = SimpleNamespace(
            headers=SimpleNamespace(raw_headers={"cookie": cookie}),
            session=SimpleNamespace(client_token=str(uuid.uuid4())),
            url=SimpleNamespace(path="/test"))
        self.rx_router_page = SimpleNamespace(params=params or {})  # route arguments
        self._plan_id = plan_id
        self.error = self.notice = ""
        self.screen = "loading"
        self.sig = Signal(self)
        self.events = events
        _EVENTS.append(events)
        self.ran: list = []

    async def get_state(self, cls):  # noqa: ANN001
        raise AssertionError(f"the gate asked for {cls}")

    # -- handlers declared through the gate, as a feature declares them ----------------

    @gate.write("gate_test_write", row="measure", row_id="form_data.measure_id")
    async def save(self, g: gate.Ctx, form_data: dict):
        self.ran.append(g)
        m, _responsible = g.row
        g.audit(target=f"measure:{m.id}", detail="first")
        g.s.flush()  # the first write is in the database, not yet committed
        if form_data.get("fail") == "db":
            raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
        if form_data.get("fail") == "rule":
            g.refuse("error.not_allowed")
        g.audit(target=f"measure:{m.id}", detail="second")
        g.changed(measures=[m.id], hand_over=True)
        self.notice = "saved"

    @gate.page("gate_test_read")
    async def load(self, g: gate.Ctx):
        self.ran.append(g)

    @gate.page("gate_test_read_more")
    async def load_then_no(self, g: gate.Ctx):
        g.refuse("no_scope")

    @gate.ui_only
    def pick(self, value: str):
        self.ran.append(value)


def _cookie(demo, username: str) -> str:
    with db.session() as s:
        return f"{COOKIE_NAME}={start_session(s, demo.account(s, username).id)}"


def _rows(action: str) -> list[AuditEvent]:
    with Session(db.engine()) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action)
                           .order_by(AuditEvent.id)).all())


@pytest.fixture()
def amina(fresh_db, demo):
    with Session(db.engine()) as s:
        plan = demo.plan(s, "amina")
        sara = demo.plan(s, "sara")
        m = s.exec(select(Measure).where(Measure.plan_id == plan.id).order_by(Measure.id)).first()
        other = s.exec(select(Measure).where(Measure.plan_id == sara.id)).first()
        return SimpleNamespace(plan=plan.id, measure=m.id, sara=sara.id, other_measure=other.id)


def _save(tab: Tab, form: dict) -> None:
    asyncio.run(Tab.save(tab, form))


def test_an_allowed_write_takes_the_lock_first_commits_once_and_moves_the_signal(amina, demo):
    events: list = []
    tab = Tab(_cookie(demo, "veileder"), amina.plan, events)
    def _sql(*_args):  # noqa: ANN002
        events.append("sql")

    sa.event.listen(db.engine(), "before_cursor_execute", _sql)
    try:
        _save(tab, {"measure_id": str(amina.measure)})
    finally:
        sa.event.remove(db.engine(), "before_cursor_execute", _sql)
    assert events[0] == "lock", events  # the plan's lock before any statement
    g = tab.ran[0]
    assert (g.plan.id, g.plan_id, g.row[0].id, g.viewer.kind) == (
        amina.plan, amina.plan, amina.measure, "staff") and g.access.allowed
    assert [(r.detail, r.allowed, r.plan_id, r.target) for r in _rows("gate_test_write")] == [
        ("first", True, amina.plan, f"measure:{amina.measure}"),
        ("second", True, amina.plan, f"measure:{amina.measure}")]
    assert tab.sig.version == 1 and tab.sig._touched == [(1, (amina.measure,), False)]
    assert tab.sig._changed_by == tab.router.session.client_token
    assert (tab.notice, tab.error) == ("saved", "")


def test_one_access_statement_per_event(amina, demo):
    tab = Tab(_cookie(demo, "veileder"), amina.plan, [])
    _save(tab, {"measure_id": str(amina.measure)})  # warm
    with statements(db.engine()) as seen:
        _save(tab, {"measure_id": str(amina.measure)})
    access = [x for x in seen if "consent" in x.lower() and "participant" in x.lower()
              and " plan" in x.lower()]
    assert len(access) == 1, access
    # session, access, the tiltak: then the handler's own two audit rows
    assert len([x for x in seen if x.lstrip().upper().startswith("SELECT")]) <= 3, seen


@pytest.mark.parametrize("who", ["veileder2", "parorende", "emil"])
def test_a_refused_viewer_gets_the_same_text_an_audit_row_and_no_handler(amina, demo, who):
    tab = Tab(_cookie(demo, who), amina.plan, [])
    _save(tab, {"measure_id": str(amina.measure)})
    assert tab.ran == [] and tab.error == t("error.not_allowed", "nb")
    rows = _rows("gate_test_write")
    assert [(r.allowed, r.plan_id, r.target) for r in rows] == [
        (False, amina.plan, f"measure:{amina.measure}")]
    assert rows[0].detail  # why (an audit detail, not shown)
    assert tab.sig.version == 0


def test_no_session_is_refused_and_not_stored_on_the_plan(amina):
    tab = Tab("", amina.plan, [])
    _save(tab, {"measure_id": str(amina.measure)})
    assert tab.ran == [] and tab.error == t("error.not_allowed", "nb")
    assert audit_data.ANONYMOUS.total >= 1 and tab.sig.version == 0


def test_a_row_of_another_plan_is_refused_and_logged_under_its_own_plan(amina, demo):
    tab = Tab(_cookie(demo, "veileder"), amina.plan, [])
    _save(tab, {"measure_id": str(amina.other_measure)})
    assert tab.ran == [] and tab.error == t("error.not_allowed", "nb")
    assert [(r.allowed, r.plan_id, r.detail, r.target) for r in _rows("gate_test_write")] == [
        (False, amina.sara, "hidden", f"measure:{amina.other_measure}")]
    for junk in ({}, {"measure_id": "x"}, {"measure_id": "99999999"}):
        _save(tab, junk)
    assert tab.ran == [] and len(_rows("gate_test_write")) == 4
    assert tab.sig.version == 0


def test_a_refusal_inside_the_handler_keeps_only_the_refusal(amina, demo):
    tab = Tab(_cookie(demo, "veileder"), amina.plan, [])
    _save(tab, {"measure_id": str(amina.measure), "fail": "rule"})
    assert [(r.detail, r.allowed) for r in _rows("gate_test_write")] == [
        ("first", True), ("error.not_allowed", False)]
    assert tab.error == t("error.not_allowed", "nb") and tab.sig.version == 0


def test_database_trouble_stores_nothing_says_try_again_and_the_same_save_works_after(
        amina, demo):
    tab = Tab(_cookie(demo, "veileder") + "; minplan_lang=en", amina.plan, [])
    _save(tab, {"measure_id": str(amina.measure), "fail": "db"})
    assert _rows("gate_test_write") == [] and tab.sig.version == 0
    assert tab.error == t("error.db_busy", "nb") and tab.notice == ""  # the account's language
    _save(tab, {"measure_id": str(amina.measure)})
    assert [r.detail for r in _rows("gate_test_write")] == ["first", "second"]
    assert tab.sig.version == 1


def test_a_wrong_payload_never_reaches_the_handler(amina, demo):
    tab = Tab(_cookie(demo, "veileder"), amina.plan, [])
    asyncio.run(Tab.save(tab, ["not", "a", "form"]))
    asyncio.run(Tab.save(tab, {"measure_id": str(amina.measure)}, extra="x"))
    Tab.pick(tab, {"a": 1})
    assert tab.ran == [] and tab.error == t("error.bad_input", "nb")
    assert tab.events == []  # refused before the lock
    Tab.pick(tab, "ok\x00")
    assert tab.ran == ["ok"]


def test_a_page_load_audits_the_read_allowed_or_refused_and_follows_the_plan(amina, demo):
    ok = Tab(_cookie(demo, "veileder"), None, [], params={"plan_id": str(amina.plan)})
    asyncio.run(Tab.load(ok))
    assert ok.screen == "page" and ok._plan_id == amina.plan and len(ok.ran) == 1
    assert ok.sig._linked_to == f"plan-{amina.plan}"
    no = Tab(_cookie(demo, "veileder2"), None, [], params={"plan_id": str(amina.plan)})
    asyncio.run(Tab.load(no))
    assert no.screen == "denied" and no._plan_id is None and no.ran == []
    assert no.sig._linked_to == ""
    assert [(r.allowed, r.plan_id) for r in _rows("gate_test_read")] == [
        (True, amina.plan), (False, amina.plan)]
    nobody = Tab("", None, [], params={"plan_id": str(amina.plan)})
    assert asyncio.run(Tab.load(nobody)) is not None and nobody.ran == []  # to /login


def test_a_page_handler_that_says_no_keeps_its_audit_row_and_shows_nothing(amina, demo):
    tab = Tab(_cookie(demo, "veileder"), None, [], params={"plan_id": str(amina.plan)})
    asyncio.run(Tab.load_then_no(tab))
    assert tab.screen == "denied" and tab._plan_id is None and tab.sig._linked_to == ""
    assert [(r.allowed, r.detail) for r in _rows("gate_test_read_more")] == [
        (True, ""), (False, "no_scope")]


def test_what_reflex_sees_is_the_handlers_own_signature():
    assert list(inspect.signature(Tab.save).parameters) == ["self", "form_data"]
    assert list(inspect.signature(Tab.pick).parameters) == ["self", "value"]
    assert inspect.iscoroutinefunction(Tab.save) and not inspect.iscoroutinefunction(Tab.pick)
    assert gate.declaration(Tab.save).action == "gate_test_write"
    assert Tab.save.__typed__ and Tab.save.__db_trouble__ and gate.declaration(Tab.pick).kind \
        == "ui_only"


def test_a_handler_without_the_gates_context_or_with_an_untyped_argument_is_refused():
    with pytest.raises(TypeError):
        @gate.write("x")
        def no_ctx(self):  # noqa: ANN001, ANN202
            pass

    with pytest.raises(TypeError):
        @gate.write("x")
        def untyped(self, g, items: list):  # noqa: ANN001, ANN202
            pass


def test_a_row_kind_has_one_owner():
    """Two features naming their rows alike would make one handler get the other's rows."""
    from ip_app.kernel import gate

    def load_a(g, row_id):  # noqa: ANN001, ANN202
        return None

    def load_b(g, row_id):  # noqa: ANN001, ANN202
        return None

    gate.row_kind("test_only_kind", load_a)
    try:
        gate.row_kind("test_only_kind", load_a)  # the same registration again: allowed
        with pytest.raises(ValueError, match="registered already"):
            gate.row_kind("test_only_kind", load_b)
    finally:
        gate.ROW_KINDS.pop("test_only_kind", None)
