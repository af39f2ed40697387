"""Two notifiers at once on PostgreSQL never send an e-mail twice (and never lose one).

A fresh database on the PostgreSQL server at 127.0.0.1:5432 (IP_TEST_PG_ADMIN_URL), migrated
with Alembic; fails, never skips, when the server is away.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from ip_app.kernel import db
from ip_app.kernel.migrate import upgrade_to_head
from ip_app.kernel.models import NotificationOutbox
from ip_app.notify.mailer import SmtpMailer
from ip_app.notify.rules import Rules
from ip_app.notify.runner import run_once
from ip_app.notify.settings import NotifySettings
from tests.utils.dialog_data import add_message, add_person, add_staff, add_thread
from tests.utils.server import create_pg_database, drop_pg_database
from tests.utils.smtp import SmtpServer

T0 = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
PEOPLE = 30


@pytest.fixture
def pg_url(monkeypatch):
    name, url = create_pg_database()
    try:
        upgrade_to_head(url)
        monkeypatch.setenv("REFLEX_DB_URL", url)
        yield url
    finally:
        db.engine().dispose()
        drop_pg_database(name)


class SlowMailer(SmtpMailer):
    """Real SMTP, a little slower per e-mail, so the two senders overlap all the time."""

    def send(self, email):  # noqa: ANN001
        time.sleep(0.01)
        super().send(email)


def test_two_concurrent_senders_never_send_twice(pg_url):
    smtp = SmtpServer().start()
    try:
        cfg = NotifySettings.from_env()
        cfg = replace(cfg, smtp=replace(cfg.smtp, host=smtp.host, port=smtp.port, timeout=5),
                      rules=Rules())
        with db.session() as s:
            staff = add_staff(s, "veileder-x")
            for n in range(PEOPLE):
                person, plan = add_person(s, f"person-{n}", email=f"p{n}@person.example")
                for k in range(2 if n % 3 == 0 else 1):  # some have two threads: two e-mails
                    th = add_thread(s, plan.id, [person.id, staff.id], by=staff.id, at=T0)
                    add_message(s, th.id, staff.id, "hei", at=T0 + timedelta(seconds=n + k))
                    add_message(s, th.id, staff.id, "hei igjen", at=T0 + timedelta(minutes=5))
        expected = {f"p{n}@person.example": (2 if n % 3 == 0 else 1) for n in range(PEOPLE)}

        start = threading.Barrier(2)
        results, errors = [], []
        sent_by = Counter()

        def sender(name: str) -> None:
            try:
                start.wait()
                for _ in range(3):  # schedule and send, again and again, side by side
                    results.append(res := run_once(cfg, mailer=SlowMailer(cfg.smtp),
                                            clock=lambda: T0 + timedelta(minutes=40)))
                    sent_by[name] += res.sent
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        workers = [threading.Thread(target=sender, args=(n,)) for n in "ab"]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
        assert not errors, errors

        got = Counter(r for m in smtp.inbox for r in m.rcpt_tos)
        assert got == expected  # every e-mail once: none twice, none lost
        assert sum(r.sent for r in results) == sum(expected.values())
        assert sum(r.scheduled for r in results) == sum(expected.values())
        assert sent_by["a"] > 0 and sent_by["b"] > 0, sent_by  # they really worked side by side
        with db.session() as s:
            rows = s.exec(select(NotificationOutbox)).all()
        assert len(rows) == sum(expected.values())
        assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
    finally:
        smtp.stop()


def test_two_schedulers_at_once_make_one_row(pg_url):
    """B does not see A's uncommitted row, tries the same insert, waits on the unique index,
    and skips once A commits: one pending row per person and thread."""
    from sqlmodel import Session

    from ip_app.notify import outbox

    with db.session() as s:
        staff = add_staff(s, "veileder-y")
        person, plan = add_person(s, "person-y", email="y@person.example")
        th = add_thread(s, plan.id, [person.id, staff.id], by=staff.id, at=T0)
        add_message(s, th.id, staff.id, "hei", at=T0)
    now, rules, back = T0 + timedelta(minutes=1), Rules(), timedelta(hours=72)
    a = Session(db.engine())
    b = Session(db.engine())
    try:
        assert outbox.schedule(a, now=now, rules=rules, lookback=back) == 1  # not committed yet
        got = {}
        t = threading.Thread(target=lambda: got.setdefault(
            "b", outbox.schedule(b, now=now, rules=rules, lookback=back)))
        t.start()
        time.sleep(0.5)
        assert t.is_alive()  # waiting for A on the unique index
        a.commit()
        t.join(10)
        b.commit()
        assert got == {"b": 0}
    finally:
        a.close()
        b.close()
    with db.session() as s:
        assert len(s.exec(select(NotificationOutbox)).all()) == 1
