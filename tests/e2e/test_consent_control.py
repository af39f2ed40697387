"""Consent the person controls (issue 20): a confirmation that says what stops before a
withdrawal, "Gi samtykke igjen" without waiting for staff, and texts that agree."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.utils.db import query

WHO = "Siri Dahl"


def _latest(app) -> tuple:
    return query(app.db_url, """SELECT c.id, c.status, c.scopes FROM consent c JOIN participant p
        ON p.id = c.participant_id JOIN account a ON a.id = p.account_id JOIN plan ON
        plan.id = c.plan_id JOIN account o ON o.id = plan.person_id WHERE a.username = 'laerer'
        AND o.username = 'amina' ORDER BY c.id DESC LIMIT 1""")[0]


def test_withdraw_says_what_stops_can_be_cancelled_and_given_again(page: Page, login, app):
    before = _latest(app)
    assert before[1] == "granted"
    login("amina")
    page.get_by_role("link", name="Hvem ser planen min").click()
    card = page.get_by_role("region", name=WHO, exact=True)
    expect(card).to_contain_text("Har samtykke")

    # first: what stops, and a way back
    card.get_by_role("button", name=f"Trekk tilbake samtykket til {WHO}").click()
    expect(card).to_contain_text(f"Da kan {WHO} ikke lenger se dette:")
    card.get_by_role("button", name="Avbryt").click()
    expect(card.get_by_role("button", name="Ja, trekk tilbake")).to_have_count(0)
    assert _latest(app)[1] == "granted"  # nothing happened

    card.get_by_role("button", name=f"Trekk tilbake samtykket til {WHO}").click()
    card.get_by_role("button", name="Ja, trekk tilbake").click()
    expect(page.get_by_role("status").filter(has_text="trukket tilbake")).to_be_visible()
    expect(card).to_contain_text("Trukket tilbake")
    # no text that contradicts the status
    expect(card.get_by_text("Til du trekker samtykket tilbake")).to_have_count(0)
    assert _latest(app)[1] == "withdrawn"

    # given again by the person, without a new request from staff
    card.get_by_role("button", name=f"Gi samtykke igjen til {WHO}").click()
    expect(page.get_by_role("status").filter(has_text=f"{WHO} kan nå se")).to_be_visible()
    expect(card).to_contain_text("Har samtykke")
    after = _latest(app)
    assert after[0] != before[0] and after[1:] == ("granted", before[2])
    actions = [r[0] for r in query(app.db_url, "SELECT action FROM consent_event WHERE "
                                   "consent_id = :c ORDER BY id", c=after[0])]
    assert actions == ["granted"]
    # the withdrawn one keeps its history
    assert [r[0] for r in query(app.db_url, "SELECT status FROM consent WHERE id = :c",
                                c=before[0])] == ["withdrawn"]
