"""What the gate (ip_app/kernel/gate.py) added for the consent, dialog, IP-check and cooperation
states, on the stand-in tab of test_gate.py: a refusal before any plan is logged under the
plan of the row it names; `before` runs before the checks and `trouble_key` is what a locked
database says; a page whose plan the handler finds (`g.open`) is refused, audited and
stopped the one way; and a consent withdrawal asks who may decide exactly once."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlmodel import Session, select
from test_gate import Tab, _cookie, _live, _rows, amina  # noqa: F401 - fixtures

from ip_app.consent import data as cd
from ip_app.consent.state import ConsentState
from ip_app.kernel import db, gate
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Consent


class OptionsTab(Tab):
    """The stand-in tab, with handlers declared through the options under test."""

    @gate.write("gate_test_before", row="measure", row_id="form_data.measure_id",
                before=lambda state, values: state.placed.append(values["form_data"]),
                trouble_key="dialog.error_not_sent")
    async def placed_save(self, g: gate.Ctx, form_data: dict):
        self.ran.append(g)
        if form_data.get("fail") == "db":
            raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
        g.audit(target=g.target)

    @gate.page("gate_test_open", plan=lambda g: None)
    async def open_found(self, g: gate.Ctx):
        g.open(self.found, target="thread:7")
        self.ran.append(g)
        g.audit(target="thread:7")


def _tab(cookie: str, plan_id, **params) -> OptionsTab:
    tab = OptionsTab(cookie, plan_id, [], params=params)
    tab.placed = []
    tab.found = None
    return tab


def test_a_refusal_before_any_plan_is_logged_under_the_plan_of_the_row(amina, demo):
    tab = _tab(_cookie(demo, "emil"), None)  # a tab that never opened a plan
    asyncio.run(Tab.save(tab, {"measure_id": str(amina.measure)}))
    assert tab.ran == [] and tab.error == t("error.not_allowed", "nb")
    assert [(r.allowed, r.plan_id, r.detail, r.target) for r in _rows("gate_test_write")] == [
        (False, amina.plan, "no_plan", f"measure:{amina.measure}")]


def test_before_runs_before_the_checks_and_trouble_key_is_what_trouble_says(amina, demo):
    tab = _tab(_cookie(demo, "veileder"), amina.plan)
    asyncio.run(OptionsTab.placed_save(tab, {"measure_id": str(amina.measure)}))
    assert tab.placed == [{"measure_id": str(amina.measure)}] and len(tab.ran) == 1
    asyncio.run(OptionsTab.placed_save(tab, {"measure_id": str(amina.measure), "fail": "db"}))
    assert tab.error == t("dialog.error_not_sent", "nb")
    assert OptionsTab.placed_save.__db_trouble__ == ("error", "dialog.error_not_sent")
    assert len(_rows("gate_test_before")) == 1  # the failed unit of work left nothing


def test_a_page_whose_plan_the_handler_finds_is_checked_by_the_gate(amina, demo):
    ok = _tab(_cookie(demo, "veileder"), None)
    ok.found = amina.plan
    asyncio.run(OptionsTab.open_found(ok))
    assert len(ok.ran) == 1 and ok.ran[0].access.allowed and ok.error == ""
    no = _tab(_cookie(demo, "veileder2"), None)
    no.found = amina.plan
    assert asyncio.run(OptionsTab.open_found(no)) is None
    assert no.ran == [] and no.error == t("error.not_allowed", "nb")
    nothing = _tab(_cookie(demo, "veileder"), None)  # no plan found at all
    asyncio.run(OptionsTab.open_found(nothing))
    assert nothing.ran == []
    assert [(r.allowed, r.plan_id, r.target, r.detail != "") for r in _rows("gate_test_open")] \
        == [(True, amina.plan, "thread:7", False), (False, amina.plan, "thread:7", True),
            (False, None, "thread:7", True)]


class ConsentTab(Tab):
    """The parts of ConsentState its decisions touch."""

    vars = {"error": None, "notice": None}
    _decide = ConsentState._decide
    _participant_name = ConsentState._participant_name

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fewer_open = self.edit_open = 0
        self._last_scopes: list[str] = []


def test_a_consent_withdrawal_checks_who_may_decide_once(amina, demo, monkeypatch):
    with Session(db.engine()) as s:
        c = s.exec(select(Consent).where(Consent.plan_id == amina.plan,
                                         Consent.status == "granted").order_by(Consent.id)
                   ).first()
        cid, version = c.id, c.version
    asked = []
    real = cd.may_decide_for

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(cd, "may_decide_for", counted)
    tab = ConsentTab(_cookie(demo, "amina"), amina.plan, [])
    asyncio.run(ConsentState.withdraw.fn(tab, {"consent_id": str(cid), "version": str(version)}))
    assert tab.error == "" and tab.notice, (tab.error, tab.notice)
    assert len(asked) == 1
    with Session(db.engine()) as s:
        assert s.get(Consent, cid).status == "withdrawn"
    assert tab.sig.version == 1
    # someone who does not decide is refused by that one check, and nothing changes
    other = ConsentTab(_cookie(demo, "veileder"), amina.plan, [])
    asyncio.run(ConsentState.withdraw.fn(other, {"consent_id": str(cid),
                                                  "version": str(version + 1)}))
    assert other.error == t("error.not_allowed", "nb") and len(asked) == 2
