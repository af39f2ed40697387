"""Notices that reach people, in the browser (issue 22, part 2).

On its own server and database: the notifier there sends to a test SMTP server and a test
SMS gateway (tests/utils/sms.py) started here, and the tests change people's addresses and
consents. Phone size (390x844); axe on the new pages.

- Amina chooses e-mail and SMS, Emil chooses neither; the veileder asks Amina for consent
  in the browser and Emil gets a request too: exactly one SMS and one e-mail for Amina,
  nothing for Emil.
- Sara is reserved against digital contact (KRR, demo data): her notice is a letter in
  the koordinator's list (/brev), printed and marked; an outsider is refused.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from ip_app.kernel.config import normalise_db_url
from ip_app.kernel.models import Account, Consent, NotificationOutbox, Participant
from tests.e2e.test_accessibility import _check, _context, _settle
from tests.utils.browser import signed_in
from tests.utils.db import execute, plan_id_of, query, scalar
from tests.utils.server import (
    NOTIFY_TEST_INTERVAL_SECONDS, cleanup, notify_env, start_restartable,
)
from tests.utils.sms import SmsReceiver
from tests.utils.smtp import SmtpServer

AMINA_MAIL = "amina.varsel@person.example"
EMIL_MAIL = "emil.varsel@person.example"


@pytest.fixture(scope="module")
def servers():
    smtp = SmtpServer().start()
    sms = SmsReceiver(key="e2e-key").start()
    running = start_restartable(**notify_env(smtp.port), IP_SMS_URL=sms.url,
                                IP_SMS_KEY="e2e-key", IP_SMS_SENDER="MinPlan")
    yield running, smtp, sms
    cleanup(running)
    sms.stop()
    smtp.stop()


@contextmanager
def app_db(url: str):
    engine = sa.create_engine(normalise_db_url(url), poolclass=sa.pool.NullPool)
    try:
        with Session(engine, expire_on_commit=False) as s:
            yield s
            s.commit()
    finally:
        engine.dispose()


def _ask(app, person: str, staff: str) -> int:
    """A consent request to `person` about `staff`, written straight into the database."""
    with app_db(app.db_url) as s:
        plan = plan_id_of(app.db_url, person)
        staff_id = s.exec(select(Account.id).where(Account.username == staff)).one()
        part = s.exec(select(Participant).where(Participant.plan_id == plan,
                                                Participant.account_id == staff_id)).one()
        c = Consent(plan_id=plan, participant_id=part.id, status="requested", scopes="goals",
                    requested_at=datetime.now(timezone.utc))
        s.add(c)
        s.flush()
        return c.id


def _rows(app, username: str, reason: str) -> list[NotificationOutbox]:
    with app_db(app.db_url) as s:
        who = s.exec(select(Account.id).where(Account.username == username)).one()
        return list(s.exec(select(NotificationOutbox).where(
            NotificationOutbox.recipient_id == who, NotificationOutbox.reason == reason)
            .order_by(NotificationOutbox.id)).all())


def _wait_rows(app, username: str, reason: str, done, timeout: float = 30):
    end = time.time() + timeout
    while time.time() < end:
        rows = _rows(app, username, reason)
        if rows and done(rows):
            return rows
        time.sleep(0.1)
    raise AssertionError(f"no {reason} notice for {username}: {_rows(app, username, reason)}")


def _prefs(app, username: str) -> list[tuple]:
    return query(app.db_url, "SELECT by_email, by_sms FROM notice_pref p JOIN account a ON "
                             "a.id = p.account_id WHERE a.username = :u ORDER BY p.id", u=username)


def test_a_consent_request_gives_one_sms_and_one_email_and_none_to_who_chose_neither(
        browser: Browser, browser_context_args, servers):
    app, smtp, gateway = servers
    execute(app.db_url, "UPDATE account SET email = :e WHERE username = 'amina'", e=AMINA_MAIL)
    execute(app.db_url, "UPDATE account SET email = :e, phone = '' WHERE username = 'emil'",
            e=EMIL_MAIL)
    ctx = _context(browser, browser_context_args)
    try:
        # Amina: e-mail (ticked, she has an address) and SMS
        amina = signed_in(ctx.new_page(), app.url, "amina")
        amina.get_by_role("link", name="Varsler").click()
        expect(amina.get_by_role("heading", level=1, name="Varsler")).to_be_visible()
        _settle(amina)
        assert _check(amina, "person /varsler") == []
        expect(amina.get_by_label(f"På e-post til {AMINA_MAIL}")).to_be_checked()
        amina.get_by_label("På SMS til +47 400 02 201").check()
        expect(amina.get_by_label("Noen spør om samtykke")).to_be_checked()
        amina.get_by_role("button", name="Lagre valgene").click()
        expect(amina.get_by_role("status").filter(has_text="Valgene dine er lagret.")
               ).to_be_visible()
        assert _prefs(app, "amina") == [(1, 1)]
        amina.close()

        # Emil: SMS without a number is refused at the field, nothing written; then neither
        emil = signed_in(ctx.new_page(), app.url, "emil")
        emil.goto(f"{app.url}/varsler")
        expect(emil.get_by_label(f"På e-post til {EMIL_MAIL}")).to_be_checked()
        emil.get_by_label("På SMS").check()
        emil.get_by_role("button", name="Lagre valgene").click()
        expect(emil.get_by_text("Vi har ikke mobilnummeret ditt.", exact=False).first
               ).to_be_visible()
        assert _prefs(app, "emil") == []
        emil.get_by_label("På SMS").uncheck()
        emil.get_by_label(f"På e-post til {EMIL_MAIL}").uncheck()
        emil.get_by_role("button", name="Lagre valgene").click()
        expect(emil.get_by_role("status").filter(has_text="Valgene dine er lagret.")
               ).to_be_visible()
        assert _prefs(app, "emil") == [(0, 0)]
        execute(app.db_url, "UPDATE account SET phone = '+47 400 02 202' WHERE username = 'emil'")

        # the veileder asks Amina again (her consent to the teacher was withdrawn)
        plan = plan_id_of(app.db_url, "amina")
        execute(app.db_url, "UPDATE consent SET status = 'withdrawn' WHERE plan_id = :p AND "
                            "participant_id = (SELECT p.id FROM participant p JOIN account a ON "
                            "a.id = p.account_id WHERE a.username = 'laerer' AND p.plan_id = :p)",
                p=plan)
        kari = signed_in(ctx.new_page(), app.url, "veileder")
        kari.goto(f"{app.url}/plan/{plan}/samtykker")
        kari.get_by_role("button", name="Be om samtykke").click()
        expect(kari.get_by_role("status").filter(has_text="Spørsmålet om samtykke er sendt")
               ).to_be_visible()
        emil_key = f"consent:{_ask(app, 'emil', 'veileder')}:1"
    finally:
        ctx.close()

    # the request the veileder just asked (the demo's older one to Amina came before she
    # had an address: kept as not chosen)
    asked = scalar(app.db_url, "SELECT max(id) FROM consent WHERE plan_id = :p AND "
                               "status = 'requested'", p=plan)
    mine = lambda rs: [r for r in rs if r.object_key.startswith(f"consent:{asked}:")]  # noqa: E731
    rows = mine(_wait_rows(app, "amina", "consent_request",
                           lambda rs: [r.status for r in mine(rs)] == ["sent", "sent"]))
    by_channel = {r.channel: r for r in rows}
    assert set(by_channel) == {"email", "sms"}
    [sms] = [x for x in gateway.wait_for("+4740002201")
             if x.reference == f"minplan-{by_channel['sms'].id}"]
    assert sms.text.startswith("Du har noe nytt i Min plan") and sms.sender == "MinPlan"
    mails = [m for m in smtp.wait_for(AMINA_MAIL, timeout=30)
             if m.message["Message-ID"] == f"<minplan-{by_channel['email'].id}@minplan>"]
    assert len(mails) == 1
    assert mails[0].message["Subject"] == "Du har noe nytt i Min plan"
    assert "Siri" not in mails[0].message.as_string()

    [emil_row] = [r for r in _wait_rows(app, "emil", "consent_request",
                                         lambda rs: any(r.object_key == emil_key for r in rs))
                  if r.object_key == emil_key]
    assert (emil_row.channel, emil_row.status, emil_row.cancel_reason) == (
        "none", "cancelled", "not_chosen")
    # several more passes of the notifier: still one of each, and nothing for Emil
    time.sleep(4 * NOTIFY_TEST_INTERVAL_SECONDS)
    assert len([x for x in gateway.requests if x.reference == sms.reference]) == 1
    assert gateway.to("+4740002202") == [] and smtp.to(EMIL_MAIL) == []
    sent = scalar(app.db_url, "SELECT count(*) FROM notification_outbox o JOIN account a ON "
                              "a.id = o.recipient_id WHERE a.username = 'amina' AND "
                              "o.status = 'sent'")
    assert len(gateway.to("+4740002201")) + len(smtp.to(AMINA_MAIL)) == sent  # nothing else


def test_a_reserved_persons_notice_is_a_letter_in_the_staff_list(
        browser: Browser, browser_context_args, servers):
    app, smtp, gateway = servers
    assert scalar(app.db_url, "SELECT contact_reserved FROM account WHERE username = 'sara'")
    _ask(app, "sara", "fastlege")
    [letter] = _wait_rows(app, "sara", "consent_request",
                          lambda rs: rs[0].status == "sent")
    assert letter.channel == "letter" and letter.printed_at is None
    assert gateway.to("+4740002203") == []

    ctx = _context(browser, browser_context_args)
    try:
        page = signed_in(ctx.new_page(), app.url, "koordinator")
        page.get_by_role("link", name="Brev til utskrift").click()
        expect(page.get_by_role("heading", level=1, name="Brev til utskrift")).to_be_visible()
        waiting = page.get_by_role("list", name="Venter på utskrift")
        item = waiting.get_by_role("listitem").filter(has_text="Sara Nilsen")
        expect(item.get_by_text("Noen spør om samtykke")).to_be_visible()
        _settle(page)
        assert _check(page, "koordinator /brev") == []

        item.get_by_role("link", name="Åpne brevet til Sara Nilsen").click()
        expect(page.get_by_role("heading", level=1, name="Brev")).to_be_visible()
        letter_text = page.get_by_role("article")
        expect(letter_text.get_by_text("Hei, Sara Nilsen!")).to_be_visible()
        expect(letter_text).not_to_contain_text("samtykke")  # the reason is for staff only
        _settle(page)
        assert _check(page, "koordinator /brev/<id>") == []
        expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
        page.get_by_role("button", name="Merk som skrevet ut").click()
        expect(page.get_by_role("status").filter(has_text="Brevet er merket som skrevet ut.")
               ).to_be_visible()
        expect(page.get_by_text("Skrevet ut", exact=False).first).to_be_visible()
        assert scalar(app.db_url, "SELECT printed_at IS NOT NULL FROM notification_outbox "
                                  "WHERE id = :i", i=letter.id)
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = "
                                  "'print_letter' AND allowed AND target = :t",
                      t=f"letter:{letter.id}") == 1

        page.get_by_role("link", name="Tilbake til brevene").click()
        done = page.get_by_role("list", name="Skrevet ut")
        expect(done.get_by_role("listitem").filter(has_text="Sara Nilsen")).to_be_visible()
    finally:
        ctx.close()

    # staff outside Sara's plan: refused and audited, nothing of the letter shown
    ctx = browser.new_context(**browser_context_args)
    try:
        before = scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = "
                                    "'read_letter' AND NOT allowed")
        other = signed_in(ctx.new_page(), app.url, "veileder2")
        other.goto(f"{app.url}/brev/{letter.id}")
        expect(other.get_by_text("Du har ikke tilgang til dette.")).to_be_visible()
        expect(other.get_by_text("Sara Nilsen")).to_have_count(0)
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = "
                                  "'read_letter' AND NOT allowed") == before + 1
    finally:
        ctx.close()
