"""Decisions (vedtak) and appeals (klage) of one plan: queries and append-only writes.

Nothing is deleted or overwritten: a sent vedtak is corrected by a new version (the old
one is marked replaced), and a klage moves by KlageEvent rows; its text stays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

from sqlmodel import Session, select

from ip_app.decisions.rules import (
    KlageStatus, VedtakKind, VedtakStatus, appeal_deadline, legal_basis, may_move,
)
from ip_app.kernel.models import (
    Account, IpDecision, Klage, KlageEvent, Plan, PlanBasis, Vedtak, utcnow,
)
from ip_app.ip_decision.data import decisions_for
from ip_app.plan.rules import PlanBasis as Basis


class NotAllowed(Exception):
    """The row is not in the state the step needs (e.g. already sent)."""


def plan_bases(s: Session, plan_id: int) -> list[Basis]:
    rows = s.exec(select(PlanBasis.basis).where(PlanBasis.plan_id == plan_id)).all()
    return [Basis(b) for b in rows if b in {x.value for x in Basis}]


def vedtak_of(s: Session, plan_id: int) -> list[Vedtak]:
    """Every vedtak of the plan, newest first."""
    return list(s.exec(select(Vedtak).where(Vedtak.plan_id == plan_id)
                       .order_by(Vedtak.id.desc())))


def get_vedtak(s: Session, plan_id: int, vedtak_id: int) -> Optional[Vedtak]:
    v = s.get(Vedtak, vedtak_id)
    return v if v is not None and v.plan_id == plan_id else None


def klager_of(s: Session, plan_id: int) -> list[Klage]:
    return list(s.exec(select(Klage).where(Klage.plan_id == plan_id).order_by(Klage.id.desc())))


def get_klage(s: Session, plan_id: int, klage_id: int) -> Optional[Klage]:
    k = s.get(Klage, klage_id)
    return k if k is not None and k.plan_id == plan_id else None


def events_of(s: Session, klage_ids: list[int]) -> dict[int, list[KlageEvent]]:
    out: dict[int, list[KlageEvent]] = {i: [] for i in klage_ids}
    if klage_ids:
        for e in s.exec(select(KlageEvent).where(KlageEvent.klage_id.in_(klage_ids))
                        .order_by(KlageEvent.id)):
            out[e.klage_id].append(e)
    return out


def names(s: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {a.id: a.display_name for a in s.exec(select(Account).where(Account.id.in_(ids)))}


def add_draft(s: Session, *, plan_id: int, kind: VedtakKind, decision: str, reasons: str,
              actor_id: int, replaces: Optional[Vedtak] = None) -> Vedtak:
    """A new draft; with `replaces`, the next version of a sent vedtak (a correction)."""
    if replaces is not None and (replaces.status != VedtakStatus.SENT.value
                                 or replaces.replaced_by_id is not None):
        raise NotAllowed("only a sent vedtak in force is corrected")
    v = Vedtak(plan_id=plan_id, kind=(replaces.kind if replaces else kind.value),
               version=(replaces.version + 1 if replaces else 1),
               replaces_id=replaces.id if replaces else None,
               status=VedtakStatus.DRAFT.value, decision=decision, reasons=reasons,
               laws=",".join(legal_basis(VedtakKind(replaces.kind if replaces else kind.value),
                                         plan_bases(s, plan_id))),
               written_by_id=actor_id)
    s.add(v)
    s.flush()
    return v


def send(s: Session, v: Vedtak, *, actor_id: int, now: Optional[datetime] = None,
         today: Optional[date] = None) -> Vedtak:
    """Decide and send a draft: it reaches the person today (digitally), and the deadline
    to appeal runs from today. The version it corrects is marked replaced."""
    if v.status != VedtakStatus.DRAFT.value:
        raise NotAllowed("already sent")
    v.status = VedtakStatus.SENT.value
    v.decided_by_id = actor_id
    v.sent_at = now or utcnow()
    v.appeal_by = appeal_deadline(today or v.sent_at.date())
    s.add(v)
    if v.replaces_id:
        old = s.get(Vedtak, v.replaces_id)
        if old is not None and old.replaced_by_id is None:
            old.replaced_by_id = v.id
            s.add(old)
    s.flush()
    return v


def add_klage(s: Session, v: Vedtak, *, text: str, late: bool, late_reason: str,
              actor_id: int) -> Klage:
    if v.status != VedtakStatus.SENT.value:
        raise NotAllowed("a draft is not appealed")
    k = Klage(vedtak_id=v.id, plan_id=v.plan_id, text=text, late=late, late_reason=late_reason,
              status=KlageStatus.RECEIVED.value, sent_by_id=actor_id)
    s.add(k)
    s.flush()
    s.add(KlageEvent(klage_id=k.id, status=KlageStatus.RECEIVED.value, note="", by_id=actor_id))
    s.flush()
    return k


def move_klage(s: Session, k: Klage, *, to: KlageStatus, note: str, actor_id: int) -> KlageEvent:
    if not may_move(KlageStatus(k.status), to):
        raise NotAllowed("not the next step")
    k.status = to.value
    s.add(k)
    e = KlageEvent(klage_id=k.id, status=to.value, note=note, by_id=actor_id)
    s.add(e)
    s.flush()
    return e


def person_of(s: Session, plan_id: int) -> Optional[Account]:
    plan = s.get(Plan, plan_id)
    return s.get(Account, plan.person_id) if plan else None


@dataclass
class DecisionsData:
    """What the decisions page is built from, read in one go."""
    vedtak: list[Vedtak] = field(default_factory=list)  # every version, drafts included
    klager: list[Klage] = field(default_factory=list)
    events: dict[int, list[KlageEvent]] = field(default_factory=dict)  # by klage
    names: dict[int, str] = field(default_factory=dict)  # who decided or moved a klage
    ip_checks: list[tuple[IpDecision, str]] = field(default_factory=list)  # newest first


def load_page(s: Session, plan: Plan, *, drafts: bool) -> DecisionsData:
    """`drafts`: the viewer decides, so drafts and the latest right-to-IP check are read too."""
    rows = vedtak_of(s, plan.id)
    if not drafts:
        rows = [v for v in rows if v.status == VedtakStatus.SENT.value]
    klager = klager_of(s, plan.id)
    events = events_of(s, [k.id for k in klager])
    who = names(s, {v.decided_by_id or 0 for v in rows}
                | {e.by_id for es in events.values() for e in es})
    return DecisionsData(rows, klager, events, who,
                         decisions_for(s, plan.person_id)[:1] if drafts else [])
