"""Vedtak and klage on a phone: the koordinator decides on Amina's right to an IP and sends
it; Amina reads it and sends a klage; the office marks it behandles; Amina sees that.
Bad input is refused at the field and writes nothing; a letter PDF is there for her."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, scalar

DECISION = "Du har rett til individuell plan. Ny tjeneste: psykisk helse i kommunen."
REASONS = "Du trenger hjelp over tid fra flere tjenester."
KLAGE = "Jeg vil ha en annen koordinator enn den som står i vedtaket."


def test_decide_send_read_appeal_and_handle(browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    url = f"{app.url}/plan/{plan}/vedtak"
    count = lambda table: scalar(app.db_url, f"SELECT count(*) FROM {table} WHERE plan_id = :p",
                                 p=plan)
    vedtak_before, klager_before = count("vedtak"), count("klage")
    staff_ctx = browser.new_context(**browser_context_args)
    person_ctx = browser.new_context(**browser_context_args)
    try:
        # -- the koordinator drafts, is told what is missing, then decides and sends
        staff = logged_in(staff_ctx, app.url, "koordinator")
        staff.goto(f"{app.url}/plan/{plan}")
        staff.get_by_role("link", name="Vedtak", exact=True).click()
        expect(staff.get_by_role("heading", level=1, name="Vedtak i planen")).to_be_visible()
        new = staff.get_by_role("region", name="Nytt vedtak eller retting")
        new.get_by_role("button", name="Lagre utkast").click()
        expect(new.get_by_text("Velg hva vedtaket gjelder.")).to_be_visible()
        expect(new.get_by_text("Skriv hva som er bestemt.")).to_be_visible()
        expect(new.get_by_text("Skriv en begrunnelse.")).to_be_visible()
        assert count("vedtak") == vedtak_before

        new.get_by_label("Hva gjelder vedtaket").select_option(label="Vedtak om individuell plan")
        new.get_by_label("Hva er bestemt").fill(DECISION)
        new.get_by_label("Begrunnelse").fill(REASONS)
        new.get_by_role("button", name="Lagre utkast").click()
        expect(staff.get_by_role("status").get_by_text("Utkastet er lagret.")).to_be_visible()
        card = staff.get_by_role("region", name="Alle vedtak").get_by_role("listitem").filter(
            has_text=DECISION)
        expect(card.get_by_text("Utkast – ikke sendt")).to_be_visible()
        assert scalar(app.db_url, "SELECT status FROM vedtak WHERE plan_id = :p ORDER BY id "
                                  "DESC LIMIT 1", p=plan) == "utkast"

        # the person does not see a draft
        person = logged_in(person_ctx, app.url, "amina")
        person.goto(url)
        expect(person.get_by_role("heading", level=1, name="Vedtak")).to_be_visible()
        expect(person.get_by_role("region", name="Alle vedtak").get_by_role("listitem")
               ).to_have_count(vedtak_before)
        expect(person.get_by_text(DECISION)).to_have_count(0)

        card.get_by_role("button", name="Fatt og send vedtaket").click()
        expect(staff.get_by_role("status").get_by_text("Vedtaket er sendt.")).to_be_visible()
        expect(card.get_by_text("Sendt", exact=True)).to_be_visible()
        expect(card.get_by_text("Fristen for å klage er")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM vedtak WHERE plan_id = :p AND status = "
                                  "'sendt' AND appeal_by IS NOT NULL AND decision = :d",
                      p=plan, d=DECISION) == 1

        # -- Amina reads it: what, why, the rules, who, and by when to appeal
        person.goto(url)
        mine = person.get_by_role("region", name="Alle vedtak").get_by_role("listitem").filter(
            has_text=DECISION)
        expect(mine.get_by_text(REASONS)).to_be_visible()
        expect(mine.get_by_text("sosialtjenesteloven § 28", exact=False)).to_be_visible()
        expect(mine.get_by_text("Ola Hansen", exact=False)).to_be_visible()
        expect(mine.get_by_text("Du kan klage innen", exact=False)).to_be_visible()
        pdf = mine.get_by_role("link", name="Last ned vedtaksbrevet (PDF)")
        resp = person.request.get(app.url + pdf.get_attribute("href"))
        assert resp.status == 200 and resp.body().startswith(b"%PDF")

        # an empty klage is refused at the field; nothing is written
        mine.get_by_role("button", name="Klag på vedtaket").click()
        mine.get_by_role("button", name="Send klagen").click()
        expect(mine.get_by_text("Skriv hva du er uenig i.", exact=True)).to_be_visible()
        assert count("klage") == klager_before
        mine.get_by_label("Hva er du uenig i?").fill(KLAGE)
        mine.get_by_role("button", name="Send klagen").click()
        expect(person.get_by_role("status").get_by_text("Klagen er sendt.")).to_be_visible()
        klage = person.get_by_role("region", name="Klager").get_by_role("listitem").filter(
            has_text=KLAGE)
        expect(klage.get_by_text("Mottatt", exact=True)).to_be_visible()
        assert count("klage") == klager_before + 1

        # -- the office marks it behandles, with a note (an empty note is refused)
        staff.goto(url)
        theirs = staff.get_by_role("region", name="Klager").get_by_role("listitem").filter(
            has_text=KLAGE)
        theirs.get_by_role("button", name="Merk som behandles").click()  # opens the form
        # the same name is the form's submit button: click it once the form is there (a
        # second click before the server's answer hit the opening button again)
        expect(theirs.get_by_label("Merknad til personen")).to_be_visible()
        theirs.get_by_role("button", name="Merk som behandles").click()
        expect(theirs.get_by_text("Skriv en merknad.")).to_be_visible()
        theirs.get_by_label("Merknad til personen").fill("Vi ser på klagen denne uken.")
        theirs.get_by_role("button", name="Merk som behandles").click()
        expect(staff.get_by_role("status").get_by_text("Klagen har fått ny status.")
               ).to_be_visible()
        expect(theirs.get_by_text("Behandles", exact=True)).to_be_visible()
        assert scalar(app.db_url, "SELECT status FROM klage WHERE text = :t", t=KLAGE) == "behandles"

        # -- Amina sees it
        person.goto(url)
        klage = person.get_by_role("region", name="Klager").get_by_role("listitem").filter(
            has_text=KLAGE)
        expect(klage.get_by_text("Behandles", exact=True)).to_be_visible()
        expect(klage.get_by_text("Vi ser på klagen denne uken.", exact=False)).to_be_visible()
    finally:
        staff_ctx.close()
        person_ctx.close()


def test_a_relative_and_another_veileder_are_refused(browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    for who in ("parorende", "veileder2"):
        ctx = browser.new_context(**browser_context_args)
        try:
            page = logged_in(ctx, app.url, who)
            page.goto(f"{app.url}/plan/{plan}/vedtak")
            expect(page.get_by_role("heading", level=1, name="Vedtak")).to_be_visible()
            expect(page.get_by_text("Du har rett til en individuell plan")).to_have_count(0)
            resp = page.request.get(f"{app.url}/plan/{plan}/vedtak/1.pdf")
            assert resp.status == 404
        finally:
            ctx.close()


def test_the_ip_vedtak_form_starts_from_the_ip_check(browser: Browser, browser_context_args,
                                                     app):
    """Issue 22: after a right-to-IP check for Sara, NAV's veileder finds the new vedtak's
    form filled from it (the kind, the result in words, the answers and the reasons); saved
    as a draft, the form is empty again."""
    import sqlalchemy as sa
    from sqlmodel import Session

    from ip_app.ip_decision.data import record_decision
    from ip_app.kernel.config import normalise_db_url

    plan = plan_id_of(app.db_url, "sara")
    reasons = "Sara trenger NAV og DPS over tid (prefill-test)."
    engine = sa.create_engine(normalise_db_url(app.db_url), poolclass=sa.pool.NullPool)
    try:
        with Session(engine) as s:
            record_decision(s, person_id=scalar(app.db_url, "SELECT id FROM account WHERE "
                                                            "username = 'sara'"),
                            plan_id=plan, actor_id=scalar(app.db_url, "SELECT id FROM account "
                                                                      "WHERE username = "
                                                                      "'veileder'"),
                            has_ip=True, long_term=True, several_providers=True,
                            reasons=reasons)
            s.commit()
    finally:
        engine.dispose()
    ctx = browser.new_context(**browser_context_args)
    try:
        staff = logged_in(ctx, app.url, "veileder")
        staff.goto(f"{app.url}/plan/{plan}/vedtak")
        expect(staff.get_by_role("heading", level=1, name="Vedtak i planen")).to_be_visible()
        new = staff.get_by_role("region", name="Nytt vedtak eller retting")
        expect(new.get_by_label("Hva gjelder vedtaket")).to_have_value("ip")
        expect(new.get_by_label("Hva er bestemt")).to_have_value(
            "Sara Nilsen har allerede en individuell plan. Den nye tjenesten skal inn i den "
            "planen som finnes. Det lages ikke en ny plan.")
        expect(new.get_by_label("Begrunnelse")).to_have_value(
            "Har individuell plan: Ja. Tjenester over tid: Ja. To eller flere tjenesteytere: "
            f"Ja.\n\n{reasons}")
        new.get_by_role("button", name="Lagre utkast").click()
        expect(staff.get_by_role("status").get_by_text("Utkastet er lagret.")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM vedtak WHERE plan_id = :p AND kind = "
                                  "'ip' AND reasons LIKE :r", p=plan, r=f"%{reasons}") == 1
        expect(new.get_by_label("Hva er bestemt")).to_have_value("")
    finally:
        ctx.close()
