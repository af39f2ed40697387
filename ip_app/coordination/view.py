"""Coordination across people: which people in a staff member's caseload have which
tiltak, with status and dates, by type, provider and status. Plain Python; texts in `lang`.

The provider of a tiltak is the organisation of its responsible participant ("none" when
the responsible is the person, a relative or nobody). The provider options are built from
what is in the viewer's caseload; a value that is not among them shows everything.

Each plan is checked through the one access policy (data.plans.access_for), and each
tiltak through PlanAccess.can_see_measure, exactly as the plan page does: a plan or a
tiltak the viewer may not see never reaches the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlmodel import Session, select

from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import t
from ip_app.kernel.models import Account, Measure, Organisation, Participant
from ip_app.kernel.plan_access import access_for
from ip_app.measures import catalogue
from ip_app.measures.rules import ORDER, Status
from ip_app.plan.view import STATUS_COLOR, Option, _dates

ALL = "all"
OWN = "own"  # free-text tiltak without a catalogue type
NO_PROVIDER = "none"  # responsible is the person, a relative, or nobody


@dataclass
class CoordRow:
    person: str
    href: str
    title: str
    kind: str
    provider: str
    status: str
    status_label: str
    status_color: str
    dates: str


@dataclass
class CoordGroup:
    kind: str
    title: str
    rows: list[CoordRow] = field(default_factory=list)


@dataclass
class CoordinationPage:
    mode: str = "loading"  # loading | page | denied
    groups: list[CoordGroup] = field(default_factory=list)
    kind_options: list[Option] = field(default_factory=list)
    status_options: list[Option] = field(default_factory=list)
    provider_options: list[Option] = field(default_factory=list)
    provider: str = ALL  # the provider filter in effect (an unknown value falls back to all)
    count: str = ""


def provider_key(org_id: Optional[int]) -> str:
    return str(org_id) if org_id is not None else NO_PROVIDER


def _visible(s: Session, viewer: Viewer, today: date
             ) -> list[tuple[Measure, str, int, Optional[int]]]:
    """(tiltak, person's name, plan id, provider org) of every tiltak the viewer may see
    across the plans they take part in, each plan through the access policy."""
    plan_ids = list(s.exec(select(Participant.plan_id).where(
        Participant.account_id == viewer.account_id, Participant.left_at == None)))  # noqa: E711
    visible: list[tuple[Measure, str, int, Optional[int]]] = []
    for plan_id in sorted(set(plan_ids)):
        plan, access = access_for(s, viewer, plan_id, today)
        if plan is None or not access.allowed:
            continue
        person = s.get(Account, plan.person_id)
        org_of = dict(s.exec(select(Participant.id, Participant.organisation_id).where(
            Participant.plan_id == plan_id)).all())
        for m in s.exec(select(Measure).where(Measure.plan_id == plan_id).order_by(Measure.id)):
            if access.can_see_measure(m.responsible_participant_id, m.restricted_to_org_id,
                                      viewer.org_id):
                visible.append((m, person.display_name if person else "", plan.id,
                                org_of.get(m.responsible_participant_id)))
    return visible


def listed_plans(s: Session, viewer: Viewer, today: date) -> list[int]:
    """The plans whose person appears in the viewer's unfiltered list (for the audit)."""
    if viewer.kind != "staff":
        return []
    return sorted({plan_id for _, _, plan_id, _ in _visible(s, viewer, today)})


def build_coordination(s: Session, viewer: Viewer, today: date, kind: str, status: str,
                       lang: str, provider: str = ALL) -> CoordinationPage:
    if viewer.kind != "staff":
        return CoordinationPage(mode="denied")
    visible = _visible(s, viewer, today)
    kinds_present = {m.kind if catalogue.is_known(m.kind) else OWN for m, _, _, _ in visible}
    org_ids = sorted({o for _, _, _, o in visible if o is not None})
    names = {o.id: o.name for o in s.exec(select(Organisation).where(
        Organisation.id.in_(org_ids)))} if org_ids else {}
    page = CoordinationPage(mode="page")
    page.kind_options = [Option(value=ALL, label=t("coord.all_types", lang))] + [
        Option(value=m.key, label=t(m.name_key, lang)) for m in catalogue.CATALOGUE
        if m.key in kinds_present] + ([Option(value=OWN, label=t("coord.own_type", lang))]
                                      if OWN in kinds_present else [])
    page.status_options = [Option(value=ALL, label=t("coord.all_statuses", lang))] + [
        Option(value=st.value, label=t(f"status.{st.value}", lang)) for st in ORDER]
    page.provider_options = [Option(value=ALL, label=t("coord.all_providers", lang))] + sorted(
        (Option(value=provider_key(o), label=names.get(o, "")) for o in org_ids),
        key=lambda o: o.label.casefold()) + (
        [Option(value=NO_PROVIDER, label=t("coord.no_provider", lang))]
        if any(o is None for _, _, _, o in visible) else [])
    if provider not in {o.value for o in page.provider_options}:
        provider = ALL  # not something in the caseload: the server shows everything
    page.provider = provider
    groups: dict[str, CoordGroup] = {}
    n = 0
    for m, name, plan_id, org_id in visible:
        k = m.kind if catalogue.is_known(m.kind) else OWN
        if kind not in (ALL, k) or status not in (ALL, m.status):
            continue
        if provider not in (ALL, provider_key(org_id)):
            continue
        st = Status(m.status)
        g = groups.setdefault(k, CoordGroup(kind=k, title=t(catalogue.BY_KEY[k].name_key, lang)
                                            if k != OWN else t("coord.own_type", lang)))
        g.rows.append(CoordRow(person=name, href=f"/plan/{plan_id}", title=m.title, kind=k,
                               provider=t("coord.provider", lang, name=names[org_id])
                               if org_id is not None else "",
                               status=st.value, status_label=t(f"status.{st.value}", lang),
                               status_color=STATUS_COLOR[st],
                               dates=_dates(m.start_date, m.end_date, lang)))
        n += 1
    order = [m.key for m in catalogue.CATALOGUE] + [OWN]
    page.groups = [groups[k] for k in order if k in groups]
    page.count = t("coord.count", lang, n=n)
    return page
