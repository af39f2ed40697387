"""Every test starts from the same database (issue 18, tests/e2e/conftest.py): the two
runs below move the same tiltak, each to another status, and each first checks that it
starts from the demo data as the worker's server started with it, whichever of them ran
first. The second would fail if the database were not put back after the first (the
tiltak would have moved), or if the server still served what it had built from the first
run's rows: the tiltak is at the same version number again, and the server keeps each
finished history per (tiltak, version) (`plan.history`), so without the reset the card
would tell the first run's status change."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.utils.browser import opened_card
from tests.utils.db import digest, plan_id_of, query


@pytest.mark.parametrize("status,label", [("gjennomfores", "Gjennomføres"),
                                          ("fullfort", "Fullført")])
def test_each_test_starts_from_the_demo_data(page: Page, login, app, status, label):
    assert digest(app.db_url) == digest(f"sqlite:///{app.pristine}")
    plan = plan_id_of(app.db_url, "amina")
    measure, title = query(app.db_url, "SELECT id, title FROM measure WHERE plan_id = :p AND "
                                       "status = 'planlagt' ORDER BY id LIMIT 1", p=plan)[0]
    login("koordinator")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    card = opened_card(page, app.url, plan, title)
    history = card.locator(".history-list > li")
    expect(history.first).not_to_contain_text(label)
    card.get_by_role("combobox", name="Endre status").select_option(label=label)
    card.get_by_role("button", name="Lagre status").click()
    expect(history.first).to_contain_text(f"fra Planlagt til {label}")
    assert query(app.db_url, "SELECT status FROM measure WHERE id = :m", m=measure) == [(status,)]
