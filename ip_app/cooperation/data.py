"""Samarbeidsavtale: reading and writing the agreement between a NAV office and a
municipality, and starting a new plan's "hvem gjør hva" from it.

Nothing is overwritten: each save writes a new `CooperationAgreementVersion`; the
header's `version` is the optimistic lock, so a save based on an older version is
refused (`StaleAgreement`) instead of silently replacing what someone else saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.cooperation import rules as coop
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import t
from ip_app.kernel.roles import OrgKind, Role

from ip_app.kernel.models import (
    Account, CooperationAgreement, CooperationAgreementVersion, Organisation, Participant,
    PlanBasis, utcnow,
)


class StaleAgreement(Exception):
    """The agreement was saved by someone else since the form was opened."""

    def __init__(self, current: Optional[CooperationAgreement]):
        super().__init__("cooperation agreement changed")
        self.current = current


def counterparts(s: Session, org: Organisation) -> list[Organisation]:
    """Organisations the office can have an agreement with: the other kind (NAV office ↔
    municipal service) in the same municipality, plus any it already has one with."""
    if not coop.may_be_party(org.kind):
        return []
    other = OrgKind.MUNICIPALITY if org.kind == OrgKind.NAV.value else OrgKind.NAV
    mine = (CooperationAgreement.nav_org_id if org.kind == OrgKind.NAV.value
            else CooperationAgreement.municipality_org_id)
    theirs = (CooperationAgreement.municipality_org_id if org.kind == OrgKind.NAV.value
              else CooperationAgreement.nav_org_id)
    linked = set(s.exec(select(theirs).where(mine == org.id)))
    rows = s.exec(select(Organisation).where(Organisation.kind == other.value)
                  .order_by(Organisation.name, Organisation.id))
    return [o for o in rows if o.municipality == org.municipality or o.id in linked]


def pair(org: Organisation, other: Organisation) -> tuple[int, int]:
    """(nav_org_id, municipality_org_id) of an office and its counterpart."""
    return (org.id, other.id) if org.kind == OrgKind.NAV.value else (other.id, org.id)


def agreement_between(s: Session, nav_org_id: int, municipality_org_id: int
                      ) -> Optional[CooperationAgreement]:
    return s.exec(select(CooperationAgreement).where(
        CooperationAgreement.nav_org_id == nav_org_id,
        CooperationAgreement.municipality_org_id == municipality_org_id)).first()


def versions(s: Session, agreement_id: int) -> list[tuple[CooperationAgreementVersion, str]]:
    """Every version with the name of who saved it, newest first."""
    rows = s.exec(select(CooperationAgreementVersion, Account.display_name)
                  .join(Account, Account.id == CooperationAgreementVersion.changed_by_id)
                  .where(CooperationAgreementVersion.agreement_id == agreement_id)
                  .order_by(CooperationAgreementVersion.version.desc()))
    return [(v, name) for v, name in rows]


def current_lines(s: Session, agreement: Optional[CooperationAgreement]) -> tuple[coop.Line, ...]:
    """The agreement's current lines; the catalogue's default proposal without one."""
    if agreement is None:
        return coop.default_lines()
    row = s.exec(select(CooperationAgreementVersion).where(
        CooperationAgreementVersion.agreement_id == agreement.id,
        CooperationAgreementVersion.version == agreement.version)).first()
    return coop.from_json(row.lines) if row else coop.default_lines()


def plan_roles(s: Session, account_id: int) -> set[Role]:
    """The roles an account has in the plans it still takes part in."""
    return {Role(r) for r in s.exec(select(Participant.role).where(
        Participant.account_id == account_id, Participant.left_at == None)  # noqa: E711
        .distinct())}


def save_agreement(
    s: Session, *, nav_org_id: int, municipality_org_id: int, based_on_version: int,
    lines: Iterable[coop.Line], actor_id: int, reason: str = "",
) -> CooperationAgreement:
    """Write a new version. `based_on_version` 0 starts the agreement.

    Raises StaleAgreement when the agreement is no longer at `based_on_version`.
    """
    payload = coop.to_json(lines)
    now = utcnow()
    if based_on_version == 0:
        if agreement_between(s, nav_org_id, municipality_org_id) is not None:
            raise StaleAgreement(agreement_between(s, nav_org_id, municipality_org_id))
        agreement = CooperationAgreement(nav_org_id=nav_org_id,
                                         municipality_org_id=municipality_org_id, version=1,
                                         created_at=now, updated_at=now)
        try:
            with s.begin_nested():  # two first saves at once: the second is stale
                s.add(agreement)
                s.flush()
        except sa.exc.IntegrityError:
            raise StaleAgreement(agreement_between(s, nav_org_id, municipality_org_id))
    else:
        current = agreement_between(s, nav_org_id, municipality_org_id)
        if current is None:
            raise StaleAgreement(None)
        res = s.execute(
            sa.update(CooperationAgreement)
            .where(CooperationAgreement.id == current.id,
                   CooperationAgreement.version == based_on_version)
            .values(version=based_on_version + 1, updated_at=now)
            .execution_options(synchronize_session=False))
        agreement = s.get(CooperationAgreement, current.id, populate_existing=True)
        if res.rowcount != 1:
            raise StaleAgreement(agreement)
    s.add(CooperationAgreementVersion(agreement_id=agreement.id, version=agreement.version,
                                      lines=payload, changed_by_id=actor_id, changed_at=now,
                                      reason=reason))
    s.flush()
    return agreement


# --- a new plan starts from the agreement ---------------------------------------------


def contribution_text(lines: Iterable[coop.Line], lang: str) -> str:
    """"Etter samarbeidsavtalen: Kartlegging; Arbeidstrening (merknad)." in `lang`."""
    parts = []
    for ln in lines:
        name = t(coop.task_label_key(ln.task), lang)
        parts.append(f"{name} ({ln.note})" if ln.note else name)
    return t("coop.contribution", lang, tasks="; ".join(parts))


def start_contributions(s: Session, plan_id: int, lang: str = "nb") -> int:
    """Give the plan's participants their "hvem gjør hva" from the samarbeidsavtale between
    the NAV office and the municipal service taking part in it.

    Called where a plan (or its individuell plan) starts. Only EMPTY contributions are
    filled: what someone already wrote is never replaced. Returns how many were filled.
    """
    rows = list(s.exec(select(Participant, Organisation.kind)
                       .join(Organisation, Organisation.id == Participant.organisation_id,
                             isouter=True)
                       .where(Participant.plan_id == plan_id,
                              Participant.left_at == None)))  # noqa: E711
    orgs = {(p.organisation_id, kind) for p, kind in rows if p.organisation_id}
    navs = [o for o, k in orgs if k == OrgKind.NAV.value]
    munis = [o for o, k in orgs if k == OrgKind.MUNICIPALITY.value]
    agreement = None
    for n in sorted(navs):
        for m in sorted(munis):
            agreement = agreement or agreement_between(s, n, m)
    if agreement is None:
        return 0
    bases = [b for b in s.exec(select(PlanBasis.basis).where(PlanBasis.plan_id == plan_id))]
    members = [coop.PlanMember(key=p.id, role=Role(p.role), org_id=p.organisation_id,
                               org_kind=kind or "") for p, kind in rows]
    split = coop.default_split(current_lines(s, agreement), members, agreement.nav_org_id,
                               agreement.municipality_org_id, bases)
    filled = 0
    for p, _ in rows:
        if p.id in split and not (p.contribution or "").strip():
            p.contribution = contribution_text(split[p.id], lang)
            s.add(p)
            filled += 1
    s.flush()
    return filled


@dataclass(frozen=True)
class Pair:
    """The agreement the page is about, resolved on the server."""

    nav_org_id: int
    municipality_org_id: int
    nav_name: str
    municipality_name: str


def resolve_pair(s: Session, viewer: Optional[Viewer], counterpart: str
                 ) -> tuple[Optional[Pair], list[Organisation]]:
    """The viewer's office and the chosen counterpart (the first listed one when the value
    is empty or not one of the office's counterparts); (None, []) when not a party."""
    if viewer is None or viewer.kind != "staff" or viewer.org_id is None:
        return None, []
    org = s.get(Organisation, viewer.org_id)
    if org is None or not coop.may_be_party(org.kind):
        return None, []
    options = counterparts(s, org)
    if not options:
        return None, []
    chosen = next((o for o in options if str(o.id) == counterpart), None)
    if chosen is None:
        # the first one that already has an agreement, else the first
        chosen = next((o for o in options
                       if agreement_between(s, *pair(org, o)) is not None), options[0])
    nav_id, muni_id = pair(org, chosen)
    nav, muni = (org, chosen) if nav_id == org.id else (chosen, org)
    return Pair(nav_id, muni_id, nav.name, muni.name), options


@dataclass
class CooperationData:
    """What '/samarbeidsavtale' is built from, read in one go."""
    pair: Optional[Pair] = None  # None: the viewer's office is not a party
    options: list[Organisation] = field(default_factory=list)  # the office's counterparts
    plan_roles: set[Role] = field(default_factory=set)  # the viewer's roles in plans
    agreement: Optional[CooperationAgreement] = None
    lines: tuple[coop.Line, ...] = ()  # current lines (the default proposal when none saved)
    history: list[tuple[CooperationAgreementVersion, str]] = field(default_factory=list)


def load_page(s: Session, viewer: Optional[Viewer], counterpart: str) -> CooperationData:
    pair, options = resolve_pair(s, viewer, counterpart)
    if pair is None or viewer is None:
        return CooperationData(pair, options)
    agreement = agreement_between(s, pair.nav_org_id, pair.municipality_org_id)
    return CooperationData(pair, options, plan_roles(s, viewer.account_id), agreement,
                           current_lines(s, agreement),
                           versions(s, agreement.id) if agreement is not None else [])
