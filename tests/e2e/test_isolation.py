"""Every test starts from the same database (issue 18, tests/e2e/conftest.py): the two
runs below do the same thing, and each first checks that it starts from the demo data as
the worker's server started with it, in the database and on the page, whichever of them
ran first. The second would fail if the database were not put back after the first
(the tiltak would have moved), or if the server still served what it had built from the
first run's rows (the koordinator's view of the plan at the same live version)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.utils.db import digest, plan_id_of, query

WIDE = {"width": 1280, "height": 800}


def _column(page: Page, status: str):
    return page.get_by_role("region", name="Tiltak etter status").get_by_role(
        "list", name=re.compile(rf"^{status} \(\d+\)$"))


@pytest.mark.parametrize("run", ["one", "other"])
def test_each_test_starts_from_the_demo_data(page: Page, login, app, run):
    assert digest(app.db_url) == digest(f"sqlite:///{app.pristine}")
    plan = plan_id_of(app.db_url, "amina")
    measure, title = query(app.db_url, "SELECT id, title FROM measure WHERE plan_id = :p AND "
                                       "status = 'planlagt' ORDER BY id LIMIT 1", p=plan)[0]
    page.set_viewport_size(WIDE)
    login("koordinator")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{app.url}/plan/{plan}")
    expect(page.get_by_role("heading", level=1, name=re.compile("Amina"))).to_be_visible()
    card = _column(page, "Planlagt").get_by_role("listitem").filter(has_text=title)
    expect(card).to_be_visible()

    card.get_by_role("button", name="Flytt til …").click()
    card.get_by_role("button", name="Gjennomføres").click()
    expect(_column(page, "Gjennomføres").get_by_role("listitem").filter(has_text=title)
           ).to_be_visible()
    assert query(app.db_url, "SELECT status FROM measure WHERE id = :m",
                 m=measure) == [("gjennomfores",)]
