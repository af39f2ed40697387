"""The decisions (vedtak) and appeals (klage) of one plan as one viewer may see them
(plain Python, texts in `lang`). Built only when domain.decisions.may_read_decisions
said yes; drafts only for the staff who decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ip_app.decisions.data import DecisionsData
from ip_app.decisions.rules import (
    KlageStatus, VedtakStatus, may_appeal, may_correct, may_decide, may_handle_klage,
    may_read_decisions, next_statuses,
)
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import Plan
from ip_app.plan.view import Option


@dataclass
class KlageRow:
    id: int
    vedtak_id: int
    about: str  # "Klage på: Vedtak om individuell plan"
    text: str
    late_reason: str
    status: str  # plain label
    status_value: str
    sent: str
    steps: list[str] = field(default_factory=list)  # "Behandles – 7. des.: note (Ola Hansen)"
    next_status: str = ""
    next_label: str = ""  # "Merk som behandles"


@dataclass
class VedtakRow:
    id: int
    title: str  # "Vedtak om individuell plan" (+ ", versjon 2")
    is_draft: bool
    replaced: bool
    status: str  # "Utkast" | "Sendt" | "Erstattet av et nytt vedtak"
    decision: str
    reasons: str
    laws: str
    who: str  # "Vedtatt av Ola Hansen, 7. desember 2026"
    appeal: str  # how and by when
    pdf_href: str
    can_send: bool
    can_appeal: bool
    late: bool


@dataclass
class DecisionsPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    person_name: str = ""
    plan_href: str = ""
    vedtak: list[VedtakRow] = field(default_factory=list)
    klager: list[KlageRow] = field(default_factory=list)
    can_decide: bool = False
    kind_options: list[Option] = field(default_factory=list)
    ip_check: str = ""  # the latest right-to-IP check (/ip-rett), to write the vedtak from
    # the new vedtak's form starts from that check while no IP vedtak is written after it
    prefill_kind: str = ""
    prefill_decision: str = ""
    prefill_reasons: str = ""


def _title(kind: str, version: int, lang: str) -> str:
    base = t(f"vedtak.kind.{kind}", lang)
    return base if version <= 1 else t("vedtak.title_version", lang, title=base, n=version)


def build_decisions_page(data: DecisionsData, plan: Plan, access: PlanAccess, viewer: Viewer,
                         person_name: str, lang: str, today: date) -> DecisionsPage:
    if not may_read_decisions(access):
        return DecisionsPage(mode="denied")
    own = access.is_owner
    page = DecisionsPage(mode="person" if own else "staff", person_name=person_name,
                         plan_href=f"/plan/{plan.id}", can_decide=may_decide(access))
    rows, klager, events, who = data.vedtak, data.klager, data.events, data.names
    titles = {}
    for v in rows:
        titles[v.id] = _title(v.kind, v.version, lang)
        sent = v.status == VedtakStatus.SENT.value
        replaced = v.replaced_by_id is not None
        late = bool(sent and v.appeal_by and today > v.appeal_by)
        if not sent:
            appeal = ""
        elif own:
            appeal = t("vedtak.appeal_late" if late else "vedtak.appeal_you", lang,
                       date=fmt_date(v.appeal_by, lang))
        else:
            appeal = t("vedtak.appeal_staff", lang, date=fmt_date(v.appeal_by, lang))
        page.vedtak.append(VedtakRow(
            id=v.id, title=titles[v.id], is_draft=not sent, replaced=replaced,
            status=t("vedtak.status.replaced" if replaced else f"vedtak.status.{v.status}", lang),
            decision=v.decision, reasons=v.reasons,
            laws=", ".join(t(f"vedtak.law.{k}", lang) for k in v.laws.split(",") if k),
            who=t("vedtak.decided_by", lang, name=who.get(v.decided_by_id or 0, "?"),
                  when=fmt_datetime(v.sent_at, lang)) if sent else "",
            appeal=appeal, pdf_href=f"/plan/{plan.id}/vedtak/{v.id}.pdf" if sent else "",
            can_send=not sent and may_decide(access),
            can_appeal=sent and not replaced and may_appeal(access), late=late,
        ))
    handles = may_handle_klage(access)
    for k in klager:
        status = KlageStatus(k.status)
        nxt = next_statuses(status)
        steps = [t("klage.step", lang, status=t(f"klage.status.{e.status}", lang),
                   when=fmt_datetime(e.at, lang), name=who.get(e.by_id, "?"), note=e.note)
                 for e in events.get(k.id, []) if e.status != KlageStatus.RECEIVED.value]
        page.klager.append(KlageRow(
            id=k.id, vedtak_id=k.vedtak_id,
            about=t("klage.about", lang, title=titles.get(k.vedtak_id, "")),
            text=k.text, late_reason=k.late_reason,
            status=t(f"klage.status.{k.status}", lang), status_value=k.status,
            sent=t("klage.sent_at", lang, when=fmt_datetime(k.sent_at, lang)), steps=steps,
            next_status=nxt[0].value if (nxt and handles) else "",
            next_label=t(f"klage.move.{nxt[0].value}", lang) if (nxt and handles) else "",
        ))
    if page.can_decide:
        if data.ip_checks:
            d, by = data.ip_checks[0]
            page.ip_check = t("vedtak.ip_check", lang,
                              outcome=t(f"ip.outcome_short.{d.outcome}", lang), name=by,
                              when=fmt_datetime(d.decided_at, lang), reasons=d.reasons)
            written_after = any(v.kind == "ip" and v.written_at >= d.decided_at for v in rows)
            if not written_after:
                _prefill_from_check(page, d, person_name, lang)
        page.kind_options = [Option(value="ip", label=t("vedtak.kind.ip", lang)),
                             Option(value="14a", label=t("vedtak.kind.14a", lang))] + [
            Option(value=f"retter:{v.id}", label=t("vedtak.correct_option", lang,
                                                   title=titles[v.id]))
            for v in rows if may_correct(VedtakStatus(v.status), v.replaced_by_id is not None)]
    return page


def _prefill_from_check(page: DecisionsPage, d, person_name: str, lang: str) -> None:  # noqa: ANN001
    """The IP vedtak's draft, from the check's result and answers: what was decided is the
    outcome in words, why is the three answers and the check's own reasons. Staff read
    it, change what they want and save it as a draft (nothing is saved by this)."""
    yes_no = {True: t("common.yes", lang), False: t("common.no", lang)}
    page.prefill_kind = "ip"
    page.prefill_decision = t(f"ip.outcome.{d.outcome}", lang, name=person_name)
    answers = t("ip.answers", lang, has_ip=yes_no[d.has_ip_already],
                long_term=yes_no[d.long_term_need], several=yes_no[d.several_providers])
    page.prefill_reasons = "\n\n".join(x for x in (answers, (d.reasons or "").strip()) if x)
