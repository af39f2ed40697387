"""Issue 19, the rest of the flow, on a phone (390 px) and a 1280 px screen: a new plan
starts beside a closed one (the old one stays under "Tidligere planer") while a second open
plan is still refused; the right-to-IP check of a person without a plan starts the IP from
its outcome; a NAV office's administrator sets and lifts a kontorsperre with why."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.utils.browser import logged_in
from tests.utils.db import execute, person_without_plan, query, scalar
from ip_app.kernel import clock

SIZES = [pytest.param({"width": 390, "height": 844}, id="phone"),
         pytest.param({"width": 1280, "height": 800}, id="wide")]


def _person(app, name: str, born: date) -> int:
    """A person the office knows who has no plan (as made by an earlier search)."""
    return person_without_plan(app.db_url, name, born)


def _search(page: Page, app, text: str):  # noqa: ANN202 - the hits list
    page.goto(app.url + "/ny-plan")
    form = page.get_by_role("form", name="Finn personen")
    form.get_by_label("Navn, fødselsdato eller fødselsnummer").fill(text)
    form.get_by_role("button", name="Søk").click()
    hits = page.get_by_role("list", name="Treff")
    expect(hits).to_be_visible()
    return hits


def _fill_and_start(page: Page, name: str, ip_ticked: bool = False) -> None:
    today = clock.today()
    form = page.get_by_role("form", name="Om planen")
    expect(form.get_by_text(name).first).to_be_visible()
    ip = form.get_by_role("checkbox", name="Individuell plan")
    if ip_ticked:
        expect(ip).to_be_checked()
    else:
        ip.check()
    form.get_by_label("Planen gjelder til").fill((today + timedelta(days=365)).isoformat())
    form.get_by_label("Første evaluering").fill((today + timedelta(days=90)).isoformat())
    form.get_by_role("checkbox", name="Personen har sagt ja til planen").check()
    form.get_by_role("button", name="Start planen").click()
    expect(page.get_by_role("status").get_by_text(f"Planen til {name} er startet.")) \
        .to_be_visible()


def _plans(app, person_id: int) -> list[tuple[int, bool]]:
    return [(r[0], r[1] is None) for r in query(
        app.db_url, "SELECT id, closed_at FROM plan WHERE person_id = :p ORDER BY id",
        p=person_id)]


@pytest.mark.parametrize("size", SIZES)
def test_a_new_plan_starts_beside_a_closed_one(page: Page, login, app, browser,
                                               browser_context_args, size):
    page.set_viewport_size(size)
    name = f"Nora Berg {uuid.uuid4().hex[:4]}"
    person_id = _person(app, name, date(1990, 5, 17))
    login("koordinator")
    _search(page, app, name).get_by_role("button", name=f"Start plan for {name}").click()
    _fill_and_start(page, name)
    [(first, _)] = _plans(app, person_id)

    # the koordinator closes it: she moved
    page.get_by_role("link", name=f"Åpne planen til {name}").click()
    closing = page.get_by_role("region", name="Avslutte planen")
    closing.get_by_role("button", name="Avslutt planen").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Hvorfor avsluttes planen?").select_option("moved")
    dialog.get_by_label("Sluttevaluering").fill("Nora flyttet til Ålesund.")
    dialog.get_by_role("button", name="Avslutt planen").click()
    expect(page.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()

    # she moves back: Ny plan starts a new one beside the closed plan
    hits = _search(page, app, name)
    expect(hits.get_by_text("Har en plan")).to_have_count(0)
    hits.get_by_role("button", name=f"Start plan for {name}").click()
    _fill_and_start(page, name)
    plans = _plans(app, person_id)
    assert len(plans) == 2 and plans[0] == (first, False) and plans[1][1] is True

    # a second open plan is still refused: the search offers the open one
    hits = _search(page, app, name)
    expect(hits.get_by_text("Har en plan")).to_be_visible()
    hits.get_by_role("button", name=f"Se planen til {name}").click()
    expect(page.get_by_text(f"{name} har en plan fra før.")).to_be_visible()
    assert len(_plans(app, person_id)) == 2

    # Nora reads her new plan, and the old one under "Tidligere planer"
    username = f"nora{uuid.uuid4().hex[:8]}"  # she logs in with the demo password
    execute(app.db_url, "UPDATE account SET password_hash = (SELECT password_hash FROM account "
                        "WHERE username = 'amina'), username = :u WHERE id = :p",
            u=username, p=person_id)
    ctx = browser.new_context(**{**browser_context_args, "viewport": size})
    try:
        nora = logged_in(ctx, app.url, username)
        expect(nora.get_by_role("heading", name="Planen er avsluttet")).to_have_count(0)
        nora.get_by_role("link", name="Tidligere planer").click()
        earlier = nora.get_by_role("list", name="Tidligere planer")
        expect(earlier.get_by_text("Nora flyttet til Ålesund.")).to_be_visible()
        expect(earlier.get_by_role("listitem")).to_have_count(1)
    finally:
        ctx.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_right_to_ip_of_a_person_without_a_plan_starts_the_ip(page: Page, login, app,
                                                                   size):
    page.set_viewport_size(size)
    name = f"Omar Ali {uuid.uuid4().hex[:4]}"
    person_id = _person(app, name, date(1985, 2, 3))
    login("veileder")
    hits = _search(page, app, name)
    hits.get_by_role("link", name=f"Vurder retten til individuell plan for {name}").click()
    expect(page.get_by_role("heading", level=1, name="Rett til individuell plan")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    questions = page.get_by_role("region", name="Spørsmål")
    before = scalar(app.db_url, "SELECT count(*) FROM ip_decision")
    questions.get_by_role("button", name="Lagre vedtaket").click()  # nothing answered
    expect(questions.get_by_text("Svar ja eller nei.").first).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM ip_decision") == before

    for q in ("Trenger personen tjenester over tid?",
              "Trenger personen tjenester fra to eller flere tjenesteytere?"):
        page.get_by_role("radiogroup", name=q).get_by_role("radio", name="Ja").click()
    expect(page.get_by_text(f"{name} har rett til individuell plan. {name} har ingen plan her "
                            "ennå.")).to_be_visible()
    questions.get_by_label("Begrunnelse").fill("Trenger NAV og helsetjenesten over lang tid.")
    questions.get_by_role("button", name="Lagre vedtaket").click()
    expect(page.get_by_role("status").get_by_text("Vedtaket er lagret")).to_be_visible()
    assert query(app.db_url, "SELECT outcome FROM ip_decision WHERE person_id = :p",
                 p=person_id) == [("right",)]
    assert _plans(app, person_id) == []

    page.get_by_role("button", name=f"Start individuell plan for {name}").click()
    expect(page.get_by_role("heading", level=1, name="Ny plan")).to_be_visible()
    _fill_and_start(page, name, ip_ticked=True)
    [(plan, is_open)] = _plans(app, person_id)
    assert is_open
    assert [r[0] for r in query(app.db_url, "SELECT basis FROM plan_basis WHERE plan_id = :p",
                                p=plan)] == ["individuell_plan"]


def test_others_cannot_check_a_person_without_a_plan(page: Page, login, app):
    person_id = _person(app, f"Ida Lund {uuid.uuid4().hex[:4]}", date(2001, 1, 1))
    login("jobbspesialist")  # a tjenesteyter: may not start plans
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/ip-rett/{person_id}")
    expect(page.get_by_text("Du har ikke tilgang til å vurdere rett til individuell plan")) \
        .to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = 'read_ip_check' "
                              "AND target = :t AND allowed = :f", t=f"person:{person_id}",
                  f=False) == 1


@pytest.mark.parametrize("size", SIZES)
def test_the_nav_office_sets_and_lifts_a_kontorsperre(page: Page, login, app, browser,
                                                      browser_context_args, size):
    page.set_viewport_size(size)
    plan = scalar(app.db_url, "SELECT p.id FROM plan p JOIN account a ON a.id = p.person_id "
                              "WHERE a.username = 'emil' AND p.closed_at IS NULL")
    why = f"Emil er ansatt ved kontoret {uuid.uuid4().hex[:4]}"
    login("navadmin")
    page.get_by_role("link", name="Ansatte og roller").click()
    office = page.get_by_role("region", name="Kontorsperre")
    expect(office).to_be_visible()
    form = office.get_by_role("form", name="Sett kontorsperre for Emil Strand")
    before = scalar(app.db_url, "SELECT count(*) FROM office_restriction_event")
    form.get_by_role("button", name="Sett kontorsperre for Emil Strand").click()
    expect(form.get_by_text("Skriv hvorfor.")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM office_restriction_event") == before
    form.get_by_label("Hvorfor?").fill(why)
    form.get_by_role("button", name="Sett kontorsperre for Emil Strand").click()
    expect(page.get_by_role("status").get_by_text("Planen til Emil Strand har nå kontorsperre"))\
        .to_be_visible()
    assert scalar(app.db_url, "SELECT o.name FROM plan p JOIN organisation o ON "
                              "o.id = p.office_restriction_org_id WHERE p.id = :p",
                  p=plan) == "NAV Molde"
    expect(office.get_by_text(re.compile(f"^Hege Berg satte kontorsperre .*Grunn: {why}$"))) \
        .to_be_visible()

    # Emil reads in his access log that it was set
    ctx = browser.new_context(**{**browser_context_args, "viewport": size})
    try:
        emil = logged_in(ctx, app.url, "emil")
        emil.goto(app.url + "/tilgangslogg")
        expect(emil.get_by_text("Henter planen …")).to_have_count(0, timeout=30_000)
        expect(emil.get_by_text("satte kontorsperre på planen din").first).to_be_visible()
    finally:
        ctx.close()

    lift = office.get_by_role("form", name="Ta bort kontorsperren for Emil Strand")
    lift.get_by_label("Hvorfor?").fill("Ikke lenger ansatt")
    lift.get_by_role("button", name="Ta bort kontorsperren for Emil Strand").click()
    expect(page.get_by_role("status").get_by_text("Kontorsperren på planen til Emil Strand er "
                                                  "tatt bort.")).to_be_visible()
    assert scalar(app.db_url, "SELECT office_restriction_org_id FROM plan WHERE id = :p",
                  p=plan) is None
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE plan_id = :p AND action IN "
                              "('set_office_restriction', 'lift_office_restriction') AND "
                              "allowed = :y", p=plan, y=True) >= 2


def test_the_municipality_administrator_has_no_kontorsperre(page: Page, login, app):
    login("admin")
    page.get_by_role("link", name="Ansatte og roller").click()
    expect(page.get_by_role("heading", level=1, name="Ansatte")).to_be_visible()
    expect(page.get_by_role("region", name="Kontorsperre")).to_have_count(0)
