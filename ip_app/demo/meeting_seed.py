"""Demo meetings: every demo plan has one meeting coming up and one held, relative to today.

Times are wall-clock times in Norway (Europe/Oslo), so the demo reads "kl. 10:00"
whatever the season; the past meeting was scheduled two weeks before it was held.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from ip_app.meetings.data import schedule
from ip_app.meetings.rules import PlaceKind, local_start
from ip_app.minutes.data import save as save_minutes

# person -> (who schedules, invited usernames (upcoming), upcoming (days, hh:mm, minutes, kind,
#            place, link, topic, agenda), past (the same)); the past meeting invites the
#            person and NAV/the koordinator only, so a tjenesteyter sees one, not both
_MEETINGS: dict[str, tuple[str, tuple[str, ...], tuple, tuple]] = {
    "amina": (
        "koordinator", ("amina", "koordinator", "veileder", "laerer"),
        (7, time(10, 0), 60, PlaceKind.PLACE, "NAV Fjordvik, møterom Havet (2. etasje)", "",
         "Samarbeidsmøte om praksisplassen",
         "Hvordan praksisen på Fjordly går, norskprøven i vår og søknaden om læreplass. "
         "Tolk er bestilt."),
        (-14, time(13, 0), 45, PlaceKind.VIDEO, "", "https://video.example.no/m/fjordvik-2041",
         "Oppfølging etter oppstart i praksis", "Første uker i praksis og barnehageplass."),
    ),
    "emil": (
        "veileder", ("emil", "veileder", "jobbspesialist"),
        (5, time(9, 30), 45, PlaceKind.PLACE, "Kafé Brygga, Strandgata 4", "",
         "Jobbsøking med Jonas", "Se på ledige stillinger i lager og logistikk."),
        (-10, time(11, 0), 30, PlaceKind.PHONE, "", "", "Kort samtale om uka",
         "Hvordan det går med søvnen og timene."),
    ),
    "sara": (
        "koordinator", ("sara", "veileder", "koordinator"),
        (12, time(14, 0), 60, PlaceKind.VIDEO, "", "https://video.example.no/m/sara-kvp",
         "Evaluering av kvalifiseringsprogrammet", "Timeliste, ryggen og praksis i butikk."),
        (-21, time(10, 0), 60, PlaceKind.PLACE, "NAV Fjordvik, møterom Fjellet", "",
         "Oppstart av praksis i butikk", "Arbeidstider og tilrettelegging."),
    ),
    "noah": (
        "koordinator", ("noah", "foresatt", "koordinator"),
        (9, time(15, 0), 45, PlaceKind.PLACE, "Fjordvik skole, møterom 1", "",
         "Skoledagen og fotball", "Hvordan de kortere skoledagene fungerer."),
        (-7, time(15, 0), 30, PlaceKind.PHONE, "", "", "Oppstart av kortere skoledager",
         "Avtale med kontaktlærer."),
    ),
}


# person -> the referat of the held meeting (attendees, discussed, agreed), written by the
# one who scheduled it the day after
_MINUTES: dict[str, tuple[str, str, str]] = {
    "amina": (
        "Amina Yusuf, Ola Hansen (koordinator), Kari Nordmann (NAV-veileder)",
        "De første ukene i praksis på Fjordly sykehjem. Amina trives, men synes vaktene "
        "starter tidlig. Barnehageplass til yngste barn fra januar.",
        "Ola spør Fjordly om senere oppmøte to dager i uken. Amina søker barnehageplass "
        "innen 15. desember. Vi snakkes igjen i neste samarbeidsmøte.",
    ),
}


def seed_meetings(b: Any, ctx: Any, person: str) -> None:
    """b: seed._Builder, ctx: seed._PlanCtx."""
    spec = _MEETINGS.get(person)
    if spec is None:
        return
    by, invited, upcoming, past = spec
    actor = ctx.actors[by]
    staff = {"koordinator", "veileder"}
    for meeting, who in ((upcoming, invited), (past, [u for u in invited if u == person or u in staff])):
        days, at, minutes, kind, place, link, topic, agenda = meeting
        parts = [ctx.parts[u].id for u in who if u in ctx.parts]
        starts = local_start(b.day(days), at)
        m = schedule(b.s, plan_id=ctx.plan.id, actor=actor, starts_at=starts,
                     ends_at=starts + timedelta(minutes=minutes), place_kind=kind.value,
                     place=place, link=link, topic=topic, agenda=agenda, invited=parts,
                     created_at=b.ts(min(days - 14, -1), 9))
        if meeting is past and person in _MINUTES:
            attendees, discussed, agreed = _MINUTES[person]
            row = save_minutes(b.s, meeting_id=m.id, based_on_version=0, actor=actor,
                               attendees=attendees, discussed=discussed, agreed=agreed)
            row.written_at = b.ts(days + 1, 9)
