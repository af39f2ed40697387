"""Scale-out mode, one worker killed under load (#8): the other keeps serving, the tabs
on the dead worker reconnect to a live one, and no acknowledged write is lost or doubled.

Its own scale-out server (PostgreSQL, state in Redis, two Granian workers; it fails,
never skips, without PostgreSQL or Redis): killing a worker must not disturb the shared
`scaleout` server of the other tests. CLIENTS raw websocket clients (the page's own
events, tests/utils/rxclient.py), spread so that both workers hold at least two, send
messages in one thread as fast as they are answered, each with its own message id
(`client_id`), the way the page does. After KILL_AFTER seconds one worker process gets
SIGKILL. A client whose socket dies connects again (it lands on a live worker) and sends
the message that was not acknowledged again, with the same id. At the end every
acknowledged message is in the database exactly once, and nothing is there twice.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import time
from dataclasses import dataclass, field

import pytest

from ip_app.dialog.state import DialogState
from ip_app.kernel.i18n import t
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async
from tests.utils.server import ScaleoutApp, cleanup_scaleout, start_scaleout

CLIENTS = 8
PER_WORKER = 2  # at least this many clients on each worker before the kill
RUN_SECONDS = 14.0
KILL_AFTER = 4.0
ACK_TIMEOUT = 15.0  # a send not answered in this long counts as an error (and is retried)
SENT = t("dialog.sent", "nb")
SEND = f"{DialogState.get_full_name()}.send"
LOAD = f"{DialogState.get_full_name()}.load"
THREAD = "Praksis på Fjordly sykehjem"


@pytest.fixture(scope="module")
def killable() -> ScaleoutApp:
    running = start_scaleout(workers=2)
    yield running
    cleanup_scaleout(running)


@dataclass
class Tally:
    requests: int = 0  # sends emitted (retries included)
    acked: list[str] = field(default_factory=list)  # bodies the server confirmed
    errors: int = 0  # sends not confirmed (socket died or no answer): retried
    reconnects: int = 0  # after the socket died
    resent_unanswered: int = 0  # a send on a live socket not answered in ACK_TIMEOUT
    after_kill_acked: int = 0
    served_after_kill: int = 0  # clients with an acknowledged send after the kill
    workers: set[str] = field(default_factory=set)


def _path(tid: int) -> tuple[str, dict[str, str]]:
    return f"/dialog/{tid}", {"thread_id": str(tid)}


async def _open(app: ScaleoutApp, cookie: str, tid: int, avoid: str | None = None
                ) -> tuple[RxClient, str]:
    path, q = _path(tid)
    for _ in range(40):
        c = RxClient(app.url, cookie, path)
        try:
            await c.connect(quiet=0)
            await c.loaded()  # hydrated: the tab's state (its compose key too) has come
        except Exception:  # noqa: BLE001 - the port is busy with a dying worker: try again
            try:
                await c.close()
            except Exception:  # noqa: BLE001
                pass
            await asyncio.sleep(0.2)
            continue
        worker = await asyncio.to_thread(app.worker_of, c.token)
        if worker != avoid:
            await c.send(LOAD, {}, path=path, query=q, quiet=0.3)
            return c, worker
        await c.close()
    raise AssertionError("could not connect a client to a live worker")


DIALOG = DialogState.get_full_name()


def _dialog_values(c: RxClient, start: int, var: str) -> list:
    """Values of the dialog state's `var` in the deltas this client got from `start` on."""
    key = var + "_rx_state_"
    return [d[DIALOG][key] for d in c.deltas[start:]
            if isinstance(d.get(DIALOG), dict) and key in d[DIALOG]]


def _compose_key(c: RxClient) -> int:
    """The tab's compose key as last sent to it (hydration sends it): each stored message
    (`DialogState._sent`, after the commit) adds one."""
    keys = _dialog_values(c, 0, "compose_key")
    assert keys, "the tab never got its compose key"
    return keys[-1]


async def _acked(c: RxClient, start: int, key: int, limit: float) -> bool:
    """The answer to THIS send: one delta (from `start` on) with the "sent" notice and the
    compose key one past `key`. Not any "sent" notice: an answer to an earlier send that
    arrived late would otherwise count as the acknowledgement of this one."""
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while loop.time() < end:
        for d in c.deltas[start:]:
            sub = d.get(DIALOG)
            if (isinstance(sub, dict) and sub.get("notice_rx_state_") == SENT
                    and sub.get("compose_key_rx_state_") == key + 1):
                return True
        if not c._sio.connected:
            return False
        await asyncio.sleep(0.01)
    return False


def test_one_worker_killed_under_load_nothing_lost(killable: ScaleoutApp):
    app = killable
    plan = plan_id_of(app.db_url, "amina")
    tid = scalar(app.db_url, "SELECT id FROM thread WHERE plan_id = :p AND subject = :s",
                 p=plan, s=THREAD)
    run = secrets.token_hex(3)
    pids_before = app.worker_pids()
    assert len(pids_before) == 2
    tally = Tally()
    killed: dict[str, object] = {}

    async def scenario() -> None:
        cookies = {u: login_cookie(app.url, u) for u in ("amina", "veileder")}
        clients: list[tuple[RxClient, str, str]] = []  # client, worker, user
        per_worker: dict[str, int] = {}
        users = ["amina", "veileder"] * (CLIENTS // 2)
        for user in users:
            # fill both workers: a client landing on a full worker is placed again
            full = next((w for w, n in per_worker.items()
                         if n >= CLIENTS - PER_WORKER), None)
            c, w = await _open(app, cookies[user], tid, avoid=full)
            per_worker[w] = per_worker.get(w, 0) + 1
            clients.append((c, w, user))
        assert len(per_worker) == 2 and min(per_worker.values()) >= PER_WORKER, per_worker
        tally.workers = set(per_worker)
        loop = asyncio.get_running_loop()
        start = loop.time()
        path, q = _path(tid)

        async def one(i: int) -> None:
            c, worker, user = clients[i]
            n = 0
            served_after_kill = False
            try:
                # until the time is up, and this client was served after the kill (at most
                # a minute more: a client never served again fails the test below)
                while (loop.time() - start < RUN_SECONDS or not served_after_kill) \
                        and loop.time() - start < RUN_SECONDS + 60:
                    body = f"last {run} {i}-{n}"
                    cid = secrets.token_urlsafe(18)
                    while True:  # until this message is acknowledged
                        start_at, key = len(c.deltas), _compose_key(c)
                        tally.requests += 1
                        try:
                            await c.emit(SEND, {"form_data": {"body": body, "client_id": cid,
                                                              "thread_id": str(tid)}},
                                         path=path, query=q)
                            ok = await _acked(c, start_at, key, ACK_TIMEOUT)
                        except Exception:  # noqa: BLE001 - the socket is gone
                            ok = False
                        if ok:
                            tally.acked.append(body)
                            if "at" in killed:
                                tally.after_kill_acked += 1
                                served_after_kill = True
                            break
                        tally.errors += 1
                        # sent again on a NEW connection (a new tab token), whether the
                        # socket died or only this send went unanswered: a socket never
                        # has two sends in flight, so a late answer cannot be mistaken
                        # for the answer to the next message
                        dead = not c._sio.connected
                        try:
                            await c.close()
                        except Exception:  # noqa: BLE001
                            pass
                        c, worker = await _open(app, cookies[user], tid,
                                                avoid=worker if dead else None)
                        if dead:
                            tally.reconnects += 1
                        else:
                            tally.resent_unanswered += 1
                    n += 1
            finally:
                clients[i] = (c, worker, user)
                tally.served_after_kill += served_after_kill

        async def killer() -> None:
            await asyncio.sleep(KILL_AFTER)
            victim = app.worker_pids()[0]
            os.kill(victim, signal.SIGKILL)
            killed.update(pid=victim, at=time.monotonic())

        await asyncio.gather(killer(), *(one(i) for i in range(len(clients))))
        for c, _, _ in clients:
            await c.close()

    run_async(scenario())

    stored = dict(query(app.db_url, "SELECT body, count(*) FROM message WHERE body LIKE :b "
                                    "GROUP BY body", b=f"last {run} %"))
    doubled = {b: n for b, n in stored.items() if n != 1}
    missing = [b for b in tally.acked if b not in stored]
    pids_after = app.worker_pids()
    summary = (f"one of 2 workers killed (SIGKILL pid {killed.get('pid')}) after {KILL_AFTER:.0f} s "
               f"of a {RUN_SECONDS:.0f} s load: {CLIENTS} websocket clients, "
               f"{tally.requests} sends, {len(tally.acked)} acknowledged "
               f"({tally.after_kill_acked} after the kill; every client served after it: "
               f"{tally.served_after_kill}/{CLIENTS}), {tally.errors} not answered "
               f"(socket died; sent again with the same id), {tally.reconnects} reconnects "
               f"after a dead socket, {tally.resent_unanswered} after an unanswered send; "
               f"database: {len(stored)} messages, {sum(stored.values())} rows, "
               f"{len(missing)} acknowledged missing, {len(doubled)} doubled; "
               f"workers {pids_before} -> {pids_after}")
    print("\n" + summary)
    assert "pid" in killed
    assert killed["pid"] not in pids_after
    assert tally.reconnects >= PER_WORKER, "the clients of the killed worker must reconnect"
    assert tally.served_after_kill == CLIENTS, \
        f"only {tally.served_after_kill} of {CLIENTS} clients were served after the kill"
    assert len(pids_after) == 2, "the killed worker is started again"
    assert not missing, f"acknowledged but not stored: {missing[:5]}"
    assert not doubled, f"stored more than once: {list(doubled.items())[:5]}"
    assert len(stored) == len(tally.acked) == len(set(tally.acked))
    assert app.proc.poll() is None, "the server must not have shut down"
    # what the operator sees in the server log
    log = [line for line in app.log_path.read_text(errors="replace").splitlines()
           if "worker-" in line and ("Unexpected exit" in line or "Respawning" in line)]
    print("server log: " + " | ".join(x.strip()[-60:] for x in log))
    assert any("Unexpected exit" in x for x in log)  # "Respawning worker-1" at info level
