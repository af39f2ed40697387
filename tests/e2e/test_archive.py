"""Archiving in the browser (issue 22 part 5): closing a plan writes a PDF/A snapshot to
the archive folder, and the plan's "Arkivert" page lists it, at 390x844.

On the worker's server, put back to the demo data before the module (tests/e2e/conftest.py)
and kept for its tests in file order (`module_database`: the closing test lists the
evaluation's copy beside its own); the next module gets the demo data again. Conformance
without veraPDF (not in the registries here): tests/utils/pdfa.py checks the PDF/A
identification in the XMP, embedded fonts and the OutputIntent with pikepdf.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from tests.e2e.test_accessibility import _check, _context, _settle
from tests.utils.browser import logged_in
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.pdfa import pdfa_problems
from ip_app.kernel import clock

pytestmark = pytest.mark.module_database


def test_recording_an_evaluation_archives_the_plan(browser: Browser, browser_context_args,
                                                   app):
    plan = plan_id_of(app.db_url, "amina")
    ctx = _context(browser, browser_context_args)  # 390x844, axe-core loaded
    try:
        staff = logged_in(ctx, app.url, "koordinator")
        staff.goto(f"{app.url}/plan/{plan}")
        staff.get_by_role("link", name="Kopier i arkivet").click()
        expect(staff.get_by_role("heading", name="Arkivert", level=1)).to_be_visible()
        expect(staff.get_by_text("Planen er ikke lagret i arkivet ennå.")).to_be_visible()
        _settle(staff)
        assert _check(staff, "koordinator arkiv (none)") == []

        staff.goto(f"{app.url}/plan/{plan}/evaluering")
        form = staff.get_by_role("region", name="Skriv ny evaluering")
        form.get_by_label("Hva har gått bra?").fill("Amina har begynt i praksis.")
        form.get_by_label("Neste evaluering").fill((clock.today() + timedelta(days=40)).isoformat())
        form.get_by_role("button", name="Lagre evalueringen").click()
        expect(staff.get_by_role("status").get_by_text("Evalueringen er lagret.", exact=False)) \
            .to_be_visible()
        evaluation = scalar(app.db_url, "SELECT max(id) FROM evaluation WHERE plan_id = :p",
                            p=plan)
        rows = query(app.db_url, "SELECT reason, source FROM archive_snapshot "
                                 "WHERE plan_id = :p", p=plan)
        assert rows == [("evaluation", f"evaluation:{evaluation}")]
    finally:
        ctx.close()


def test_closing_archives_the_plan_and_the_plan_lists_it(browser: Browser, browser_context_args,
                                                         app):
    plan = plan_id_of(app.db_url, "amina")
    goal = scalar(app.db_url, "SELECT text FROM goal WHERE plan_id = :p AND parent_id IS NULL",
                  p=plan)
    ctx = _context(browser, browser_context_args)  # 390x844, axe-core loaded
    person_ctx = browser.new_context(**browser_context_args)
    try:
        staff = logged_in(ctx, app.url, "koordinator")
        staff.goto(f"{app.url}/plan/{plan}")

        # the koordinator closes the plan: the snapshot is written once the closing is in
        closing = staff.get_by_role("region", name="Avslutte planen")
        closing.get_by_role("button", name="Avslutt planen").click()
        dialog = staff.get_by_role("dialog")
        dialog.get_by_label("Hvorfor avsluttes planen?").select_option("goal_reached")
        dialog.get_by_label("Sluttevaluering").fill("Amina har fast jobb og klarer seg selv.")
        dialog.get_by_role("button", name="Avslutt planen").click()
        expect(dialog).to_be_hidden()
        expect(staff.get_by_role("heading", name="Planen er avsluttet")).to_be_visible()
        rows = query(app.db_url, "SELECT reason, source, reference, sha256, target FROM "
                                 "archive_snapshot WHERE plan_id = :p AND reason = 'closed'",
                     p=plan)
        closure = scalar(app.db_url, "SELECT id FROM plan_closure WHERE plan_id = :p", p=plan)
        assert [(r[0], r[1], r[4]) for r in rows] == [("closed", f"closure:{closure}", "folder")]
        reference, sha = rows[0][2], rows[0][3]

        # the copy in the folder: whole, PDF/A-2a, with the person's goal and the metadata
        body = (app.workdir / "arkiv" / reference).read_bytes()
        assert hashlib.sha256(body).hexdigest() == sha
        assert pdfa_problems(body) == []
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages).split())
        assert " ".join(goal.split()) in text
        side = json.loads((app.workdir / "arkiv" / reference.replace(".pdf", ".json"))
                          .read_text("utf-8"))
        assert (side["person"], side["reason"], side["sha256"]) == ("Amina Yusuf", "closed", sha)

        # listed on the plan for staff, and for the person
        staff.get_by_role("link", name="Kopier i arkivet").click()
        listing = staff.get_by_role("list", name="Arkivert")
        expect(listing.get_by_text("Planen ble avsluttet")).to_be_visible()
        expect(listing.get_by_text("Etter en evaluering")).to_be_visible()  # the test before
        expect(listing.get_by_role("listitem")).to_have_count(2)
        _settle(staff)
        assert _check(staff, "koordinator arkiv (two)") == []

        person = logged_in(person_ctx, app.url, "amina")
        person.get_by_role("link", name="Kopier i arkivet").click()
        expect(person.get_by_role("list", name="Arkivert").get_by_text("Planen ble avsluttet")) \
            .to_be_visible()
    finally:
        ctx.close()
        person_ctx.close()


def test_a_helper_without_the_role_is_refused_the_list(browser: Browser, browser_context_args,
                                                      app):
    plan = plan_id_of(app.db_url, "amina")
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "laerer")  # a tjenesteyter in Amina's plan
        before = scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE "
                                    "action = 'read_archive' AND allowed = 0")
        page.goto(f"{app.url}/plan/{plan}/arkiv")
        expect(page.get_by_text("Du har ikke tilgang")).to_be_visible()
        expect(page.get_by_role("list", name="Arkivert")).to_have_count(0)
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE "
                                  "action = 'read_archive' AND allowed = 0") == before + 1
    finally:
        ctx.close()
