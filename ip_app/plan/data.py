"""Reading a plan through the access policy.

`kernel.plan_access.access_for` (asked by the gate) loads the facts the policy needs and
asks `kernel.access.plan_access`; `load_plan` then returns only what that access allows.
`load_page` reads the rest of what the plan page shows (histories, dialog, programme,
meetings, first screen, notices, progress notes, the IP's contents), and `load_patch` what a
patch after a change to some tiltak needs; `plan.view` only arranges it. The number of
queries is fixed, whatever the size of the plan (no N+1).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from typing import Any, Optional

import sqlalchemy as sa
from sqlmodel import Session, select

from ip_app.advance_notice import data as notice_data
from ip_app.contributions import data as contribution_data
from ip_app.contributions.rules import IPS_KIND
from ip_app.dialog import data as dialog_data
from ip_app.dialog.rules import may_use_dialog
from ip_app.first_screen.data import FirstData, load_first
from ip_app.ip_contents import data as ipc_data
from ip_app.ip_contents.data import IpContentsData
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.common import Memo
from ip_app.kernel.disclosure import is_protected, may_read_contribution, may_see_contact
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.meetings import data as meeting_data
from ip_app.meetings.rules import MeetingFacts
from ip_app.minutes.rules import may_read as may_read_minutes
from ip_app.plan.rules import (  # noqa: F401 - measure_facts, measure_order: asked for here too
    PlanBasis as Basis, history_key, measure_facts, measure_order,
)
from ip_app.programme import data as programme_data
from ip_app.programme.rules import may_read_programme
from ip_app.progress_notes import data as progress_data

from ip_app.kernel.db import param, param_list
from ip_app.kernel.models import (
    Account, ContributionVersion, Goal, GoalVersion, Measure, MeasureVersion, Organisation,
    Participant, Plan, PlanBasis, PlanItem, Programme,
)


@dataclass(frozen=True)
class ParticipantInfo:
    id: int
    account_id: int
    role: Role
    name: str
    title: str
    organisation: str
    org_kind: str
    contribution: str
    phone: str
    email: str
    is_coordinator: bool
    contribution_version: int = 1  # 0 when the viewer may not read the part
    contribution_readable: bool = True  # False: `contribution` is withheld ("")


@dataclass
class PlanData:
    plan: Plan
    access: PlanAccess
    bases: list[Basis] = field(default_factory=list)
    participants: list[ParticipantInfo] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    items: list[PlanItem] = field(default_factory=list)
    person_name: str = ""
    person_protected: bool = False  # kode 6/7 on the person (kernel/disclosure.py)
    person_birth_date: Optional[date] = None  # under 16 a guardian decides on consent

    def participant(self, participant_id: Optional[int]) -> Optional[ParticipantInfo]:
        return next((p for p in self.participants if p.id == participant_id), None)


_BASES = select(PlanBasis.basis).where(PlanBasis.plan_id == param("plan_id")).order_by(PlanBasis.id)
_GOALS = (select(Goal).where(Goal.plan_id == param("plan_id"), Goal.archived_at == None)  # noqa: E711
          .order_by(Goal.parent_id.is_not(None), Goal.position, Goal.id))
_ITEMS = (select(PlanItem).where(PlanItem.plan_id == param("plan_id"),
                                 PlanItem.archived_at == None)  # noqa: E711
          .order_by(PlanItem.kind, PlanItem.id))
_MEASURES = (select(Measure).where(Measure.plan_id == param("plan_id"))
             .order_by(Measure.start_date.asc().nulls_first(), Measure.id))


_PARTICIPANTS = (  # who takes part in a plan now, with their account and organisation
    select(Participant, Account, Organisation)
    .join(Account, Account.id == Participant.account_id)
    .join(Organisation, Organisation.id == Participant.organisation_id, isouter=True)
    .where(Participant.plan_id == param("plan_id"), Participant.left_at == None,  # noqa: E711
           # invited, not yet approved by the person (issue 19): not in the plan yet
           Participant.pending == False))  # noqa: E712
_PARTICIPANTS_IN_ORDER = _PARTICIPANTS.order_by(Participant.id)



def _info(p: Participant, a: Account, o: Optional[Organisation], plan: Plan, access: PlanAccess,
          viewer: Viewer, person_protected: bool) -> ParticipantInfo:
    """One participant as `viewer` may see them: their part only if the viewer may read it,
    contact details only if the viewer may see them (kernel/disclosure.py; kode 6/7)."""
    readable = may_read_contribution(access, p.id)
    contact = may_see_contact(
        access, viewer_account_id=viewer.account_id, account_id=a.id, role=p.role,
        protected=is_protected(a.protection), person_protected=person_protected)
    return ParticipantInfo(
        id=p.id, account_id=a.id, role=Role(p.role), name=a.display_name, title=a.title,
        organisation=o.name if o else "", org_kind=o.kind if o else "",
        contribution=p.contribution if readable else "",
        phone=a.phone if contact else "", email=a.email if contact else "",
        is_coordinator=p.id == plan.coordinator_participant_id,
        contribution_version=p.contribution_version if readable else 0,
        contribution_readable=readable,
    )


def load_plan(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer) -> PlanData:
    """Everything of `plan` that `access` allows, in a fixed number of queries."""
    data = PlanData(plan=plan, access=access)
    if not access.allowed:
        return data
    person = s.get(Account, plan.person_id)
    data.person_name = person.display_name if person else ""
    data.person_birth_date = person.birth_date if person else None
    of_plan = {"plan_id": plan.id}
    data.bases = [Basis(b) for b in s.exec(_BASES, params=of_plan)]
    rows = s.exec(_PARTICIPANTS_IN_ORDER, params=of_plan).all()
    person_protected = data.person_protected = is_protected(person.protection if person else "")
    data.participants = [_info(p, a, o, plan, access, viewer, person_protected)
                         for p, a, o in rows]
    if access.can(Scope.GOALS):
        data.goals = list(s.exec(_GOALS, params=of_plan))
        data.items = list(s.exec(_ITEMS, params=of_plan))
    measures = s.exec(_MEASURES, params=of_plan).all()
    data.measures = [m for m in measures if access.can_see_measure(
        m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id)]
    return data


_PERSON = sa.orm.aliased(Account)
_VISIBLE_MEASURE = (  # one statement: the tiltak and who is responsible (if still taking
    # part), and whether the plan's person is protected (for the contact details)
    select(Measure, Participant, Account, Organisation, _PERSON.protection)
    .outerjoin(Participant, sa.and_(Participant.id == Measure.responsible_participant_id,
                                    Participant.plan_id == param("plan_id"),
                                    Participant.left_at == None))  # noqa: E711
    .outerjoin(Account, Account.id == Participant.account_id)
    .outerjoin(Organisation, Organisation.id == Participant.organisation_id)
    .outerjoin(_PERSON, _PERSON.id == param("person_id"))
    .where(Measure.id == param("measure_id"))
)


def visible_measure(s: Session, plan: Plan, access: PlanAccess, viewer: Viewer,
                    measure_id: Optional[int]) -> Optional[tuple[Measure, Optional[ParticipantInfo]]]:
    """One tiltak of `plan`, if `access` lets the viewer see it, with who is responsible
    for it: what a write on one tiltak needs, in one query instead of a whole plan."""
    if measure_id is None or not access.allowed:
        return None
    row = s.exec(_VISIBLE_MEASURE, params={"plan_id": plan.id, "measure_id": measure_id,
                                           "person_id": plan.person_id}).first()
    if row is None:
        return None
    m, p, a, o, protection = row
    if m.plan_id != plan.id or not access.can_see_measure(
            m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id):
        return None
    return m, (_info(p, a, o, plan, access, viewer, is_protected(protection))
               if p is not None else None)


# -- the plan page: everything it shows beyond the plan itself ------------------------------

# Finished history rows per (goal or tiltak, its version, viewer, language), shared by the
# viewer's tabs and kept across rebuilds (formatted by plan.view, which puts them here). A
# history only grows by a new version, which moves the key, so a rebuild after one change
# reads one history, not all. Pages are only built from committed rows, so (id, version)
# names one history for good (tests that roll back or copy databases clear it:
# tests/unit/conftest.py).
HISTORY = Memo.named("plan.history", 50_000)


# The history reads, built once (see `db.param`): a patch after each change asks for them.
_GOAL_VERSIONS = (select(GoalVersion).where(GoalVersion.goal_id.in_(param_list("ids")))
                  .order_by(GoalVersion.goal_id, GoalVersion.version))
_WHOLE = MeasureVersion.measure_id.in_(param_list("whole"))
_GROWN = sa.tuple_(MeasureVersion.measure_id, MeasureVersion.version).in_(
    param_list("grown"))
_MEASURE_VERSIONS = {  # (any read whole, any grown) -> statement
    (w, g): select(MeasureVersion).where(sa.or_(*([_WHOLE] if w else []), *([_GROWN] if g else [])))
    .order_by(MeasureVersion.measure_id, MeasureVersion.version)
    for w, g in ((True, False), (False, True), (True, True))}
_NAMES = select(Account.id, Account.display_name).where(
    Account.id.in_(param_list("ids")))
_TOUCHED = select(Measure).where(Measure.plan_id == param("plan_id"),
                                 Measure.id.in_(param_list("ids")))


# The tiltak a change touched, as read after it, per (plan, plan version, tiltak): every
# open page of the plan patches itself with the same rows (each viewer's page keeps only
# those its access lets it see, `load_patch`), so the first page rebuilt at a version
# reads them and the others take them from here. Rows of a version are never re-read
# wrongly: a version is never reused on a worker (kernel/live.py), and a later change
# moves the version (a new key).
_FRESH = Memo.named("plan.touched_rows", 200)
# Versions of a tiltak never change once written: (tiltak, version) -> the row
VERSION_ROWS = Memo.named("plan.measure_version_rows", 5000)


def _touched_rows(s: Session, plan_id: int, touched: set[int], version: Optional[int]) -> list:
    if not touched:
        return []
    key = (plan_id, version, tuple(sorted(touched))) if version is not None else None
    rows = _FRESH.get(key) if key is not None else None
    if rows is None:
        rows = list(s.exec(_TOUCHED, params={"plan_id": plan_id, "ids": list(touched)}))
        if key is not None:
            _FRESH.put(key, rows)
    return rows


@dataclass
class Histories:
    """The histories of the goals and visible tiltak: the rows already finished for this
    viewer and language (`HISTORY`), and the versions of the rest, read for the view to word.

    `goals` / `measures`: id -> finished rows, or None (to be worded from `goal_versions` /
    `measure_versions`); `grown`: tiltak whose rows up to the version before the current one
    are finished (their `measure_versions` hold that version and the current one)."""
    goals: dict[int, Optional[list]] = field(default_factory=dict)
    measures: dict[int, Optional[list]] = field(default_factory=dict)
    grown: dict[int, list] = field(default_factory=dict)
    goal_versions: list[GoalVersion] = field(default_factory=list)
    measure_versions: dict[int, list[MeasureVersion]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # who changed what, by account id


def load_histories(s: Session, data: PlanData, viewer: Viewer, lang: str,
                   more_authors: set[int], known: Optional[dict[int, str]] = None) -> Histories:
    """What the histories of every goal and visible tiltak need and `HISTORY` lacks, and the
    names of who changed them and of `more_authors` (at most three statements: the versions
    of goals and of tiltak, and the names not `known` already)."""
    h = Histories()
    h.goals = {g.id: HISTORY.get(history_key("goal", g.id, g.version, viewer, lang))
               for g in data.goals}
    for m in data.measures:
        h.measures[m.id] = HISTORY.get(history_key("measure", m.id, m.version, viewer, lang))
        if h.measures[m.id] is None and m.version > 1:
            earlier = HISTORY.get(history_key("measure", m.id, m.version - 1, viewer, lang))
            if earlier is not None:
                h.grown[m.id] = earlier
    goal_ids = [i for i, rows in h.goals.items() if rows is None]
    whole = [i for i, rows in h.measures.items() if rows is None and i not in h.grown]
    if goal_ids:
        h.goal_versions = list(s.exec(_GOAL_VERSIONS, params={"ids": goal_ids}))
    # every version of a tiltak not seen before; of one that grew, the new version and the
    # one before it (to tell what changed)
    h.measure_versions = {i: [] for i in [*whole, *h.grown]}
    if whole or h.grown:
        pairs = [(m.id, v) for m in data.measures if m.id in h.grown
                 for v in (m.version - 1, m.version)]
        known_rows = [VERSION_ROWS.get(p) for p in pairs]
        if not whole and all(r is not None for r in known_rows):
            rows = known_rows  # read already for another viewer's page
        else:
            rows = list(s.exec(_MEASURE_VERSIONS[bool(whole), bool(h.grown)],
                               params={"whole": whole, "grown": pairs}))
            for v in rows:
                if (v.measure_id, v.version) in pairs:
                    VERSION_ROWS.put((v.measure_id, v.version), v)
        for v in rows:
            h.measure_versions[v.measure_id].append(v)
    actor_ids = {v.changed_by_id for vs in h.measure_versions.values() for v in vs}
    actor_ids |= {v.changed_by_id for v in h.goal_versions} | more_authors
    h.names = dict(known or {})
    unknown = actor_ids - h.names.keys()
    if unknown:
        h.names.update(s.exec(_NAMES, params={"ids": list(unknown)}).all())
    return h


@dataclass
class PlanPageData:
    """What the plan page is built from (`plan.view.build`), read in a fixed number of
    statements by `load_page`, each part only if the viewer may see it."""
    data: PlanData
    now: datetime
    histories: Histories = field(default_factory=Histories)
    part_versions: dict[int, list[ContributionVersion]] = field(default_factory=dict)
    unread: int = 0  # unread messages in the plan (the viewer uses the dialog)
    by_measure: dict[int, int] = field(default_factory=dict)  # tiltak -> its conversation
    programme: Optional[dict[str, Programme]] = None  # None: the viewer may not read it
    meetings: list = field(default_factory=list)  # visible meetings with their versions
    minutes: dict[int, Any] = field(default_factory=dict)  # meeting -> current referat (readable)
    first: FirstData = field(default_factory=FirstData)
    notices: dict[int, list] = field(default_factory=dict)  # tiltak -> forhåndsorienteringer
    progress: dict[int, list] = field(default_factory=dict)  # tiltak -> "slik går det" versions
    ip: IpContentsData = field(default_factory=IpContentsData)


def load_page(s: Session, data: PlanData, viewer: Viewer, today: date, lang: str = "nb",
              now: Optional[datetime] = None) -> PlanPageData:
    """Everything the plan page shows beyond `data` (`load_plan`), in a fixed number of
    statements whatever the size of the plan."""
    plan, access = data.plan, data.access
    out = PlanPageData(data=data, now=now or datetime.now(timezone.utc))
    out.part_versions = contribution_data.versions_of(  # only the parts this viewer may read
        s, [p.id for p in data.participants if p.contribution_readable])
    part_authors = {v.changed_by_id for vs in out.part_versions.values() for v in vs
                    if v.changed_by_id is not None}
    out.histories = load_histories(s, data, viewer, lang, part_authors)
    if may_use_dialog(access):  # the unread count and conversations per tiltak
        out.unread = dialog_data.unread_in_plan(s, plan, access, viewer)
        out.by_measure = dialog_data.threads_by_measure(s, plan, access, viewer)
    if may_read_programme(access):
        out.programme = programme_data.latest_by_basis(s, plan.id)
    out.meetings = meeting_data.visible_with_history(
        s, plan.id, access, viewer, person_protected=data.person_protected,
        coordinator_participant_id=plan.coordinator_participant_id)
    readable = [m.id for m, _ in out.meetings if may_read_minutes(
        access, MeetingFacts.of(m), viewer.account_id, out.now)]
    out.minutes = meeting_data.current_of(s, readable)
    out.first = load_first(s, data, viewer, today)
    out.notices = notice_data.for_plan(s, plan.id, access)
    out.progress = progress_data.of_plan(s, [m.id for m in data.measures])
    out.ip = ipc_data.load_for_plan(s, plan.id, data.bases, access)
    return out


@dataclass
class PatchData:
    """What a patch of a built plan page needs after a change to some tiltak (and maybe the
    dialog): the plan with those tiltak read again, and what follows from them."""
    data: PlanData
    histories: Histories
    first: FirstData
    unread: Optional[int] = None  # None: the dialog is kept as it was
    by_measure: Optional[dict[int, int]] = None
    touched: set[int] = field(default_factory=set)  # the tiltak read again


def load_patch(s: Session, old: PlanData, old_viewer: Viewer, plan: Plan, access: PlanAccess,
               viewer: Viewer, today: date, lang: str, touched: set[int], *, dialog: bool,
               uses_dialog: bool, names: dict[int, str], requests: int,
               records: Optional[int] = None, version: Optional[int] = None,
               ) -> Optional[PatchData]:
    """The tiltak `touched` (changed, added or gone) read again over `old` (once per plan
    `version` for every viewer's page, see `_touched_rows`), and, if
    `dialog` and the viewer `uses_dialog`, the unread count and conversation links. None
    when a patch would not give what a whole build gives (the access, the plan or its
    people changed, or an IPS tiltak moved the IPS team): then build the page whole."""
    if (old_viewer != viewer or access != old.access
            or plan.model_dump() != old.plan.model_dump()):
        return None
    fresh = _touched_rows(s, plan.id, touched, version)
    known = {p.id for p in old.participants}
    if any(m.kind == IPS_KIND for m in fresh) or any(
            m.kind == IPS_KIND for m in old.measures if m.id in touched):
        return None
    if any(m.responsible_participant_id not in known for m in fresh
           if m.responsible_participant_id is not None):
        return None
    measures = [m for m in old.measures if m.id not in touched] + [
        m for m in fresh if access.can_see_measure(
            m.responsible_participant_id, m.restricted_to_org_id, viewer.org_id)]
    measures.sort(key=measure_order)
    data = replace(old, plan=plan, measures=measures)
    out = PatchData(data=data, histories=Histories(), first=FirstData(), touched=set(touched))
    if dialog and uses_dialog:
        out.unread = dialog_data.unread_in_plan(s, plan, access, viewer)
        out.by_measure = dialog_data.threads_by_measure(s, plan, access, viewer)
    out.histories = load_histories(s, data, viewer, lang, set(), names)
    # the first screen's counts: consent requests and unread samtalereferat change only by
    # writes that rebuild the page whole (never a patch), so the old ones hold (`records`)
    out.first = (FirstData(requests, records) if records is not None
                 else load_first(s, data, viewer, today, requests=requests))
    return out
