"""Issue 17, finding 8: a listing (caseload, /samordning) writes one audit row per person
listed, in ONE statement, each landing in that person's access log."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import select

from ip_app.access_log import data as access_log
from ip_app.access_log.view import sentence
from ip_app.kernel import audit
from ip_app.kernel.models import AuditEvent, Plan


def test_one_statement_one_row_per_person_listed(s, demo):
    plans = [p.id for p in s.exec(select(Plan).order_by(Plan.id))]
    veileder = demo.account(s, "veileder")
    s.flush()
    inserts: list[str] = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_EVENT"):
            inserts.append(statement)

    engine = s.get_bind()
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        n = audit.record_listing(s, actor_id=veileder.id, actor_role="staff",
                                 action="caseload_listed", plan_ids=plans + plans[:1])
        s.flush()
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert n == len(plans) and len(inserts) == 1  # a repeated plan counts once
    for plan_id in plans:
        rows = s.exec(select(AuditEvent).where(AuditEvent.plan_id == plan_id,
                                               AuditEvent.action == "caseload_listed")).all()
        assert len(rows) == 1 and rows[0].allowed and rows[0].actor_id == veileder.id
    amina = demo.plan(s, "amina")
    newest = access_log.entries(s, amina.id, exclude_actor_id=amina.person_id, limit=1)[0]
    assert sentence(newest, "nb").startswith(
        "Kari Nordmann, NAV Molde, så navnet ditt i listen over personer hen følger opp ")
