"""Starting a plan on a phone and at 1280 px (issue 19): the koordinator finds a person who has no plan,
starts one (bad input refused at the field, nothing written), gives the person a one-time
link; the person sets a password and reads the plan; a second start offers the existing
plan; veileder2 asks to join it and the person approves inline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.unit.test_fnr import _valid
from tests.utils.browser import login_page
from tests.utils.db import query, scalar
from ip_app.kernel import clock

# a number made here per screen size: (fnr, name, birth date as typed, as stored)
PEOPLE = [
    pytest.param(_valid("240588", 200), "Leila Haddad", "24.05.1988", "1988-05-24", 390,
                 id="phone"),
    pytest.param(_valid("250689", 200), "Rania Haddad", "25.06.1989", "1989-06-25", 1280,
                 id="wide"),
]


def _counts(app) -> tuple:
    return tuple(scalar(app.db_url, f"SELECT count(*) FROM {t}")
                 for t in ("plan", "account", "participant", "consent", "goal"))


def _fill_plan(form, start: date, end: date, evaluation: date, goal: str = "") -> None:
    form.get_by_role("checkbox", name="Individuell plan").check()
    form.get_by_role("checkbox", name="Aktivitetsplan").check()
    form.get_by_label("Planen gjelder fra").fill(start.isoformat())
    form.get_by_label("Planen gjelder til").fill(end.isoformat())
    form.get_by_label("Første evaluering").fill(evaluation.isoformat())
    if goal:
        form.get_by_label("Målet, med personens egne ord").fill(goal)


@pytest.mark.parametrize("fnr,name,born_typed,born_iso,width", PEOPLE)
def test_koordinator_starts_a_plan_and_the_person_reads_it(page: Page, login, app, browser,
                                                          browser_context_args, fnr, name,
                                                          born_typed, born_iso, width):
    size = {"width": width, "height": 844 if width == 390 else 800}
    page.set_viewport_size(size)
    today = clock.today()
    login("koordinator")
    page.get_by_role("link", name="Ny plan").click()
    expect(page.get_by_role("heading", level=1, name="Ny plan")).to_be_visible()

    search = page.get_by_role("form", name="Finn personen")
    search.get_by_label("Navn, fødselsdato eller fødselsnummer").fill(fnr[:10] + "0"
                                                                     if fnr[10] != "0" else
                                                                     fnr[:10] + "1")
    search.get_by_role("button", name="Søk").click()
    expect(search.get_by_text("Fødselsnummeret er ikke gyldig.")).to_be_visible()
    search.get_by_label("Navn, fødselsdato eller fødselsnummer").fill(fnr)
    search.get_by_role("button", name="Søk").click()
    expect(page.get_by_text("Ingen treff.")).to_be_visible()
    page.get_by_role("button", name="Personen er ikke i listen").click()

    before = _counts(app)
    form = page.get_by_role("form", name="Om planen")
    form.get_by_label("Fødselsnummer").fill(fnr[:10] + str((int(fnr[10]) + 1) % 10))
    _fill_plan(form, today, today + timedelta(days=365), today - timedelta(days=1))
    form.get_by_role("button", name="Start planen").click()
    expect(form.get_by_text("Fødselsnummeret er ikke gyldig.")).to_be_visible()
    expect(form.get_by_text("Skriv navnet til personen.")).to_be_visible()
    expect(form.get_by_text("Evalueringen kan ikke være før planperioden starter.")).to_be_visible()
    expect(form.get_by_text("Planen lages bare hvis personen sier ja.")).to_be_visible()
    assert _counts(app) == before  # nothing written

    form.get_by_label("Fødselsnummer").fill(fnr[:6] + " " + fnr[6:])
    form.get_by_label("Navn", exact=True).fill(name)
    _fill_plan(form, today, today + timedelta(days=365), today + timedelta(days=90),
               "Jeg vil bli sykepleier.")
    form.get_by_role("checkbox", name="Personen har sagt ja til planen").check()
    form.get_by_role("button", name="Start planen").click()
    expect(page.get_by_role("status").get_by_text(f"Planen til {name} er startet.")).to_be_visible()
    link = page.locator("#invite-link").inner_text()

    person_id, fnr_hash, born, username = query(
        app.db_url, "SELECT id, fnr_hash, birth_date, username FROM account "
                    "WHERE display_name = :n", n=name)[0]
    assert str(born).startswith(born_iso) and fnr not in fnr_hash
    plan_id = scalar(app.db_url, "SELECT id FROM plan WHERE person_id = :p", p=person_id)
    assert sorted(r[0] for r in query(app.db_url, "SELECT basis FROM plan_basis WHERE plan_id "
                                                  "= :p", p=plan_id)) == ["aktivitetsplan",
                                                                          "individuell_plan"]
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = 'start_plan' AND "
                              "plan_id = :p AND allowed = :y", p=plan_id, y=True) == 1

    # the koordinator opens the plan: Leilas plan with her goal
    page.get_by_role("link", name=f"Åpne planen til {name}").click()
    expect(page.get_by_text("Jeg vil bli sykepleier.").first).to_be_visible()

    # a second start for the same person offers the plan she has
    page.goto(app.url + "/ny-plan")
    search = page.get_by_role("form", name="Finn personen")
    search.get_by_label("Navn, fødselsdato eller fødselsnummer").fill(born_typed)
    search.get_by_role("button", name="Søk").click()
    hits = page.get_by_role("list", name="Treff")
    expect(hits.get_by_text("Har en plan")).to_be_visible()
    hits.get_by_role("button", name=f"Se planen til {name}").click()
    expect(page.get_by_text(f"{name} har en plan fra før.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Åpne planen til {name}")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM plan WHERE person_id = :p", p=person_id) == 1

    # the person sets a password with the link and reads her plan
    other = browser.new_context(**{**browser_context_args, "viewport": size}).new_page()
    other.goto(link)
    expect(other.get_by_text(f"Brukernavnet ditt er {username}")).to_be_visible()
    other.get_by_label("Nytt passord").fill("min egen plan 2026")
    other.get_by_label("Skriv passordet en gang til").fill("min egen plan 2026")
    other.get_by_role("button", name="Lagre passord").click()
    expect(other.get_by_text("Passordet er lagret.")).to_be_visible()
    other.goto(link)
    expect(other.get_by_text("Denne lenken virker ikke.")).to_be_visible()
    login_page(other, app.url, username, "min egen plan 2026")
    expect(other.get_by_text("Jeg vil bli sykepleier.").first).to_be_visible()
    other.context.close()


def test_veileder2_starts_a_plan_and_asks_to_join_one(page: Page, login, app):
    today = clock.today()
    fnr = _valid("030303", 500)  # 3 March 2003
    login("veileder2")
    page.get_by_role("link", name="Ny plan").click()
    search = page.get_by_role("form", name="Finn personen")
    search.get_by_label("Navn, fødselsdato eller fødselsnummer").fill("Amina Yusuf")
    search.get_by_role("button", name="Søk").click()
    page.get_by_role("list", name="Treff").get_by_role(
        "button", name="Se planen til Amina Yusuf").click()
    expect(page.get_by_text("Amina Yusuf har en plan fra før.")).to_be_visible()
    page.get_by_role("button", name="Be om å bli med i planen").click()
    expect(page.get_by_role("status").get_by_text("Vi har spurt Amina Yusuf om du kan bli med")) \
        .to_be_visible()
    consent = query(app.db_url, "SELECT c.status FROM consent c JOIN participant p ON "
                                "p.id = c.participant_id JOIN account a ON a.id = p.account_id "
                                "WHERE a.username = 'veileder2'")
    assert [c[0] for c in consent] == ["requested"]

    page.goto(app.url + "/ny-plan")
    page.get_by_role("form", name="Finn personen").get_by_label(
        "Navn, fødselsdato eller fødselsnummer").fill(fnr)
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("button", name="Personen er ikke i listen").click()
    form = page.get_by_role("form", name="Om planen")
    form.get_by_label("Fødselsnummer").fill(fnr)
    form.get_by_label("Navn", exact=True).fill("Jonas Fjell")
    form.get_by_role("checkbox", name="Aktivitetsplan").check()
    form.get_by_label("Planen gjelder til").fill((today + timedelta(days=200)).isoformat())
    form.get_by_label("Første evaluering").fill((today + timedelta(days=60)).isoformat())
    form.get_by_role("checkbox", name="Personen har sagt ja til planen").check()
    form.get_by_role("button", name="Start planen").click()
    expect(page.get_by_role("status").get_by_text("Planen til Jonas Fjell er startet.")) \
        .to_be_visible()
    role = query(app.db_url, "SELECT p.role FROM participant p JOIN plan pl ON pl.id = p.plan_id "
                             "JOIN account a ON a.id = pl.person_id JOIN account s ON "
                             "s.id = p.account_id WHERE a.display_name = 'Jonas Fjell' AND "
                             "s.username = 'veileder2'")
    assert role == [("veileder",)]


def test_a_person_cannot_open_the_start_page(page: Page, login, app):
    login("emil")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Henter planen …")).to_have_count(0, timeout=20_000)
    page.goto(app.url + "/ny-plan")
    expect(page.get_by_text("Bare veiledere og koordinatorer kan starte en plan.")).to_be_visible()
