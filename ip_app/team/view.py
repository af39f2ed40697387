"""The ansvarsgruppe as one viewer may see it (plain Python, texts in `lang`).

Built for the open page through the live signal (kernel/live.py), so an open page asks
the policy again after every change of the plan: a helper whose consent is withdrawn or
who is removed sees that access has ended, not the members and their history."""

from __future__ import annotations

from dataclasses import dataclass, field

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.roles import Role
from ip_app.kernel.voice import participant_label
from ip_app.team.data import TeamData
from ip_app.team.rules import (
    may_coordinate, may_manage, may_remove, may_set_contact_reservation,
)


@dataclass
class MemberRow:
    participant_id: int = 0
    name: str = ""
    role: str = ""
    organisation: str = ""
    status: str = ""
    can_remove: bool = False
    can_coordinate: bool = False
    is_nav_veileder: bool = False


@dataclass
class HistoryRow:
    text: str = ""
    reason: str = ""


@dataclass
class TeamPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    person_name: str = ""
    can_manage: bool = False
    has_nav_veileder: bool = False
    members: list[MemberRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    # reserved against digital contact in KRR: letters on paper instead of e-mail and SMS
    reserved: bool = False
    reserved_text: str = ""
    can_set_reserved: bool = False
    reserved_history: list[HistoryRow] = field(default_factory=list)


def may_read_team(access: PlanAccess) -> bool:
    """The person and the staff who manage the ansvarsgruppe."""
    return access.allowed and (access.is_owner or may_manage(access.role))


def build_team_page(loaded: TeamData, access: PlanAccess, person_name: str, lang: str,
                    org_kind: str = "") -> TeamPage:
    """The ansvarsgruppe page, from what `team.data.load_page` read."""
    if not may_read_team(access):
        return TeamPage(mode="ended")
    manage = may_manage(access.role)
    page = TeamPage(mode="staff" if manage else "person", can_manage=manage,
                    person_name=person_name)
    page.reserved = loaded.reserved
    who = "you" if access.is_owner else "staff"
    page.reserved_text = t(f"team.krr_{who}_{'reserved' if page.reserved else 'open'}", lang,
                           name=page.person_name)
    page.can_set_reserved = may_set_contact_reservation(access.role, org_kind)
    for e in loaded.reservation_events:
        by = t("log.who_role", lang, name=e.by_name, role=t(f"role.{e.by_role}", lang))
        page.reserved_history.append(HistoryRow(
            text=t(f"team.krr_event_{'set' if e.reserved else 'lifted'}", lang, by=by,
                   when=fmt_datetime(e.at, lang)),
            reason=t("team.reason", lang, reason=e.reason)))
    for m in loaded.members:
        if m.left:
            continue
        if m.pending:
            status = t("team.status_waiting", lang)
        elif m.coordinator:
            status = t("team.status_coordinator", lang)
        else:
            status = ""
        page.members.append(MemberRow(
            participant_id=m.participant_id, name=m.name, role=participant_label(m.role, lang, m.title),
            organisation=m.organisation, status=status,
            can_remove=manage and may_remove(m.role),
            can_coordinate=manage and not m.pending and not m.coordinator
            and may_coordinate(m.role),
            is_nav_veileder=manage and not m.pending and m.role == Role.VEILEDER
            and m.org_kind == "nav"))
    page.has_nav_veileder = any(r.is_nav_veileder for r in page.members)
    for e in loaded.events:
        key = f"team.event_{e.kind}"
        if e.kind == "coordinator" and e.previous_name:
            key = "team.event_coordinator_replaced"
        by = t("log.who_role", lang, name=e.by_name, role=t(f"role.{e.by_role}", lang))
        page.history.append(HistoryRow(
            text=t(key, lang, by=by, name=e.name, previous=e.previous_name,
                   when=fmt_datetime(e.at, lang)),
            reason=t("team.reason", lang, reason=e.reason) if e.reason else ""))
    return page
