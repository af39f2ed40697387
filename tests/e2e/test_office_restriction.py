"""Issue 17, finding 9: kontorsperre in the running app.

Amina's plan is restricted to NAV Molde for this test. Nils Vik (veileder2, NAV
Kristiansund) is made a participant with full consent: before the restriction he opens
the plan; with it he is refused, and Amina is gone from his caseload, while Amina
herself and NAV Molde's own veileder keep their access. The test puts everything back.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.utils.db import execute, plan_id_of, scalar

DENIED = "Du har ikke tilgang til denne planen."
SECRET = "helsefagarbeider"  # a goal in Amina's plan


@pytest.fixture()
def ksu_veileder_in_amina_plan(app):
    plan = plan_id_of(app.db_url, "amina")
    v2 = scalar(app.db_url, "SELECT id FROM account WHERE username = 'veileder2'")
    org = scalar(app.db_url, "SELECT organisation_id FROM account WHERE id = :a", a=v2)
    execute(app.db_url, "INSERT INTO participant (plan_id, account_id, role, organisation_id, "
                        "contribution, contribution_version, joined_at) VALUES (:p, :a, "
                        "'veileder', :o, '', 1, CURRENT_TIMESTAMP)", p=plan, a=v2, o=org)
    part = scalar(app.db_url, "SELECT id FROM participant WHERE plan_id = :p AND account_id = :a",
                  p=plan, a=v2)
    execute(app.db_url, "INSERT INTO consent (plan_id, participant_id, status, scopes, "
                        "requested_at, version) VALUES (:p, :x, 'granted', "
                        "'goals,all_measures,dialog', CURRENT_TIMESTAMP, 1)", p=plan, x=part)
    yield plan
    execute(app.db_url, "UPDATE plan SET office_restriction_org_id = NULL WHERE id = :p", p=plan)
    execute(app.db_url, "DELETE FROM consent WHERE participant_id = :x", x=part)
    execute(app.db_url, "DELETE FROM participant WHERE id = :x", x=part)


def _logout(page: Page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_label("Brukernavn")).to_be_visible()


def test_nav_staff_of_another_office_are_refused(app, page: Page, login,
                                                 ksu_veileder_in_amina_plan):
    plan = ksu_veileder_in_amina_plan
    login("veileder2")
    expect(page.get_by_role("link", name="Amina Yusuf")).to_be_visible()
    page.goto(f"{app.url}/plan/{plan}")
    expect(page.get_by_text(SECRET).filter(visible=True).first).to_be_visible()
    _logout(page)

    execute(app.db_url, "UPDATE plan SET office_restriction_org_id = (SELECT id FROM "
                        "organisation WHERE name = 'NAV Molde') WHERE id = :p", p=plan)

    login("veileder2")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Amina Yusuf")).to_have_count(0)
    page.goto(f"{app.url}/plan/{plan}")
    expect(page.get_by_text(DENIED)).to_be_visible()
    expect(page.get_by_text(SECRET)).to_have_count(0)
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event e JOIN account a ON "
                              "a.id = e.actor_id WHERE a.username = 'veileder2' AND "
                              "e.plan_id = :p AND e.allowed = :f AND "
                              "e.detail = 'office_restriction'", p=plan, f=False) >= 1
    _logout(page)

    for username in ("veileder", "amina"):  # the office's own staff, and the person
        login(username)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.goto(f"{app.url}/plan/{plan}")
        expect(page.get_by_text(SECRET).filter(visible=True).first).to_be_visible()
        expect(page.get_by_text(DENIED)).to_have_count(0)
        _logout(page)
