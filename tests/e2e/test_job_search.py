"""Job search on a phone: Emil moves a stilling from søkt to intervju, sees the søkeavtale's
progress, and a stilling with a deadline in the past is refused at the field."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.utils.db import plan_id_of, scalar

JOB = "Lagermedarbeider, deltid"


def test_emil_moves_a_stilling_from_søkt_to_intervju(page: Page, login, app):
    plan = plan_id_of(app.db_url, "emil")
    jobs = lambda: scalar(app.db_url, "SELECT count(*) FROM job_application WHERE plan_id = :p",
                          p=plan)
    before = jobs()
    login("emil")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/plan/{plan}")
    page.get_by_role("link", name="Søke jobb").click()
    expect(page.get_by_role("heading", level=1, name="Søke jobb")).to_be_visible()
    agreement = page.get_by_role("region", name="Avtale om å søke")
    expect(agreement.get_by_text("3 søknader per uke")).to_be_visible()
    expect(agreement.get_by_text("av 3 søknader sendt denne uken", exact=False)).to_be_visible()

    card = page.get_by_role("region", name="Jobber").get_by_role("listitem").filter(
        has_text=JOB)
    expect(card.get_by_text("Søkt", exact=True)).to_be_visible()
    card.get_by_role("button", name="Jeg skal på intervju").click()
    expect(page.get_by_role("status").get_by_text("Statusen er endret.")).to_be_visible()
    expect(card.get_by_text("Intervju", exact=True)).to_be_visible()
    assert scalar(app.db_url, "SELECT status FROM job_application WHERE plan_id = :p AND "
                              "title = :t", p=plan, t=JOB) == "intervju"

    # a deadline in the past and no employer: told at the fields, nothing written
    new = page.get_by_role("region", name="Ny jobb")
    new.get_by_label("Hva er jobben?").fill("Sjåfør")
    new.get_by_label("Frist").fill("2020-01-01")
    new.get_by_role("button", name="Legg til jobben").click()
    expect(new.get_by_text("Skriv navnet på arbeidsgiveren.")).to_be_visible()
    expect(new.get_by_text("Fristen har gått ut.", exact=False)).to_be_visible()
    assert jobs() == before
