"""Print, PDF and calendar from the plan page on a phone; other people's plans refused."""

from __future__ import annotations

import io
import urllib.error
import urllib.request

from icalendar import Calendar
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.utils.db import plan_id_of, scalar
from tests.utils.http import login_cookie


def test_person_downloads_the_plan_as_pdf_and_calendar(page: Page, login):
    login("amina")
    section = page.get_by_role("region", name="Skriv ut og kalender")
    section.get_by_label("Ta med samtalene").check()
    with page.expect_download() as pdf_download:
        section.get_by_role("button", name="Last ned PDF").click()
    pdf = open(pdf_download.value.path(), "rb").read()
    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Planen til Amina Yusuf" in text and "Samtaler" in text

    with page.expect_download() as ics_download:
        section.get_by_role("link", name="Legg datoene i kalenderen (.ics)").click()
    cal = Calendar.from_ical(open(ics_download.value.path(), "rb").read())
    assert any(str(e["summary"]) == "Evaluering av planen" for e in cal.walk("VEVENT"))


def test_someone_elses_plan_is_not_found_and_the_attempt_is_logged(app):
    plan = plan_id_of(app.db_url, "amina")
    cookie = login_cookie(app.url, "emil")
    before = scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = 'export_pdf' "
                                "AND allowed = :f", f=False)
    for path in ("utskrift.pdf", "kalender.ics", "utskrift"):
        req = urllib.request.Request(f"{app.url}/plan/{plan}/{path}", headers={"Cookie": cookie})
        try:
            urllib.request.urlopen(req, timeout=30)
            raise AssertionError(f"{path} was served to Emil")
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            body = exc.read().decode()
            assert "Lærer" not in body and "Amina" not in body  # nothing of the plan
            if path == "utskrift":  # a readable page, not a bare code
                assert "<h1>Fant ikke planen</h1>" in body
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action = 'export_pdf' "
                              "AND allowed = :f", f=False) == before + 1
