"""Demo § 14 a assessments: NAV's versions and the person's own views, per the seeds."""

from __future__ import annotations

from typing import Any

from ip_app.assessment.data import add_version
from ip_app.assessment.rules import Ability, AuthorKind, Innsatsgruppe

# person -> list of (author username, days from today, fields); the NAV versions in order
ASSESSMENTS: dict[str, list[tuple[str, int, dict[str, Any]]]] = {
    "amina": [
        ("veileder", -230, dict(
            possibilities="Amina har utdanning og to års erfaring fra en klinikk. Med bedre "
                          "norsk har hun gode muligheter for arbeid i helse og omsorg.",
            work_goal="Helsefagarbeider på sykehjem eller i hjemmetjenesten.",
            ability=Ability.NOT_REDUCED, ability_note="",
            innsatsgruppe=Innsatsgruppe.SITUASJONSBESTEMT,
            help_note="Arbeidstrening i helsesektoren, og hjelp til å søke fagopplæring.")),
    ],
    "emil": [
        ("veileder", -145, dict(
            possibilities="Emil ønsker å jobbe og har interesse og noe erfaring fra bil og "
                          "motor. Angst og søvnvansker gjør det vanskelig å komme i gang alene.",
            work_goal="Praktisk arbeid med bil eller maskiner.",
            ability=Ability.SOMEWHAT,
            ability_note="Helseplagene gjør at han trenger en rolig start og tett oppfølging.",
            innsatsgruppe=Innsatsgruppe.SPESIELT_TILPASSET,
            help_note="Individuell jobbstøtte (IPS) sammen med behandling ved DPS.")),
        ("veileder", -60, dict(
            possibilities="Emil har fullført et jobbintervju og skal starte arbeidsutprøving. "
                          "Mulighetene for en vanlig jobb på deltid er gode med støtte.",
            work_goal="Deltidsjobb på verksted eller dekkhotell, på minst 50 prosent.",
            ability=Ability.SOMEWHAT,
            ability_note="Trenger fortsatt en rolig start, men tåler mer enn før.",
            innsatsgruppe=Innsatsgruppe.SPESIELT_TILPASSET,
            help_note="IPS med jobbspesialist, arbeidsutprøving og oppfølging på jobben.")),
    ],
    "sara": [
        ("veileder", -105, dict(
            possibilities="Sara har ti års erfaring fra butikk, blant annet som skiftleder. "
                          "Ryggsmerter begrenser tunge løft.",
            work_goal="Fast jobb i butikk eller på lager med tilpassede løft.",
            ability=Ability.SOMEWHAT,
            ability_note="Kan ikke løfte tungt over tid. Fastlegen vurderer at hun tåler "
                         "arbeid med pauser.",
            innsatsgruppe=Innsatsgruppe.SPESIELT_TILPASSET,
            help_note="Kvalifiseringsprogram med arbeidsforberedende trening, jobbsøkerkurs og "
                      "hjelp med økonomi.")),
    ],
}

# person -> (days from today, agrees, words)
OWN_VIEWS: dict[str, list[tuple[int, bool, str]]] = {
    "emil": [(-140, False, "Jeg tror jeg klarer mer enn det som står her, bare jeg får "
                           "begynne rolig."),
             (-55, True, "Den nye vurderingen stemmer bedre med hvordan jeg har det nå.")],
    "sara": [(-100, True, "")],
}


def seed_assessment(b: Any, ctx: Any, person: str) -> None:
    """Write the demo versions for one plan (b: seed._Builder, ctx: seed._PlanCtx)."""
    events: list[tuple[int, str, dict[str, Any]]] = []
    for who, at, fields in ASSESSMENTS.get(person, []):
        events.append((at, "nav:" + who, fields))
    for at, agrees, text in OWN_VIEWS.get(person, []):
        events.append((at, "person", dict(agrees=agrees, text=text)))
    nav_v = own_v = 0
    for at, who, fields in sorted(events, key=lambda e: e[0]):
        if who == "person":
            add_version(b.s, plan_id=ctx.plan.id, kind=AuthorKind.PERSON, based_on=own_v,
                        actor_id=ctx.person.id, actor_role="person",
                        written_at=b.ts(at, 19), about_version=nav_v, **fields)
            own_v += 1
        else:
            add_version(b.s, plan_id=ctx.plan.id, kind=AuthorKind.NAV, based_on=nav_v,
                        actor_id=b.accounts[who[4:]].id, actor_role="veileder",
                        written_at=b.ts(at, 11), **{k: str(v) for k, v in fields.items()})
            nav_v += 1
