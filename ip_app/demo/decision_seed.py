"""Demo decisions (vedtak): Amina's decided right to an individuell plan; Emil's § 14 a
decision, sent a few days ago, and his klage the office is handling; a draft for Sara that
is not sent yet (she does not see it)."""

from __future__ import annotations

from typing import Any

from ip_app.decisions.data import add_draft, add_klage, move_klage, send
from ip_app.decisions.rules import KlageStatus, VedtakKind

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
    "sara": (VedtakKind.IP, "koordinator", 0,
             "Du har rett til individuell plan. Fysioterapi kommer inn i planen du har.",
             "Du har en individuell plan fra før, og får nå også fysioterapi i kommunen."),
}

# person -> (days from today, klage text, office's note when it moved to behandles)
KLAGER: dict[str, tuple[int, str, str]] = {
    "emil": (-2, "Jeg vil heller ha en jobbspesialist som kjenner bilbransjen.",
             "Vi har fått klagen og ser på den sammen med jobbspesialisten."),
}
DRAFT_ONLY = {"sara"}


def seed_decisions(b: Any, ctx: Any, person: str) -> None:
    """Write the demo decision of one plan (b: seed._Builder, ctx: seed._PlanCtx)."""
    if person not in DECISIONS:
        return
    kind, who, at, decision, reasons = DECISIONS[person]
    actor = b.accounts[who].id
    v = add_draft(b.s, plan_id=ctx.plan.id, kind=kind, decision=decision, reasons=reasons,
                  actor_id=actor)
    v.written_at = b.ts(at - 1, 14)
    if person in DRAFT_ONLY:
        return
    send(b.s, v, actor_id=actor, now=b.ts(at, 9), today=b.day(at))
    if person in KLAGER:
        when, text, note = KLAGER[person]
        k = add_klage(b.s, v, text=text, late=False, late_reason="", actor_id=ctx.person.id)
        k.sent_at = b.ts(when, 18)
        move_klage(b.s, k, to=KlageStatus.IN_PROGRESS, note=note, actor_id=actor)


# person -> (tiltak key, sent days from today, read days from today or None, texts)
NOTICES: dict[str, tuple[str, int, Any, tuple[str, str, str]]] = {
    "amina": ("sykehjem", -40, -39, (
        "Du skal være på arbeidstreningen på Fjordly sykehjem tre dager i uken, slik vi har "
        "avtalt. Kan du ikke komme, sier du fra til Kari Nordmann samme morgen.",
        "Hvis du ikke møter og ikke har en rimelig grunn, kan NAV stanse eller redusere "
        "introduksjonsstønaden din.",
        "Du kan si hva du mener før noe blir bestemt. Du får et vedtak, og du kan klage.")),
}


def seed_notices(b: Any, ctx: Any, person: str) -> None:
    """The demo forhåndsorientering of one plan, sent by the NAV-veileder."""
    from ip_app.advance_notice.data import confirm_read
    from ip_app.advance_notice.data import send as send_notice

    if person not in NOTICES:
        return
    key, sent, read, (required, consequence, rights) = NOTICES[person]
    n = send_notice(b.s, plan_id=ctx.plan.id, measure_id=ctx.measures[key].id,
                    required=required, consequence=consequence, rights=rights,
                    actor_id=b.accounts["veileder"].id)
    n.sent_at = b.ts(sent, 12)
    if read is not None:
        confirm_read(b.s, n, actor_id=ctx.person.id, now=b.ts(read, 19))


# person -> (søkeavtale count and period, [(employer, title, link, deadline days, status
# steps, applied days from today)])
JOBS: dict[str, tuple[tuple[int, str], list[tuple[str, str, str, int, tuple[str, ...], int]]]] = {
    "emil": ((3, "uke"), [
        ("Molde Dekkhotell", "Lagermedarbeider, deltid", "https://example.no/stilling/dekkhotell",
         12, ("sokt",), 0),
        ("Romsdal Bilservice", "Lærling bilmekaniker", "", 20, (), 0),
    ]),
}


def seed_jobs(b: Any, ctx: Any, person: str) -> None:
    """The demo job search of one plan: the søkeavtale and the person's stillinger."""
    from ip_app.job_search import data as jd
    from ip_app.job_search.rules import JobStatus

    if person not in JOBS:
        return
    (count, period), jobs = JOBS[person]
    jd.set_agreement(b.s, plan_id=ctx.plan.id, count=count, period=period,
                     actor_id=b.accounts["veileder"].id)
    for employer, title, link, deadline, steps, applied in jobs:
        j = jd.add(b.s, plan_id=ctx.plan.id, employer=employer, title=title, link=link,
                   deadline=b.day(deadline), actor_id=ctx.person.id)
        for step in steps:
            jd.move(b.s, j, to=JobStatus(step), actor_id=ctx.person.id, today=b.day(applied))
