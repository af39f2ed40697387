"""Demo decisions (vedtak): Amina's decided right to an individuell plan, and Emil's
§ 14 a decision, sent a few days ago (his deadline to appeal is still open)."""

from __future__ import annotations

from typing import Any

from ip_app.data.decisions import add_draft, send
from ip_app.domain.decisions import VedtakKind

# person -> (kind, decided by, days from today, what was decided, reasons)
DECISIONS: dict[str, tuple[VedtakKind, str, int, str, str]] = {
    "amina": (VedtakKind.IP, "koordinator", -236,
              "Du har rett til en individuell plan. Planen blir laget sammen med deg, og "
              "Ola Hansen er koordinatoren din.",
              "Du trenger hjelp over lang tid, og du får hjelp fra flere steder: "
              "introduksjonsprogrammet, voksenopplæringen og NAV."),
    "emil": (VedtakKind.ASSESSMENT, "veileder", -5,
             "Du får spesielt tilpasset innsats fra NAV. Du får individuell jobbstøtte (IPS) "
             "med jobbspesialist, og oppfølging på jobben.",
             "Du vil jobbe, og du har erfaring fra bil og motor. Helsa gjør at du trenger en "
             "rolig start og tett oppfølging. Det viser arbeidsevnevurderingen fra NAV."),
}


def seed_decisions(b: Any, ctx: Any, person: str) -> None:
    """Write the demo decision of one plan (b: seed._Builder, ctx: seed._PlanCtx)."""
    if person not in DECISIONS:
        return
    kind, who, at, decision, reasons = DECISIONS[person]
    actor = b.accounts[who].id
    v = add_draft(b.s, plan_id=ctx.plan.id, kind=kind, decision=decision, reasons=reasons,
                  actor_id=actor)
    v.written_at = b.ts(at - 1, 14)
    send(b.s, v, actor_id=actor, now=b.ts(at, 9), today=b.day(at))
