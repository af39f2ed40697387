"""Decisions (vedtak) and klage: deadline, who may decide/read/appeal/handle, the steps of
a klage, the forms, and the append-only data layer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from ip_app.kernel import clock
from ip_app.decisions import data as dd
from ip_app.decisions.rules import (
    KlageForm, KlageStatus, KlageStepForm, VedtakForm, VedtakKind, VedtakStatus, appeal_deadline,
    easter_sunday, is_late, public_holidays, legal_basis, may_appeal, may_correct, may_decide, may_handle_klage, may_move,
    may_read_decisions, next_statuses,
)
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.models import KlageEvent, Plan, Vedtak
from ip_app.kernel.roles import Role
from ip_app.plan.rules import PlanBasis


def _acc(role: Role) -> PlanAccess:
    return PlanAccess(allowed=True, role=role, participant_id=5)


# -- the deadline ----------------------------------------------------------------------

def test_the_deadline_is_three_weeks_after_the_decision_reached_the_person():
    assert appeal_deadline(date(2026, 12, 7)) == date(2026, 12, 28)  # Monday -> Monday


def test_a_deadline_on_a_weekend_moves_to_monday():
    assert date(2026, 12, 26).weekday() == 5
    assert appeal_deadline(date(2026, 12, 5)) == date(2026, 12, 28)  # Saturday -> Monday
    assert appeal_deadline(date(2026, 12, 6)) == date(2026, 12, 28)  # Sunday -> Monday


def test_easter_falls_on_the_dates_in_the_almanac():
    # Easter Sunday as printed in the Norwegian almanac for these years
    known = {2024: date(2024, 3, 31), 2025: date(2025, 4, 20), 2026: date(2026, 4, 5),
             2027: date(2027, 3, 28), 2038: date(2038, 4, 25), 2285: date(2285, 3, 22)}
    assert {y: easter_sunday(y) for y in known} == known


def test_the_public_holidays_of_2027():
    assert sorted(public_holidays(2027)) == [
        date(2027, 1, 1),  # 1. nyttårsdag
        date(2027, 3, 25), date(2027, 3, 26),  # skjærtorsdag, langfredag
        date(2027, 3, 28), date(2027, 3, 29),  # 1. and 2. påskedag
        date(2027, 5, 1),
        date(2027, 5, 6),  # Kristi himmelfartsdag
        date(2027, 5, 16), date(2027, 5, 17),  # 1. pinsedag; 2. pinsedag is 17 May this year
        date(2027, 12, 25), date(2027, 12, 26)]
    assert date(2027, 12, 24) not in public_holidays(2027)  # julaften is no holiday


def test_a_deadline_on_a_public_holiday_moves_to_the_next_working_day():
    # 8 March 2027 + 3 weeks = 2. påskedag (Monday 29 March) -> Tuesday 30 March
    assert appeal_deadline(date(2027, 3, 8)) == date(2027, 3, 30)
    # 4 March 2027 + 3 weeks = skjærtorsdag; langfredag, the weekend, 2. påskedag follow
    assert appeal_deadline(date(2027, 3, 4)) == date(2027, 3, 30)
    # 26 April 2027 + 3 weeks = 17 May (a Monday) -> 18 May
    assert appeal_deadline(date(2027, 4, 26)) == date(2027, 5, 18)
    # 4 May 2026 + 3 weeks = 2. pinsedag (25 May 2026) -> 26 May
    assert appeal_deadline(date(2026, 5, 4)) == date(2026, 5, 26)
    # 4 December 2028 + 3 weeks = 1. juledag (a Monday), then 2. juledag -> 27 December
    assert appeal_deadline(date(2028, 12, 4)) == date(2028, 12, 27)
    # 3 December 2027 + 3 weeks = julaften, a Friday and a working day: it stays
    assert appeal_deadline(date(2027, 12, 3)) == date(2027, 12, 24)
    # 11 December 2026 + 3 weeks = 1 January 2027, a Friday -> Monday 4 January
    assert appeal_deadline(date(2026, 12, 11)) == date(2027, 1, 4)


def test_late_only_after_the_last_day():
    last = date(2026, 12, 28)
    assert not is_late(last, last)
    assert is_late(last, date(2026, 12, 29))


# -- the legal basis -------------------------------------------------------------------

def test_the_legal_basis_follows_the_kind_and_the_plan():
    assert legal_basis(VedtakKind.ASSESSMENT, [PlanBasis.AKTIVITETSPLAN]) == ["nav14a"]
    ip = legal_basis(VedtakKind.IP, [PlanBasis.INTEGRERINGSPLAN])
    assert ip == ["nav15", "sotjl28", "pbrl25"]
    kvp = legal_basis(VedtakKind.IP, [PlanBasis.KVALIFISERINGSPROGRAM])
    assert "sotjl33" in kvp and set(ip) < set(kvp)


# -- who may ---------------------------------------------------------------------------

@pytest.mark.parametrize("role, decide, read, appeal", [
    (Role.PERSON, False, True, True),
    (Role.VERGE, False, True, True),
    (Role.VEILEDER, True, True, False),
    (Role.KOORDINATOR, True, True, False),
    (Role.TJENESTEYTER, False, False, False),
    (Role.PARORENDE, False, False, False),
])
def test_who_may_decide_read_and_appeal(role, decide, read, appeal):
    a = _acc(role)
    assert may_decide(a) is decide
    assert may_handle_klage(a) is decide
    assert may_read_decisions(a) is read
    assert may_appeal(a) is appeal


def test_nobody_without_access():
    no = PlanAccess(allowed=False, role=Role.KOORDINATOR)
    assert not (may_decide(no) or may_read_decisions(no) or may_appeal(no))


# -- the klage's steps -----------------------------------------------------------------

def test_a_klage_moves_one_step_at_a_time():
    assert may_move(KlageStatus.RECEIVED, KlageStatus.IN_PROGRESS)
    assert not may_move(KlageStatus.RECEIVED, KlageStatus.DECIDED)
    assert may_move(KlageStatus.IN_PROGRESS, KlageStatus.DECIDED)
    assert not may_move(KlageStatus.IN_PROGRESS, KlageStatus.RECEIVED)
    assert next_statuses(KlageStatus.DECIDED) == ()


def test_only_a_sent_vedtak_in_force_is_corrected():
    assert may_correct(VedtakStatus.SENT, replaced=False)
    assert not may_correct(VedtakStatus.SENT, replaced=True)
    assert not may_correct(VedtakStatus.DRAFT, replaced=False)


# -- the forms -------------------------------------------------------------------------

def _errors(model, data, context=None):
    with pytest.raises(FormError) as exc:
        validate(model, data, context)
    return exc.value.errors


def test_an_empty_draft_says_what_is_missing_at_each_field():
    errors = _errors(VedtakForm, {"kind": "", "decision": " ", "reasons": ""})
    assert errors == {"kind": "error.vedtak_kind_required",
                      "decision": "error.vedtak_decision_required",
                      "reasons": "error.reasons_required"}
    assert _errors(VedtakForm, {"kind": "other", "decision": "x", "reasons": "y"}) == {
        "kind": "error.vedtak_kind_required"}


def test_an_empty_klage_is_refused():
    assert _errors(KlageForm, {"text": "  "}) == {"text": "error.klage_required"}


def test_a_late_klage_needs_a_reason_and_an_early_one_drops_it():
    assert _errors(KlageForm, {"text": "Uenig"}, {"late": True}) == {
        "late_reason": "error.klage_late_reason"}
    ok = validate(KlageForm, {"text": "Uenig", "late_reason": "Syk"}, {"late": True})
    assert ok.late_reason == "Syk"
    early = validate(KlageForm, {"text": "Uenig", "late_reason": "forged"}, {"late": False})
    assert early.late_reason == ""


def test_a_step_needs_a_known_status_and_a_note():
    assert _errors(KlageStepForm, {"status": "slettet", "note": ""}) == {
        "status": "error.choose_one", "note": "error.klage_note_required"}


# -- the data layer: append-only -------------------------------------------------------

def test_send_sets_the_deadline_and_a_correction_is_a_new_version(s):
    plan = s.exec(select(Plan).order_by(Plan.id)).first()
    staff = plan.person_id  # any account will do as the actor here
    v1 = dd.add_draft(s, plan_id=plan.id, kind=VedtakKind.IP, decision="Du har rett til IP.",
                      reasons="To tjenester over tid.", actor_id=staff)
    with pytest.raises(dd.NotAllowed):
        dd.add_draft(s, plan_id=plan.id, kind=VedtakKind.IP, decision="x", reasons="y",
                     actor_id=staff, replaces=v1)  # a draft is not corrected
    dd.send(s, v1, actor_id=staff, today=date(2026, 12, 7))
    assert v1.status == "sendt" and v1.appeal_by == appeal_deadline(date(2026, 12, 7))
    with pytest.raises(dd.NotAllowed):
        dd.send(s, v1, actor_id=staff)
    v2 = dd.add_draft(s, plan_id=plan.id, kind=VedtakKind.ASSESSMENT, decision="Rettet.",
                      reasons="Feil dato.", actor_id=staff, replaces=v1)
    assert (v2.version, v2.kind, v2.replaces_id) == (2, "ip", v1.id)
    dd.send(s, v2, actor_id=staff, today=date(2026, 12, 8))
    s.refresh(v1)
    assert v1.replaced_by_id == v2.id and v1.decision == "Du har rett til IP."  # kept
    assert {v.id for v in s.exec(select(Vedtak).where(Vedtak.plan_id == plan.id))} >= {
        v1.id, v2.id}


def test_a_klage_moves_by_events_and_its_text_stays(s):
    plan = s.exec(select(Plan).order_by(Plan.id)).first()
    actor = plan.person_id
    v = dd.add_draft(s, plan_id=plan.id, kind=VedtakKind.IP, decision="Nei.", reasons="Kort.",
                     actor_id=actor)
    with pytest.raises(dd.NotAllowed):
        dd.add_klage(s, v, text="x", late=False, late_reason="", actor_id=actor)  # a draft
    dd.send(s, v, actor_id=actor)
    k = dd.add_klage(s, v, text="Jeg er uenig.", late=False, late_reason="", actor_id=actor)
    with pytest.raises(dd.NotAllowed):
        dd.move_klage(s, k, to=KlageStatus.DECIDED, note="Hopp", actor_id=actor)
    dd.move_klage(s, k, to=KlageStatus.IN_PROGRESS, note="Vi ser på den.", actor_id=actor)
    steps = [e.status for e in s.exec(select(KlageEvent).where(KlageEvent.klage_id == k.id)
                                      .order_by(KlageEvent.id))]
    assert steps == ["mottatt", "behandles"]
    assert k.status == "behandles" and k.text == "Jeg er uenig."


# -- the letter ------------------------------------------------------------------------

def test_the_letter_pdf_says_what_why_the_rules_who_and_how_to_appeal(s):
    import io

    from pypdf import PdfReader

    from ip_app.kernel.models import Account
    from ip_app.kernel.i18n import fmt_date
    from ip_app.decisions.letter import letter_html
    from ip_app.export.view import plan_pdf

    amina = s.exec(select(Account).where(Account.username == "amina")).one()
    plan = s.exec(select(Plan).where(Plan.person_id == amina.id)).one()
    v = s.exec(select(Vedtak).where(Vedtak.plan_id == plan.id)).first()  # the demo vedtak
    assert v is not None and v.status == "sendt"
    pdf = plan_pdf(letter_html(v, amina.display_name, "Ola Hansen", "nb"), "nb", "Vedtak")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Vedtak om individuell plan" in text and "Til: Amina Yusuf" in text
    assert "Du har rett til en individuell plan" in text
    assert "sosialtjenesteloven § 28" in text and "Ola Hansen" in text
    assert f"innen {fmt_date(v.appeal_by, 'nb')}" in text
    assert "/StructTreeRoot" in str(reader.trailer["/Root"].keys())  # tagged (PDF/UA)


def test_the_ip_vedtak_starts_from_the_latest_ip_check_until_one_is_written(s, demo):
    """Issue 22: after a right-to-IP check the new vedtak's form holds the check's result
    and answers; once an IP vedtak is written after that check, the form is empty again."""
    from datetime import datetime, timedelta, timezone

    from ip_app.decisions.view import build_decisions_page
    from ip_app.ip_decision.data import record_decision
    from ip_app.kernel.plan_access import access_for

    plan = demo.plan(s, "emil")
    viewer = demo.viewer(s, "veileder")
    _, access = access_for(s, viewer, plan.id, clock.today())

    def page(lang: str = "nb"):
        return build_decisions_page(dd.load_page(s, plan, drafts=True), plan, access, viewer,
                                    "Emil Strand", lang, clock.today())

    d, _ = record_decision(s, person_id=plan.person_id, plan_id=plan.id,
                           actor_id=viewer.account_id, has_ip=False, long_term=True,
                           several_providers=True, reasons="NAV og DPS følger Emil i minst et år.")
    d.decided_at = datetime.now(timezone.utc) + timedelta(seconds=5)  # after every vedtak
    s.add(d)
    s.flush()
    form = page()
    assert form.prefill_kind == "ip"
    # Emil's plan has the individuell plan already: the data answers question 1 "ja"
    assert form.prefill_decision == "Emil Strand har allerede en individuell plan. Den nye " \
        "tjenesten skal inn i den planen som finnes. Det lages ikke en ny plan."
    assert form.prefill_reasons == (
        "Har individuell plan: Ja. Tjenester over tid: Ja. To eller flere tjenesteytere: Ja."
        "\n\nNAV og DPS følger Emil i minst et år.")
    assert page("en").prefill_decision.startswith("Emil Strand already has")
    # the person never gets a form, nor the check
    _, own = access_for(s, demo.viewer(s, "emil"), plan.id, clock.today())
    mine = build_decisions_page(dd.load_page(s, plan, drafts=False), plan, own,
                                demo.viewer(s, "emil"), "Emil Strand", "nb", clock.today())
    assert (mine.prefill_kind, mine.prefill_decision, mine.ip_check) == ("", "", "")

    v = dd.add_draft(s, plan_id=plan.id, kind=VedtakKind.IP, decision=form.prefill_decision,
                     reasons=form.prefill_reasons, actor_id=viewer.account_id)
    v.written_at = d.decided_at + timedelta(seconds=1)
    s.add(v)
    s.flush()
    assert (page().prefill_kind, page().prefill_decision) == ("", "")
