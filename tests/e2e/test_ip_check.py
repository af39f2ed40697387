"""The right-to-IP check on a phone: the veileder runs it for Sara; others are refused."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ip_app.ip_decision.state import IpCheckState
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

STATE = IpCheckState.get_full_name()


def _account_id(app, username: str) -> int:
    return scalar(app.db_url, "SELECT id FROM account WHERE username = :u", u=username)


def test_veileder_runs_the_ip_check_for_sara(page: Page, login, app):
    sara = _account_id(app, "sara")
    decisions = scalar(app.db_url, "SELECT count(*) FROM ip_decision WHERE person_id = :p", p=sara)
    bases = scalar(app.db_url, "SELECT count(*) FROM plan_basis")

    login("veileder")
    row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Sara Nilsen"))
    row.get_by_role("link", name="Rett til individuell plan").click()
    expect(page.get_by_role("heading", level=1, name="Rett til individuell plan")).to_be_visible()
    expect(page.get_by_text("Gjelder Sara Nilsen")).to_be_visible()
    # question 1 is answered from the data: Sara's plan already includes an IP
    expect(page.get_by_text("Ja. Planen her har allerede individuell plan")).to_be_visible()
    none_yet = page.get_by_text("Det er ikke gjort vedtak om individuell plan ennå.")
    assert decisions == 0  # every test starts from the demo data (tests/e2e/conftest.py)
    expect(none_yet).to_be_visible()

    # saving without answers: clear messages, nothing recorded
    page.get_by_role("button", name="Lagre vedtaket").click()
    expect(page.get_by_text("Svar ja eller nei.")).to_have_count(2)
    expect(page.get_by_text("Skriv en begrunnelse.")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM ip_decision WHERE person_id = :p",
                  p=sara) == decisions

    page.get_by_role("radiogroup", name="Trenger personen tjenester over tid?") \
        .get_by_role("radio", name="Ja").click()
    expect(page.get_by_role("radiogroup", name="Trenger personen tjenester over tid?")
           .get_by_role("radio", name="Ja")).to_be_checked()
    several = page.get_by_role("radiogroup", name="Trenger personen tjenester fra to eller flere "
                                             "tjenesteytere?")
    several.get_by_role("radio", name="Ja").click()
    expect(several.get_by_role("radio", name="Ja")).to_be_checked()
    expect(page.get_by_text("Sara Nilsen har allerede en individuell plan. Den nye tjenesten "
                            "skal inn i den planen som finnes.")).to_be_visible()
    page.get_by_label("Begrunnelse").fill("Sara har IP fra før; fysioterapi kommer inn i den.")
    page.get_by_role("button", name="Lagre vedtaket").click()

    expect(page.get_by_role("status").get_by_text(
        "Vedtaket er lagret. Den nye tjenesten blir med i planen Sara Nilsen har fra før.")
    ).to_be_visible()
    earlier = page.get_by_role("region", name="Tidligere vedtak")
    expect(earlier.get_by_role("listitem")).to_have_count(decisions + 1)
    expect(earlier.get_by_role("listitem").first).to_contain_text("fysioterapi kommer inn i den")
    expect(earlier.get_by_role("listitem").first).to_contain_text("Vedtatt av Kari Nordmann")

    rows = query(app.db_url, "SELECT has_ip_already, long_term_need, several_providers, outcome, "
                             "reasons FROM ip_decision WHERE person_id = :p ORDER BY id DESC",
                 p=sara)
    assert len(rows) == decisions + 1
    has_ip, long_term, several_, outcome, reasons = rows[0]
    assert (bool(has_ip), bool(long_term), bool(several_)) == (True, True, True)
    assert outcome == "join_existing" and reasons.startswith("Sara har IP fra før")
    # one plan per person; no basis added, no second plan
    assert scalar(app.db_url, "SELECT count(*) FROM plan WHERE person_id = :p", p=sara) == 1
    assert scalar(app.db_url, "SELECT count(*) FROM plan_basis") == bases


def test_veileder2_is_refused_in_the_page_and_by_forged_events(page: Page, login, app):
    sara = _account_id(app, "sara")
    sara_plan = plan_id_of(app.db_url, "sara")
    decisions = scalar(app.db_url, "SELECT count(*) FROM ip_decision")

    login("veileder2")
    expect(page.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()
    expect(page.get_by_role("link", name="Rett til individuell plan")).to_have_count(0)
    page.goto(f"{app.url}/ip-rett/{sara}")
    expect(page.get_by_text("Du har ikke tilgang til å vurdere rett til individuell plan")
           ).to_be_visible()
    expect(page.get_by_text("Sara Nilsen")).to_have_count(0)

    async def forge(username):
        c = RxClient(app.url, login_cookie(app.url, username))
        await c.connect()
        path = f"/ip-rett/{sara}"
        await c.send(f"{STATE}.load", {}, path=path, query={"person_id": str(sara)})
        for q in ("has_ip", "long_term", "several_providers"):
            await c.send(f"{STATE}.set_answer", {"question": q, "value": "ja"}, path=path,
                         query={"person_id": str(sara)})
        await c.send(f"{STATE}.save", {"form_data": {"reasons": "forged"}}, path=path,
                     query={"person_id": str(sara)})
        await c.close()
        return c

    for username in ("veileder2", "sara", "fastlege"):
        c = run_async(forge(username))
        assert c.seen("Du har ikke lov til å gjøre dette."), username
        if username == "veileder2":  # the others see Sara's name on "/" (own plan, caseload)
            assert not c.seen("Sara Nilsen")
        refused = set(query(
            app.db_url, "SELECT a.action, a.plan_id, a.target FROM audit_event a JOIN account u "
                        "ON u.id = a.actor_id WHERE u.username = :u AND a.allowed = :f",
            u=username, f=False))
        assert ("read_ip_check", sara_plan, f"person:{sara}") in refused, username
        # the refused page never held a person, so the save is refused before any look-up
        assert ("record_ip_decision", None, "person:None") in refused, username
    assert scalar(app.db_url, "SELECT count(*) FROM ip_decision") == decisions
    assert scalar(app.db_url, "SELECT count(*) FROM ip_decision WHERE reasons = 'forged'") == 0
