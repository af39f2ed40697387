"""Requests without a session never write to a person's access log (issue 17, finding 8):
200 anonymous calendar downloads of plan 2 used to add 200 lines to Emil's log. They are
counted and reported in the server log instead, at most one warning line a minute; a
logged-in person's refused attempt is still in the log."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from ip_app.access_log.data import count
from ip_app.auth.routes import routes_app
from ip_app.kernel import audit, db
from ip_app.kernel.models import AuditEvent
from ip_app.kernel.session import COOKIE_NAME

BASE = "http://127.0.0.1:3000"


pytestmark = pytest.mark.usefixtures("cheap_dummy_hash")


def _plan_rows(plan_id: int) -> int:
    with db.session() as s:
        return s.exec(sa.select(sa.func.count()).select_from(AuditEvent)
                      .where(AuditEvent.plan_id == plan_id)).one()[0]


def test_anonymous_downloads_leave_the_log_alone(fresh_db, demo, caplog):
    with db.session() as s:
        plan_id = demo.plan(s, "emil").id
        log_before = count(s, plan_id)
    rows_before = _plan_rows(plan_id)
    counted = audit.ANONYMOUS.total
    client = TestClient(routes_app(), base_url=BASE)
    with caplog.at_level(logging.WARNING, logger="ip_app.audit"):
        for path in ("kalender.ics", "utskrift", "utskrift.pdf") * 67:
            assert client.get(f"/plan/{plan_id}/{path}").status_code == 404
    assert _plan_rows(plan_id) == rows_before
    with db.session() as s:
        assert count(s, plan_id) == log_before
    assert audit.ANONYMOUS.total == counted + 201
    warnings = [r for r in caplog.records if r.name == "ip_app.audit"]
    assert len(warnings) <= 1  # rate-limited: not one line per request


def test_a_logged_in_persons_refused_attempt_is_still_logged(fresh_db, demo):
    with db.session() as s:
        plan_id = demo.plan(s, "emil").id
    rows_before = _plan_rows(plan_id)
    client = TestClient(routes_app(), base_url=BASE)
    r = client.post("/auth/login", data={"username": "veileder2", "password": "demo"},
                    follow_redirects=False)
    assert r.headers["location"] == "/"
    client.cookies.set(COOKIE_NAME, r.cookies[COOKIE_NAME])
    assert client.get(f"/plan/{plan_id}/kalender.ics").status_code == 404
    assert _plan_rows(plan_id) == rows_before + 1


def test_the_warning_line_is_rate_limited(monkeypatch, caplog):
    clock = iter([1000.0, 1001.0, 1030.0, 1061.0, 1062.0])
    monkeypatch.setattr(audit.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(audit, "ANONYMOUS", audit._Anonymous())
    with caplog.at_level(logging.WARNING, logger="ip_app.audit"):
        for action in ("export_ics", "export_ics", "open_plan", "export_pdf", "export_ics"):
            audit.ANONYMOUS.note(action)
    lines = [r.getMessage() for r in caplog.records if r.name == "ip_app.audit"]
    assert len(lines) == 2
    assert "export_ics 1" in lines[0]
    assert "export_ics 1" in lines[1] and "open_plan 1" in lines[1] and "export_pdf 1" in lines[1]
    assert audit.ANONYMOUS.total == 5


def test_record_without_an_actor_on_a_plan_stores_nothing(fresh_db, demo):
    with db.session() as s:
        plan_id = demo.plan(s, "amina").id
    before = _plan_rows(plan_id)
    with db.session() as s:
        audit.record(s, actor_id=None, action="open_plan", plan_id=plan_id, allowed=False)
        audit.record(s, actor_id=None, action="login", allowed=False, detail="login.error_wrong")
    assert _plan_rows(plan_id) == before
    with db.session() as s:  # attempts on no plan (a failed login) are still kept
        assert s.exec(sa.select(AuditEvent).where(AuditEvent.action == "login")).first()
