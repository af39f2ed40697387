"""Forhåndsorientering: who may send, read and confirm; the form; append-only rows."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ip_app.advance_notice import data as nd
from ip_app.advance_notice.rules import AdvanceNoticeForm, may_confirm, may_read, may_send
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.models import AdvanceNotice, Measure
from ip_app.kernel.roles import Role


def _acc(role: Role, allowed: bool = True) -> PlanAccess:
    return PlanAccess(allowed=allowed, role=role, participant_id=5)


@pytest.mark.parametrize("role, org, agreed, status, ok", [
    (Role.VEILEDER, "nav", True, "gjennomfores", True),
    (Role.VEILEDER, "nav", False, "gjennomfores", False),  # only an agreed tiltak
    (Role.VEILEDER, "nav", True, "fullfort", False),  # not a finished one
    (Role.VEILEDER, "kommune", True, "planlagt", False),  # NAV's veileder only
    (Role.KOORDINATOR, "nav", True, "planlagt", False),
    (Role.PERSON, "", True, "planlagt", False),
])
def test_who_may_send(role, org, agreed, status, ok):
    assert may_send(_acc(role), org, agreed=agreed, status=status) is ok


@pytest.mark.parametrize("role, ok", [
    (Role.PERSON, True), (Role.VERGE, True), (Role.VEILEDER, True), (Role.KOORDINATOR, True),
    (Role.TJENESTEYTER, False), (Role.PARORENDE, False),
])
def test_who_may_read(role, ok):
    assert may_read(_acc(role), True) is ok
    assert not may_read(_acc(role), False)  # never on a tiltak hidden from them


def test_only_the_person_confirms_once_the_one_in_force():
    assert may_confirm(_acc(Role.PERSON), read_at=None, replaced=False)
    assert not may_confirm(_acc(Role.PERSON), read_at="2026-12-07", replaced=False)
    assert not may_confirm(_acc(Role.PERSON), read_at=None, replaced=True)
    assert not may_confirm(_acc(Role.VEILEDER), read_at=None, replaced=False)


def test_each_empty_part_is_named_at_its_field():
    with pytest.raises(FormError) as exc:
        validate(AdvanceNoticeForm, {"required": " ", "consequence": "", "rights": ""})
    assert exc.value.errors == {"required": "error.fho_required",
                                "consequence": "error.fho_consequence",
                                "rights": "error.fho_rights"}


def test_a_correction_is_a_new_row_and_the_receipt_is_written_once(s):
    m = s.exec(select(Measure).where(Measure.agreed == True)).first()  # noqa: E712
    first = nd.send(s, plan_id=m.plan_id, measure_id=m.id, required="A", consequence="B",
                    rights="C", actor_id=1)
    second = nd.send(s, plan_id=m.plan_id, measure_id=m.id, required="A2", consequence="B",
                     rights="C", actor_id=1)
    s.refresh(first)
    assert first.replaced_by_id == second.id and second.replaces_id == first.id
    assert first.required == "A"  # kept as sent
    nd.confirm_read(s, second, actor_id=2)
    with pytest.raises(nd.AlreadyRead):
        nd.confirm_read(s, second, actor_id=2)
    rows = s.exec(select(AdvanceNotice).where(AdvanceNotice.measure_id == m.id)).all()
    assert {r.id for r in rows} >= {first.id, second.id}


def test_the_notice_is_in_the_persons_pdf_under_its_tiltak(s, demo, today):
    from ip_app.kernel.models import Account
    from ip_app.kernel.plan_access import access_for
    from ip_app.export.data import load_export
    from ip_app.export.view import ExportOptions, plan_html

    amina = s.exec(select(Account).where(Account.username == "amina")).one()
    n = s.exec(select(AdvanceNotice)).first()  # the demo notice on Amina's arbeidstrening
    viewer = demo.viewer(s, "amina")
    plan, access = access_for(s, viewer, n.plan_id, today)
    doc = plan_html(load_export(s, plan, access, viewer, today, "nb", ExportOptions()),
                    viewer, today, "nb", ExportOptions())
    assert "Forhåndsorientering" in doc and "Du leste dette" in doc  # the person read it
    assert n.consequence.split(",")[0] in doc
    assert amina.id == plan.person_id
