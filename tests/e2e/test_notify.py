"""The running app e-mails the person about an unread message (issue 5, item 6).

The session's app (tests/e2e/conftest.py) runs its notifier against a real SMTP server on
127.0.0.1 with a 1 s delay; the message is written straight into the app's database.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.kernel.config import normalise_db_url
from ip_app.kernel.models import Account, NotificationOutbox, ThreadMember
from ip_app.notify.data import save_pref
from ip_app.notify.rules import DEFAULT_PREF
from tests.utils.db import plan_id_of
from tests.utils.dialog_data import add_message, add_thread
from tests.utils.server import NOTIFY_TEST_DELAY_SECONDS, NOTIFY_TEST_INTERVAL_SECONDS

ADDRESS = "amina.e2e@person.example"


@contextmanager
def app_db(url: str):
    engine = sa.create_engine(normalise_db_url(url), poolclass=sa.pool.NullPool)
    try:
        with Session(engine, expire_on_commit=False) as s:
            yield s
            s.commit()
    finally:
        engine.dispose()


def test_an_unread_message_for_amina_gives_one_email(app, smtp_server):
    now = datetime.now(timezone.utc)
    with app_db(app.db_url) as s:
        amina = s.exec(select(Account).where(Account.username == "amina")).one()
        veileder = s.exec(select(Account).where(Account.username == "veileder")).one()
        # her demo threads count as read for this test (restored below), so only ours is unread
        members = s.exec(select(ThreadMember).where(ThreadMember.account_id == amina.id)).all()
        earlier = {m.id: m.last_read_at for m in members}
        for m in members:
            m.last_read_at = now
            s.add(m)
        amina.email = ADDRESS
        s.add(amina)
        # her choice of notices as a new person has it (another module's test may have sent
        # her settings form with other values: the fuzzing of typed payloads does)
        save_pref(s, amina.id, DEFAULT_PREF)
    try:
        with app_db(app.db_url) as s:
            thread = add_thread(s, plan_id_of(app.db_url, "amina"), [amina.id, veileder.id],
                                by=veileder.id, at=now, subject="Varseltest (e-post)")
            sent = datetime.now(timezone.utc)
            add_message(s, thread.id, veileder.id, "Hei! Ny tid hos legen: tirsdag kl. 10.",
                        at=sent)
        due = sent.timestamp() + NOTIFY_TEST_DELAY_SECONDS

        [mail] = smtp_server.wait_for(ADDRESS, timeout=30)
        late = mail.at - due
        print(f"\ne-mail arrived {late * 1000:.0f} ms after it was due "
              f"(delay {NOTIFY_TEST_DELAY_SECONDS} s, loop every {NOTIFY_TEST_INTERVAL_SECONDS} s)")
        assert mail.at >= due - 0.05  # not before the delay
        assert mail.message["Subject"] == "Du har en ny melding i Min plan"
        assert "legen" not in mail.message.as_string() and "Varseltest" not in mail.message.as_string()

        time.sleep(3 * NOTIFY_TEST_INTERVAL_SECONDS + 0.5)  # several more passes: still one
        assert len(smtp_server.to(ADDRESS)) == 1
        with app_db(app.db_url) as s:
            [row] = s.exec(select(NotificationOutbox).where(
                NotificationOutbox.thread_id == thread.id)).all()
            assert (row.status, row.attempts, row.recipient_id) == ("sent", 1, amina.id)
    finally:
        with app_db(app.db_url) as s:
            acct = s.get(Account, amina.id)
            acct.email = ""  # first: no address, so restoring the read state sends nothing
            s.add(acct)
        with app_db(app.db_url) as s:
            for member_id, last_read in earlier.items():
                m = s.get(ThreadMember, member_id)
                m.last_read_at = last_read
                s.add(m)
            for m in s.exec(select(ThreadMember).where(ThreadMember.account_id == amina.id,
                                                       ThreadMember.id.not_in(earlier))).all():
                m.last_read_at = datetime.now(timezone.utc)  # our thread: read, nothing left over
                s.add(m)
