"""Demo programme facts: Amina's introduction programme and Sara's KVP, per the seeds."""

from __future__ import annotations

from typing import Any

from ip_app.programme.data import add_version


def seed_programme(b: Any, ctx: Any, person: str) -> None:
    """b: seed._Builder, ctx: seed._PlanCtx."""
    if person == "amina":
        by = b.accounts["koordinator"].id
        add_version(
            b.s, plan_id=ctx.plan.id, basis="integreringsplan", actor_id=by,
            written_at=b.ts(-236, 14), start_date=b.day(-240),
            norwegian_level="A1",
            education="Videregående skole fra Sudan.",
            work_experience="To år som assistent på en klinikk.",
            final_goal="Læreplass som helsefagarbeider.", hurtigspor=False,
            phases=[{"name": "Kartlegging og norsk", "start": b.day(-240).isoformat()}])
        add_version(
            b.s, plan_id=ctx.plan.id, basis="integreringsplan", actor_id=by,
            written_at=b.ts(-60, 14), start_date=b.day(-240),
            norwegian_level="A2",
            education="Videregående skole fra Sudan. Vitnemålet er godkjent.",
            work_experience="To år som assistent på en klinikk i Khartoum.",
            final_goal="Læreplass som helsefagarbeider, og fast jobb i helse og omsorg.",
            hurtigspor=True,
            phases=[{"name": "Kartlegging og norsk", "start": b.day(-240).isoformat()},
                    {"name": "Språkpraksis i barnehage", "start": b.day(-190).isoformat()},
                    {"name": "Arbeidstrening i helse (hurtigspor)",
                     "start": b.day(-42).isoformat()},
                    {"name": "Fagopplæring for voksne", "start": b.day(60).isoformat()}])
    elif person == "sara":
        add_version(
            b.s, plan_id=ctx.plan.id, basis="kvalifiseringsprogram",
            actor_id=b.accounts["veileder"].id, written_at=b.ts(-119, 14),
            start_date=b.day(-120), end_date=b.day(245),
            final_goal="Fast jobb i butikk eller på lager.")
