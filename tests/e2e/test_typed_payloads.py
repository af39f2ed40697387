"""Issue 17, finding 9: wrongly typed event payloads, sent over the real websocket to
every event handler of the app, by users who ARE allowed on the page.

Handlers are discovered, not listed (as in test_access_matrix.py). For each argument the
test sends the wrong type (a list for a string, a dict for an id, a list or a string as
`form_data`, a form whose field holds a list) and right-typed strings holding NUL and a
lone surrogate. Afterwards:

- the server wrote no traceback (no unhandled exception);
- every wrongly typed payload was refused and audited (`bad_input`), and the person
  was told so in Norwegian;
- nothing was stored wrongly: no "['…" list repr and no NUL in any table; a right-typed
  title with NUL and a lone surrogate was stored cleaned.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import types
import typing

import pytest
import reflex as rx
import socketio.packet
import sqlalchemy as sa

import ip_app.ip_app  # noqa: F401 - registers every State
from ip_app.kernel.config import normalise_db_url
from ip_app.plan.state import PlanState
from tests.utils.db import plan_id_of, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

DIRTY = "Typet\x00 tekst \ud800"  # NUL and a lone surrogate (half of a UTF-16 pair)
CLEAN = "Typet tekst \ufffd"
TEXT_FIELDS = ("title", "text", "body", "subject", "reason", "description", "reasons",
               "attendees", "went_well", "extent", "how", "topic", "place")
LIST = ["x", "y"]


def _walk(cls):
    for sub in cls.get_substates():
        yield sub
        yield from _walk(sub)


HANDLERS = [(cls, name) for cls in _walk(rx.State) if cls.__module__.startswith("ip_app.")
            for name in sorted(cls.event_handlers) if name != "setvar"]


def _params(handler) -> dict[str, typing.Any]:
    """Each argument and its type (Optional[X] counts as X)."""
    hints = typing.get_type_hints(handler.fn)
    out = {}
    for p in inspect.signature(handler.fn).parameters:
        if p != "self":
            args = [a for a in typing.get_args(hints.get(p)) if a is not type(None)]
            out[p] = args[0] if len(args) == 1 else hints.get(p)
    return out


PLAUSIBLE = {str: "x", int: 1, bool: True, float: 1.0, dict: {}}
WRONG = {
    str: [LIST, {"a": 1}],
    int: [{"a": 1}, LIST, "abc", "1" * 30],
    bool: ["ja", LIST],
    float: ["x", LIST],
    dict: [LIST, "x", {f: LIST for f in TEXT_FIELDS}, {"title": {"a": 1}}],
}


def payloads(handler) -> tuple[list[dict], list[dict]]:
    """(wrongly typed payloads, right-typed payloads with dirty strings) for one handler."""
    params = _params(handler)
    if not params:
        return [{"junk": LIST}], []
    base = {p: PLAUSIBLE[t] for p, t in params.items()}
    wrong, dirty = [], []
    for p, t in params.items():
        wrong += [{**base, p: bad} for bad in WRONG[t]]
        if t is str:
            dirty.append({**base, p: DIRTY})
        if t is dict:
            dirty.append({**base, p: {f: DIRTY for f in TEXT_FIELDS}})
    wrong.append({**base, "unexpected": "x"})
    return wrong, dirty


def test_every_handler_gets_wrong_payloads():
    assert len(HANDLERS) > 50
    assert all(payloads(h)[0] for h in (c.event_handlers[n] for c, n in HANDLERS))


def _bad_inputs(app, username: str) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM audit_event e JOIN account a ON "
                              "a.id = e.actor_id WHERE a.username = :u AND "
                              "e.action = 'bad_input' AND e.allowed = :f", u=username, f=False)


def _stored_wrongly(db_url: str) -> list[str]:
    engine = sa.create_engine(normalise_db_url(db_url))
    found = []
    try:
        with engine.connect() as conn:
            for table in sorted(sa.inspect(conn).get_table_names()):
                for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                    for value in row:
                        if isinstance(value, str) and ("\x00" in value or "['" in value
                                                       or "\ufffd" in value
                                                       and "Typet tekst" not in value):
                            found.append(f"{table}: {value[:60]!r}")
    finally:
        engine.dispose()
    return found


@contextlib.contextmanager
def escaped_json():
    """Send JSON as a browser does (JSON.stringify escapes a lone surrogate as \\ud800):
    Reflex sets the socket.io JSON of this process to write characters unescaped, which
    cannot encode a lone surrogate at all."""
    packet = socketio.packet.Packet
    kept = packet.json
    packet.json = types.SimpleNamespace(
        dumps=lambda *a, **k: json.dumps(*a, **{**k, "ensure_ascii": True}), loads=kept.loads)
    try:
        yield
    finally:
        packet.json = kept


@pytest.mark.parametrize("username", ["amina", "veileder"])
def test_wrongly_typed_payloads_are_refused_and_nothing_is_stored_wrongly(app, username):
    plan = plan_id_of(app.db_url, "amina")
    cookie = login_cookie(app.url, username)
    log_start = app.log_path.stat().st_size
    refused_before = _bad_inputs(app, username)
    path, query = f"/plan/{plan}", {"plan_id": str(plan)}
    sent_wrong = 0

    async def fuzz():
        nonlocal sent_wrong
        c = RxClient(app.url, cookie, path=path)
        await c.connect()
        await c.send(f"{PlanState.get_full_name()}.load_plan_page", {}, path=path, query=query)
        for cls, name in HANDLERS:
            wrong, dirty = payloads(cls.event_handlers[name])
            for payload in wrong + dirty:
                await c.emit(f"{cls.get_full_name()}.{name}", payload, path=path, query=query)
            sent_wrong += len(wrong)
            await c.processed(rounds=1)  # all of this handler's handled before the next
        await c.processed()
        await c.close()
        return c

    with escaped_json():
        client = run_async(fuzz())
    log = app.log_path.read_text(errors="replace")[log_start:]
    assert "Traceback" not in log, log[log.find("Traceback") - 300:][:3000]
    assert _bad_inputs(app, username) - refused_before == sent_wrong
    assert client.seen("Vi forsto ikke det som ble sendt, så ingenting er lagret.")
    assert _stored_wrongly(app.db_url) == []
    if username == "amina":  # her own activity: stored, cleaned
        assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE plan_id = :p AND "
                                  "title = :t", p=plan, t=CLEAN) >= 1


def test_a_message_with_nul_is_stored_without_it(app):
    """Finding 9: the dialog did not strip NUL (PostgreSQL refuses it in text, so the
    message was lost with a server error). A conversation started with NUL in its subject
    and message is stored, cleaned (no lone surrogate here: _stored_wrongly would count
    its U+FFFD against the fuzz test above)."""
    import uuid

    from ip_app.dialog.state import DialogState

    plan = plan_id_of(app.db_url, "amina")
    client_id = f"nul-{uuid.uuid4().hex[:16]}"
    tag = uuid.uuid4().hex[:8]
    path, query = f"/plan/{plan}/dialog", {"plan_id": str(plan)}

    async def start() -> None:
        c = RxClient(app.url, login_cookie(app.url, "veileder"), path=path)
        await c.connect()
        await c.send(f"{DialogState.get_full_name()}.load", {}, path=path, query=query)
        await c.send(f"{DialogState.get_full_name()}.start", {"form_data": {
            "subject": f"Om\x00 kurset {tag}", "body": f"Hei\x00 Amina {tag}",
            "client_id": client_id}}, path=path, query=query)  # Amina is in it as the person
        await c.close()

    run_async(start())
    body = scalar(app.db_url, "SELECT body FROM message WHERE client_id = :c", c=client_id)
    assert body == f"Hei Amina {tag}"
    assert scalar(app.db_url, "SELECT count(*) FROM thread WHERE subject = :s",
                  s=f"Om kurset {tag}") == 1
