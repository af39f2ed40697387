"""Demo samarbeidsavtale: NAV Molde and Molde kommune – flyktningtjenesten agree who does
what; two versions, so the page has a history to show."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlmodel import select

from ip_app.cooperation import rules as coop
from ip_app.cooperation.data import save_agreement
from ip_app.cooperation.rules import Party
from ip_app.kernel.models import CooperationAgreementVersion


def _with(lines: tuple[coop.Line, ...], **changes: tuple[Party, str]) -> tuple[coop.Line, ...]:
    """`changes`: task (':' written as '__') -> (party, note)."""
    wanted = {k.replace("__", ":"): v for k, v in changes.items()}
    return tuple(replace(ln, party=wanted[ln.task][0], note=wanted[ln.task][1])
                 if ln.task in wanted else ln for ln in lines)


def seed_cooperation(b: Any) -> None:
    """b: seed._Builder (organisations and accounts already made)."""
    nav, muni = b.orgs["nav_molde"].id, b.orgs["flyktning"].id
    first = _with(
        coop.default_lines(),
        kartlegging=(Party.FELLES, "Flyktningtjenesten kartlegger; NAV bidrar med "
                                   "arbeidsretting (rundskriv Q-27)."),
        koordinering=(Party.KOMMUNE, "Kommunen oppnevner koordinator innen to uker."),
        tiltak__norskopplaering=(Party.ANNEN, "Molde voksenopplæringssenter."),
    )
    second = _with(first, tiltak__jobbsokerkurs=(
        Party.FELLES, "Holdes sammen for deltakere i introduksjonsprogrammet."))
    a = save_agreement(b.s, nav_org_id=nav, municipality_org_id=muni, based_on_version=0,
                       lines=first, actor_id=b.accounts["koordinator"].id,
                       reason="Avtalt i samarbeidsmøte.")
    a = save_agreement(b.s, nav_org_id=nav, municipality_org_id=muni, based_on_version=1,
                       lines=second, actor_id=b.accounts["veileder"].id,
                       reason="Jobbsøkerkurs holdes nå sammen.")
    moments = {1: b.ts(-300, 13), 2: b.ts(-90, 13)}
    for v in b.s.exec(select(CooperationAgreementVersion).where(
            CooperationAgreementVersion.agreement_id == a.id)):
        v.changed_at = moments[v.version]
        b.s.add(v)
    a.created_at, a.updated_at = moments[1], moments[2]
    b.s.add(a)
