"""E-mail notifications (issue 5, item 6): the rule, the outbox, and real SMTP.

The clock is passed in, so "30 minutes later" costs nothing; the SMTP server is a real
aiosmtpd server on 127.0.0.1 and a free port, started by these tests.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from ip_app.kernel import db
from ip_app.kernel.i18n import t
from ip_app.kernel.models import NotificationOutbox
from ip_app.notify.rules import (
    Cancel, CancelReason, Rules, Send, Wait, compose, decide, due_at, retry_delay,
)
from ip_app.notify.runner import run_once
from ip_app.notify.settings import NotifySettings
from tests.utils.dialog_data import add_message, add_person, add_staff, add_thread, mark_read
from tests.utils.smtp import SmtpServer

T0 = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
MIN = timedelta(minutes=1)
RULES = Rules()  # production defaults: 30 min delay, 30 min per thread, retry 1 min … 1 h


# --- the rule, no database ------------------------------------------------------------


def test_due_after_the_delay_and_at_most_once_per_throttle():
    assert due_at(T0, None, RULES) == T0 + 30 * MIN
    assert due_at(T0, T0 + 10 * MIN, RULES) == T0 + 40 * MIN  # last e-mail 10 min in
    assert due_at(T0, T0 - 60 * MIN, RULES) == T0 + 30 * MIN


@pytest.mark.parametrize("kwargs, expected", [
    ({"unread_sent_at": [T0]}, Send()),
    ({"unread_sent_at": []}, Cancel(CancelReason.READ)),
    ({"unread_sent_at": [T0], "recipient_email": " "}, Cancel(CancelReason.NO_EMAIL)),
    ({"unread_sent_at": [T0], "recipient_kind": "staff"}, Cancel(CancelReason.NOT_PERSON)),
    ({"unread_sent_at": [T0 + 5 * MIN]}, Wait(T0 + 35 * MIN)),  # read the first, second not old
    ({"unread_sent_at": [T0], "last_email_at": T0 + 20 * MIN}, Wait(T0 + 50 * MIN)),
])
def test_decide_right_before_sending(kwargs, expected):
    args = {"now": T0 + 31 * MIN, "recipient_kind": "person", "recipient_email": "a@x.example",
            "unread_sent_at": [], "last_email_at": None, "rules": RULES, **kwargs}
    assert decide(**args) == expected


def test_retry_delay_grows_and_is_capped():
    assert [retry_delay(n, RULES) for n in (1, 2, 3, 4)] == [MIN, 2 * MIN, 4 * MIN, 8 * MIN]
    assert retry_delay(7, RULES) == timedelta(hours=1)
    assert retry_delay(500, RULES) == timedelta(hours=1)


def test_the_email_has_the_fixed_text_and_a_link_only():
    mail = compose(to="a@x.example", lang="nb", app_url="https://minplan.example/", t=t)
    assert mail.subject == "Du har en ny melding i Min plan"
    assert mail.body.startswith("Du har en ny melding i Min plan.")
    assert "https://minplan.example/" in mail.body
    # in the person's language; an unknown language gets bokmål, never an empty text or a key
    assert compose(to="a", lang="uk", app_url="x", t=t).subject == (
        "У вас нове повідомлення в Min plan")
    assert compose(to="a", lang="xx", app_url="x", t=t).subject == mail.subject


# --- the outbox with a database and a real SMTP server --------------------------------


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def settings_for(smtp: SmtpServer, **rules) -> NotifySettings:
    """Unread messages only: the demo data's meetings and evaluations (other reasons,
    tests/unit/test_notices.py) would add their own notices to the counts here."""
    cfg = NotifySettings.from_env()
    return replace(cfg, smtp=replace(cfg.smtp, host=smtp.host, port=smtp.port, timeout=5,
                                     sender="Min plan <ikke-svar@minplan.example>"),
                   rules=replace(RULES, **rules), app_url="https://minplan.example",
                   reasons=frozenset({"unread_message"}))


class World:
    """Amina-like person with an e-mail address, her plan, a veileder, and a thread."""

    def __init__(self, email: str = "amina@person.example", lang: str = "nb") -> None:
        with db.session() as s:
            self.person, self.plan = add_person(s, f"p{abs(hash(email)) % 10**8}", email=email,
                                                lang=lang)
            self.staff = add_staff(s, f"s{abs(hash(email)) % 10**8}")
        self.email = email

    def thread(self, at: datetime = T0) -> int:
        with db.session() as s:
            return add_thread(s, self.plan.id, [self.person.id, self.staff.id],
                              by=self.staff.id, at=at).id

    def message(self, thread_id: int, at: datetime, body: str = "Hei Amina, husk møtet",
                sender: int | None = None) -> None:
        with db.session() as s:
            add_message(s, thread_id, sender or self.staff.id, body, at=at)

    def read(self, thread_id: int, at: datetime) -> None:
        with db.session() as s:
            mark_read(s, thread_id, self.person.id, at=at)


def rows() -> list[NotificationOutbox]:
    with db.session() as s:
        return list(s.exec(select(NotificationOutbox).order_by(NotificationOutbox.id)).all())


def at(moment: datetime):
    return lambda: moment


def test_unread_after_the_delay_gives_exactly_one_email(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0, body="Timen hos DPS er flyttet til fredag (diagnose: angst)")

    r = run_once(cfg, clock=at(T0 + 29 * MIN))
    assert (r.scheduled, r.sent) == (1, 0)  # in the outbox, not due yet
    [row] = rows()
    assert (row.status, row.due_at, row.reason) == ("pending", T0 + 30 * MIN, "unread_message")
    assert smtp.inbox == []

    r = run_once(cfg, clock=at(T0 + 30 * MIN))
    assert r.sent == 1
    for later in (31, 45, 120):
        assert run_once(cfg, clock=at(T0 + later * MIN)).sent == 0

    [mail] = smtp.to(w.email)
    assert mail.message["Subject"] == "Du har en ny melding i Min plan"
    assert mail.message["From"] == "Min plan <ikke-svar@minplan.example>"
    assert mail.body.startswith("Du har en ny melding i Min plan.")
    assert "https://minplan.example/" in mail.body
    whole = mail.message.as_string()
    for secret in ("DPS", "fredag", "angst", "Om planen", w.staff.display_name, "Timen"):
        assert secret not in whole  # no content, subject, sender or health data
    [row] = rows()
    assert (row.status, row.attempts, row.sent_at) == ("sent", 1, T0 + 30 * MIN)


def test_read_before_the_delay_gives_none(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    run_once(cfg, clock=at(T0 + 1 * MIN))  # scheduled
    w.read(th, T0 + 10 * MIN)
    r = run_once(cfg, clock=at(T0 + 31 * MIN))
    assert (r.sent, r.cancelled) == (0, 1)
    [row] = rows()
    assert (row.status, row.cancel_reason) == ("cancelled", "read")  # kept, not deleted
    run_once(cfg, clock=at(T0 + 90 * MIN))
    assert smtp.inbox == [] and len(rows()) == 1


def test_read_before_it_was_even_scheduled_gives_none(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    w.read(th, T0 + 2 * MIN)
    assert run_once(cfg, clock=at(T0 + 40 * MIN)).scheduled == 0
    assert smtp.inbox == [] and rows() == []


def test_two_messages_in_one_thread_within_30_minutes_give_one_email(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    w.message(th, T0 + 10 * MIN)
    run_once(cfg, clock=at(T0 + 5 * MIN))
    assert run_once(cfg, clock=at(T0 + 30 * MIN)).sent == 1
    assert run_once(cfg, clock=at(T0 + 45 * MIN)).sent == 0  # the second was covered
    assert len(smtp.to(w.email)) == 1

    # a third message after the e-mail: a new one, but not before 30 min after the first e-mail
    # and not before 30 min after the message itself
    w.message(th, T0 + 35 * MIN)
    assert run_once(cfg, clock=at(T0 + 64 * MIN)).sent == 0
    [pending] = [r for r in rows() if r.status == "pending"]
    assert pending.due_at == T0 + 65 * MIN
    assert run_once(cfg, clock=at(T0 + 65 * MIN)).sent == 1
    assert len(smtp.to(w.email)) == 2


def test_a_short_throttle_and_delay_from_config(fresh_db, smtp):
    cfg = settings_for(smtp, delay=timedelta(seconds=2), throttle=timedelta(minutes=30))
    w = World()
    th = w.thread()
    w.message(th, T0)
    assert run_once(cfg, clock=at(T0 + timedelta(seconds=2))).sent == 1
    w.message(th, T0 + 1 * MIN)
    assert run_once(cfg, clock=at(T0 + 5 * MIN)).sent == 0  # within 30 min of the last e-mail
    assert run_once(cfg, clock=at(T0 + timedelta(minutes=30, seconds=2))).sent == 1


def test_another_thread_gets_its_own_email(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    a, b = w.thread(), w.thread()
    w.message(a, T0)
    w.message(b, T0 + 1 * MIN)
    assert run_once(cfg, clock=at(T0 + 40 * MIN)).sent == 2
    assert len(smtp.to(w.email)) == 2
    assert {r.thread_id for r in rows()} == {a, b}


def test_no_email_for_own_messages_for_staff_or_without_address(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0, sender=w.person.id)  # the person's own message
    nobody = World(email="")
    th2 = nobody.thread()
    nobody.message(th2, T0)
    assert run_once(cfg, clock=at(T0 + 40 * MIN)).scheduled == 0
    assert smtp.inbox == [] and rows() == []


def test_address_removed_after_scheduling_cancels(fresh_db, smtp):
    from ip_app.kernel.models import Account

    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    run_once(cfg, clock=at(T0 + 1 * MIN))
    with db.session() as s:
        s.get(Account, w.person.id).email = ""
    assert run_once(cfg, clock=at(T0 + 31 * MIN)).cancelled == 1
    assert rows()[0].cancel_reason == "no_email" and smtp.inbox == []


def test_smtp_down_is_retried_and_delivered_when_it_comes_back(fresh_db, smtp):
    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    smtp.stop()

    r = run_once(cfg, clock=at(T0 + 30 * MIN))
    assert (r.sent, r.failed) == (0, 1)
    [row] = rows()
    assert (row.status, row.attempts) == ("retrying", 1)
    assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
    assert row.next_attempt_at == T0 + 31 * MIN  # 1 min, then 2, 4 … up to 1 h

    assert run_once(cfg, clock=at(T0 + 30 * MIN + 30 * timedelta(seconds=1))).failed == 0  # not yet
    assert run_once(cfg, clock=at(T0 + 31 * MIN)).failed == 1
    [row] = rows()
    assert (row.attempts, row.next_attempt_at) == (2, T0 + 33 * MIN)

    smtp.start()  # back, same port
    assert run_once(cfg, clock=at(T0 + 33 * MIN)).sent == 1
    [row] = rows()
    assert (row.status, row.attempts, row.sent_at) == ("sent", 3, T0 + 33 * MIN)
    assert row.last_error  # the history of the failure stays visible
    assert len(smtp.to(w.email)) == 1
    assert run_once(cfg, clock=at(T0 + 90 * MIN)).sent == 0


def test_a_row_that_keeps_failing_stays_and_is_listed_for_operators(fresh_db, smtp):
    from ip_app.notify import outbox

    cfg = settings_for(smtp)
    w = World()
    th = w.thread()
    w.message(th, T0)
    smtp.stop()
    moment = T0 + 30 * MIN
    for _ in range(9):
        run_once(cfg, clock=at(moment))
        moment = rows()[0].next_attempt_at
    [row] = rows()
    assert (row.status, row.attempts) == ("retrying", 9)
    assert row.next_attempt_at - row.updated_at == timedelta(hours=1)  # capped, never given up
    with db.session() as s:
        assert outbox.status_counts(s) == {"retrying": 1}
        assert [r.id for r in outbox.failing(s, min_attempts=5)] == [row.id]


def test_a_claimed_row_is_not_taken_by_another_sender(fresh_db):
    from ip_app.notify import outbox

    w = World()
    th = w.thread()
    w.message(th, T0)
    now = T0 + 31 * MIN
    with db.session() as s:
        outbox.schedule(s, now=now, rules=RULES, lookback=timedelta(hours=72))
    with db.session() as s:
        [oid] = outbox.claimable_ids(s, now=now, limit=10)
    with db.session() as s:
        assert outbox.claim(s, oid, token="a", now=now, lease=5 * MIN)
    with db.session() as s:
        assert not outbox.claim(s, oid, token="b", now=now + MIN, lease=5 * MIN)
        assert outbox.claimable_ids(s, now=now + MIN, limit=10) == []
        assert not outbox.mark_sent(s, oid, token="b", now=now)  # not b's row
    with db.session() as s:  # the lease ran out (sender a died): b may take it
        assert outbox.claim(s, oid, token="b", now=now + 6 * MIN, lease=5 * MIN)
        assert not outbox.mark_sent(s, oid, token="a", now=now + 6 * MIN)
        assert outbox.mark_sent(s, oid, token="b", now=now + 6 * MIN)


def test_the_command_line_once_and_status(fresh_db, smtp, monkeypatch, capsys):
    from ip_app.notify.__main__ import main

    w = World()
    th = w.thread()
    w.message(th, datetime.now(timezone.utc) - 40 * MIN)
    monkeypatch.setenv("IP_SMTP_HOST", smtp.host)
    monkeypatch.setenv("IP_SMTP_PORT", str(smtp.port))
    monkeypatch.setenv("IP_NOTIFY_REASONS", "unread_message")
    assert main(["once"]) == 0
    assert re.search(r"scheduled 1, sent 1", capsys.readouterr().out)
    assert len(smtp.to(w.email)) == 1
    assert main(["status"]) == 0
    assert "sent 1" in capsys.readouterr().out
    monkeypatch.delenv("IP_SMTP_HOST")
    assert main(["once"]) == 2  # off without a server


def test_the_app_task_is_off_without_an_smtp_host(monkeypatch):
    import asyncio

    from ip_app.notify.runner import lifespan_task

    monkeypatch.delenv("IP_SMTP_HOST", raising=False)
    asyncio.run(asyncio.wait_for(lifespan_task(), timeout=2))  # returns at once: nothing runs


def test_the_loop_sends_and_survives_a_failing_pass(fresh_db, smtp, monkeypatch):
    import asyncio

    from ip_app.notify import runner

    cfg = replace(settings_for(smtp, delay=timedelta(seconds=0)), interval=0.05)
    w = World()
    th = w.thread()
    w.message(th, datetime.now(timezone.utc) - MIN)
    calls = {"n": 0}
    real = runner.run_once

    def flaky(c):  # noqa: ANN001
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database away")
        return real(c)

    monkeypatch.setattr(runner, "run_once", flaky)

    async def go() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run_forever(cfg, stop))
        for _ in range(100):
            if smtp.to(w.email):
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(go())
    assert calls["n"] >= 2 and len(smtp.to(w.email)) == 1
