"""Coordination across people: which people in a staff member's caseload have which
tiltak, with status and dates, by type, provider and status. Plain Python; texts in `lang`.

The provider of a tiltak is the organisation of its responsible participant ("none" when
the responsible is the person, a relative or nobody). The provider options are built from
what is in the viewer's caseload; a value that is not among them shows everything.

What is listed was read by `coordination.data.load_page`, each plan through the one access
policy and each tiltak through PlanAccess.can_see_measure, exactly as the plan page does: a
plan or a tiltak the viewer may not see never reaches the list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ip_app.coordination.data import CoordinationData
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import t
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


def build_coordination(data: CoordinationData, viewer: Viewer, kind: str, status: str,
                       lang: str, provider: str = ALL) -> CoordinationPage:
    if viewer.kind != "staff":
        return CoordinationPage(mode="denied")
    visible = data.visible
    kinds_present = {m.kind if catalogue.is_known(m.kind) else OWN for m, _, _, _ in visible}
    org_ids = sorted({o for _, _, _, o in visible if o is not None})
    names = data.org_names
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
