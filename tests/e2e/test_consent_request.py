"""Staff ask the person for consent again (issue 3), in the browser at 390x844.

Sara withdraws the fastlege's consent; the koordinator asks again on
/plan/<id>/samtykke (participant, scopes, end date); Sara's open Min plan shows the
inline consent card; she approves. A tjenesteyter may not ask, and is audited.
"""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from tests.utils.db import plan_id_of, query, scalar


def _login(context, app, username: str) -> Page:
    page = context.new_page()
    page.goto(app.url + "/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


def _fastlege_consent(app) -> tuple:
    return query(app.db_url, """
        SELECT c.id, c.status, c.scopes, c.valid_until FROM consent c
        JOIN participant p ON p.id = c.participant_id JOIN account a ON a.id = p.account_id
        JOIN plan ON plan.id = c.plan_id JOIN account o ON o.id = plan.person_id
        WHERE a.username = 'fastlege' AND o.username = 'sara' ORDER BY c.id DESC LIMIT 1""")[0]


def test_koordinator_asks_again_after_withdrawal_and_sara_approves(
        browser: Browser, browser_context_args, app):
    plan = plan_id_of(app.db_url, "sara")
    person_ctx = browser.new_context(**browser_context_args)
    staff_ctx = browser.new_context(**browser_context_args)
    other_ctx = browser.new_context(**browser_context_args)
    try:
        sara = _login(person_ctx, app, "sara")
        sara.goto(app.url + "/samtykker")
        sara.get_by_role("button", name="Trekk tilbake samtykket til Per Moe").click()
        expect(sara.get_by_role("region", name="Per Moe", exact=True)).to_contain_text("Trukket tilbake")
        assert _fastlege_consent(app)[1] == "withdrawn"
        sara.goto(app.url + "/")
        expect(sara.get_by_role("heading", level=1)).to_be_visible()

        ola = _login(staff_ctx, app, "koordinator")
        ola.goto(f"{app.url}/plan/{plan}/samtykke")
        expect(ola.get_by_role("heading", name="Be om samtykke")).to_be_visible()
        # nothing chosen: a clear message, nothing written
        ola.get_by_role("button", name="Send forespørselen").click()
        expect(ola.get_by_text("Velg hvem forespørselen gjelder.")).to_be_visible()
        ola.get_by_label("Hvem gjelder det?").select_option(label="Per Moe (tjenesteyter, trukket tilbake)")
        ola.get_by_role("button", name="Send forespørselen").click()
        expect(ola.get_by_text("Velg minst én ting de skal få se.")).to_be_visible()
        assert _fastlege_consent(app)[1] == "withdrawn"

        ola.get_by_label("Hvem gjelder det?").select_option(label="Per Moe (tjenesteyter, trukket tilbake)")
        ola.get_by_role("checkbox", name="Målene, ressursene og hva personen trenger hjelp til").check()
        ola.get_by_role("checkbox", name="Dialogen med dem").check()
        until = date.today() + timedelta(days=90)
        ola.get_by_label("Til og med (valgfritt)").fill(until.isoformat())
        ola.get_by_role("button", name="Send forespørselen").click()
        expect(ola.get_by_text("Forespørselen er sendt. Per Moe ser ingenting")).to_be_visible()
        cid, status, scopes, valid_until = _fastlege_consent(app)
        assert (status, scopes, str(valid_until)[:10]) == ("requested", "dialog,goals", until.isoformat())
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON "
                                  "u.id = a.actor_id WHERE u.username = 'koordinator' AND "
                                  "a.action = 'request_consent' AND a.allowed = :t", t=True) == 1
        # he is no longer on the list of those who can be asked
        expect(ola.get_by_role("option", name="Per Moe (tjenesteyter, trukket tilbake)")).to_have_count(0)

        # Sara's open Min plan shows the inline card without a reload
        card = sara.get_by_role("region", name="Per Moe ber om å se planen din")
        expect(card).to_be_visible()
        card.get_by_role("button", name="Godkjenn", exact=True).click()
        expect(card).to_have_count(0)
        assert _fastlege_consent(app)[1] == "granted"

        # a tjenesteyter may not ask: refused and audited
        per = _login(other_ctx, app, "fastlege")
        per.goto(f"{app.url}/plan/{plan}/samtykke")
        expect(per.get_by_text("Bare koordinatoren eller NAV-veilederen")).to_be_visible()
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON "
                                  "u.id = a.actor_id WHERE u.username = 'fastlege' AND "
                                  "a.action = 'read_consent_requests' AND a.allowed = :f", f=False) >= 1
    finally:
        person_ctx.close()
        staff_ctx.close()
        other_ctx.close()
