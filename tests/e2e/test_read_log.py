"""Issue 17, finding 8 (audit part): every read a person should know of is in their
access log ("Hvem har sett planen min"), saying what was read.

Before: the caseload and /samordning wrote one row without any plan, the list of
conversations wrote nothing when allowed, and a PDF with the dialog was logged like one
without. Now each person listed gets a row of their own, the conversation list is a
read, and "med samtalene" is its own line in the person's log.
"""

from __future__ import annotations

import re
import time
import urllib.request

from playwright.sync_api import expect

from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie


def _rows(app, action: str, plan: int | None = None) -> int:
    sql = ("SELECT count(*) FROM audit_event e JOIN account a ON a.id = e.actor_id "
           "WHERE a.username = 'veileder' AND e.action = :act AND e.allowed = :t")
    if plan is not None:
        sql += " AND e.plan_id = :p"
    return scalar(app.db_url, sql, act=action, t=True, p=plan)


def _wait_for(app, action: str, plan: int, more_than: int) -> int:
    deadline = time.monotonic() + 15
    while (n := _rows(app, action, plan)) <= more_than and time.monotonic() < deadline:
        time.sleep(0.05)
    return n


def test_caseload_samordning_dialog_list_and_pdf_reach_the_persons_log(app, page, login):
    amina = plan_id_of(app.db_url, "amina")
    followed = [p for (p,) in query(app.db_url, "SELECT p.plan_id FROM participant p JOIN "
                                                "account a ON a.id = p.account_id WHERE "
                                                "a.username = 'veileder' AND p.left_at IS NULL")]
    assert amina in followed and len(followed) > 1
    before = {p: _rows(app, "caseload_listed", p) for p in followed}
    coordination, dialog = (_rows(app, "coordination_listed", amina),
                            _rows(app, "read_dialog", amina))

    login("veileder")  # the caseload: one row for each person listed
    expect(page.get_by_role("link", name=re.compile("Amina Yusuf"))).to_be_visible()
    for p in followed:
        assert _wait_for(app, "caseload_listed", p, before[p]) == before[p] + 1, p

    page.goto(f"{app.url}/samordning")
    expect(page.get_by_role("heading", level=1, name="Samordning av tiltak")).to_be_visible()
    assert _wait_for(app, "coordination_listed", amina, coordination) == coordination + 1

    page.goto(f"{app.url}/plan/{amina}/dialog")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert _wait_for(app, "read_dialog", amina, dialog) == dialog + 1
    page.get_by_role("button", name="Logg ut").click()

    cookie = login_cookie(app.url, "veileder")
    for query_string in ("?dialog=1", ""):
        req = urllib.request.Request(f"{app.url}/plan/{amina}/utskrift.pdf{query_string}",
                                     headers={"Cookie": cookie})
        with urllib.request.urlopen(req, timeout=120) as r:
            assert r.read(4) == b"%PDF"
    details = query(app.db_url, "SELECT e.action FROM audit_event e JOIN account a ON "
                                "a.id = e.actor_id WHERE a.username = 'veileder' AND "
                                "e.plan_id = :p AND e.action LIKE 'export_pdf%' ORDER BY e.id "
                                "DESC LIMIT 2", p=amina)
    assert [a for (a,) in details] == ["export_pdf", "export_pdf_dialog"]

    login("amina")
    page.get_by_role("link", name="Hvem har sett planen min").click()
    log = page.get_by_role("list", name="Tilgangslogg")
    who = r"^Kari Nordmann, NAV Molde, "
    when = r" \d+\. \w+ \d{4} kl\. \d\d:\d\d$"
    for read in ("så navnet ditt i listen over personer hen følger opp",
                 "så tiltakene dine i samordningsoversikten",
                 "så samtalene i planen din",
                 "lastet ned planen din med samtalene som PDF",
                 "lastet ned planen din som PDF"):
        expect(log.get_by_text(re.compile(who + read + when)).first).to_be_visible()
