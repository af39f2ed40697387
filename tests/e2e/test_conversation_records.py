"""Samtalereferat (issue 21.3): NAV's veileder writes the referat of a conversation with
Amina (a bad save refused at the fields, nothing written), Amina reads it and confirms
"Jeg har lest", the veileder sees that she has; a correction is a new version (the earlier
text stays readable) that Amina has not read yet. The koordinator and the teacher never
see it, on the page, the plan or the print page; the veileder's print page has it."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, scalar


def _count(app, plan: int) -> tuple[int, int]:
    return (scalar(app.db_url, "SELECT count(*) FROM conversation_record WHERE plan_id = :p",
                   p=plan),
            scalar(app.db_url, "SELECT count(*) FROM conversation_record_version v JOIN "
                               "conversation_record r ON r.id = v.record_id "
                               "WHERE r.plan_id = :p", p=plan))


def test_the_veileder_writes_and_amina_reads_and_confirms(browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "amina")
    before = _count(app, plan)
    ctx_v = browser.new_context(**browser_context_args)
    ctx_a = browser.new_context(**browser_context_args)
    try:
        veileder = logged_in(ctx_v, app.url, "veileder")
        veileder.set_viewport_size({"width": 1280, "height": 800})
        veileder.goto(f"{app.url}/plan/{plan}")
        veileder.get_by_role("link", name="Samtalereferat fra NAV").click()
        expect(veileder.get_by_role("heading", level=1, name="Samtalereferat")).to_be_visible()
        form = veileder.get_by_role("region", name="Skriv et nytt samtalereferat")
        form.get_by_role("button", name="Lagre referatet").click()
        expect(form.get_by_text("Skriv datoen for samtalen.")).to_be_visible()
        expect(form.get_by_text("Skriv hva samtalen handlet om.")).to_be_visible()
        expect(form.get_by_text("Skriv referatet.")).to_be_visible()
        assert _count(app, plan) == before

        tag = uuid.uuid4().hex[:6]
        topic, text = f"Veien til jobb ({tag})", f"Amina vil prøve helsefag først ({tag})."
        form.get_by_label("Dato for samtalen").fill("2026-12-01")
        form.get_by_role("textbox", name="Hva samtalen handlet om").fill(topic)
        form.get_by_role("textbox", name="Referat").fill(text)
        form.get_by_role("button", name="Lagre referatet").click()
        expect(veileder.get_by_role("main").get_by_role("status")).to_contain_text(
            "Samtalereferatet er lagret.")
        record = veileder.get_by_role("article").filter(has_text=topic)
        expect(record.get_by_text(text)).to_be_visible()
        expect(record.get_by_text("Ikke lest ennå")).to_be_visible()
        assert _count(app, plan) == (before[0] + 1, before[1] + 1)

        # Amina, on a phone: from her plan to the referat, "Jeg har lest"
        amina = logged_in(ctx_a, app.url, "amina")
        amina.get_by_role("link", name="Samtalereferat fra NAV").click()
        mine = amina.get_by_role("article").filter(has_text=topic)
        expect(mine.get_by_text(text)).to_be_visible()
        mine.get_by_role("button", name="Jeg har lest").click()
        expect(amina.get_by_role("main").get_by_role("status")).to_contain_text(
            "Vi har lagret at du har lest referatet.")
        expect(mine.get_by_text(re.compile(r"^Du leste dette"))).to_be_visible()
        expect(mine.get_by_role("button", name="Jeg har lest")).to_have_count(0)
        # the veileder's open page says so, live
        expect(record.get_by_text(re.compile(r"^Lest av Amina Yusuf"))).to_be_visible()

        # a correction is a new version; the earlier text stays readable
        record.get_by_role("button", name=f"Endre referatet «{topic}»").click()
        edit = veileder.get_by_role("region", name="Endre samtalereferatet")
        box = edit.get_by_role("textbox", name="Referat")
        expect(box).to_have_value(text)
        fixed = f"Amina vil prøve helsefag først, deretter renhold ({tag})."
        box.fill(fixed)
        edit.get_by_role("button", name="Lagre referatet").click()
        expect(record.get_by_text(fixed)).to_be_visible()
        expect(record.get_by_text("Ikke lest ennå")).to_be_visible()
        record.get_by_text("Tidligere versjoner").click()
        expect(record.get_by_text(text, exact=True)).to_be_visible()
        assert _count(app, plan) == (before[0] + 1, before[1] + 2)
        expect(mine.get_by_role("button", name="Jeg har lest")).to_be_visible()  # live

        # in the veileder's print page
        veileder.goto(f"{app.url}/plan/{plan}/utskrift")
        expect(veileder.get_by_text(fixed)).to_be_visible()
    finally:
        ctx_v.close()
        ctx_a.close()


def test_others_in_the_plan_never_see_it(page: Page, login, app):
    plan = plan_id_of(app.db_url, "amina")
    secret = scalar(app.db_url, "SELECT v.text FROM conversation_record_version v JOIN "
                                "conversation_record r ON r.id = v.record_id "
                                "WHERE r.plan_id = :p ORDER BY v.id DESC LIMIT 1", p=plan)
    for who in ("koordinator", "laerer"):
        login(who)
        page.goto(f"{app.url}/plan/{plan}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Samtalereferat fra NAV")).to_have_count(0)
        page.goto(f"{app.url}/plan/{plan}/samtalereferat")
        expect(page.get_by_text("Du har ikke tilgang", exact=False).first).to_be_visible()
        if secret:
            expect(page.get_by_text(secret)).to_have_count(0)
            page.goto(f"{app.url}/plan/{plan}/utskrift")
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            expect(page.get_by_text(secret)).to_have_count(0)
        page.context.clear_cookies()


def test_an_unread_samtalereferat_waits_on_amina_s_first_screen(page: Page, login, app):
    """A new version Amina has not said "Jeg har lest" to waits under "Venter på deg",
    with a link to the samtalereferat; once read, it is gone (390 px)."""
    from tests.utils.db import execute, query

    page.set_viewport_size({"width": 390, "height": 844})
    plan = plan_id_of(app.db_url, "amina")
    (record, version, topic), = query(
        app.db_url, "SELECT v.record_id, v.version, v.topic FROM conversation_record_version v "
                    "JOIN conversation_record r ON r.id = v.record_id WHERE r.plan_id = :p "
                    "ORDER BY r.id LIMIT 1", p=plan)
    newest = scalar(app.db_url, "SELECT max(version) FROM conversation_record_version "
                                "WHERE record_id = :r", r=record)
    veileder = scalar(app.db_url, "SELECT id FROM account WHERE username = 'veileder'")
    text = f"Rettet: Fjordly gir kortere vakter i tre uker ({uuid.uuid4().hex[:6]})."
    execute(app.db_url, "INSERT INTO conversation_record_version (record_id, version, topic, "
                        "text, written_by_id, written_by_role, written_at) VALUES (:r, :v, :t, "
                        ":x, :w, 'veileder', :at)", r=record, v=newest + 1, t=topic, x=text,
            w=veileder, at="2026-12-02 09:00:00.000000")
    login("amina")
    waiting = page.get_by_role("region", name="Venter på deg")
    link = waiting.get_by_role("link", name=re.compile(r"samtalereferat du ikke har lest"))
    expect(link).to_have_attribute("href", f"/plan/{plan}/samtalereferat")
    link.click()
    expect(page.get_by_role("heading", level=1, name="Samtalereferat")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()
    buttons = page.get_by_role("button", name="Jeg har lest")
    while buttons.count():  # every one not read yet (other tests may have left one)
        n = buttons.count()
        buttons.first.click()
        expect(buttons).to_have_count(n - 1)
    page.goto(f"{app.url}/")
    expect(page.get_by_role("heading", name="Målet mitt")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"samtalereferat du ikke har lest"))
           ).to_have_count(0)


def test_lene_reads_noahs_samtalereferat_in_her_own_voice(page: Page, login, app):
    """Lene, Noah's mother and verge, on a phone: the page speaks to her about Noah
    ("Noahs samtalereferat", "NAV og Noah"), never in staff words ("personen") nor as if
    it were her own ("veilederen din"); she reads the referat, and only Noah confirms it."""
    from datetime import date

    import sqlalchemy as sa
    from sqlmodel import Session

    from ip_app.conversation_records import data as crd
    from ip_app.kernel.actor import Actor
    from ip_app.kernel.config import normalise_db_url
    from ip_app.kernel.roles import Role

    page.set_viewport_size({"width": 390, "height": 844})
    plan = plan_id_of(app.db_url, "noah")
    veileder = scalar(app.db_url, "SELECT id FROM account WHERE username = 'veileder'")
    topic = f"Skoledagen ({uuid.uuid4().hex[:6]})"
    engine = sa.create_engine(normalise_db_url(app.db_url))
    try:
        with Session(engine) as s:
            crd.create(s, plan_id=plan, held_on=date(2026, 12, 1), topic=topic,
                       actor=Actor(account_id=veileder, role=Role.VEILEDER),
                       text="Noah går fire dager til kl. 12 og vil prøve en hel dag i januar.")
            s.commit()
    finally:
        engine.dispose()
    login("foresatt")
    page.get_by_role("link", name="Samtalereferat fra NAV").click()
    expect(page.get_by_role("heading", level=1, name="Noahs samtalereferat")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Her står hva NAV og Noah har snakket om. "
                                 "Bare Noah, du og NAV kan lese det.")
    record = page.get_by_role("article").filter(has_text=topic)
    expect(record.get_by_text("Ikke lest ennå")).to_be_visible()
    expect(record.get_by_role("button", name="Jeg har lest")).to_have_count(0)
    text = main.inner_text()
    for staff_or_own in ("personen", "Personen", "veilederen din", "Trykk «Jeg har lest»"):
        assert staff_or_own not in text, staff_or_own
