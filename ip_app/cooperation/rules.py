"""Samarbeidsavtale: the agreed split of work between a NAV office and a municipality.

A NAV office and a municipal service (two `Organisation` rows, kinds `nav` and
`kommune`) agree who usually does each standard task: kartlegging, koordinering
of the individuell plan, and each common tiltak type of the catalogue. One line
per task: the responsible party and an optional note. A new plan starts its
"hvem gjør hva" (Participant.contribution) from these lines.

Who may do what (our rule; the account model has no office-leader role):
- read: staff of one of the two organisations;
- edit: those of them who are koordinator or NAV-veileder in at least one plan they
  still take part in (the roles that turn the agreement into plans). Other staff of
  the two organisations (tjenesteytere) read only;
- everyone else (the person, relatives, staff of other organisations): nothing.

Plain Python: no Reflex, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable, Optional

from ip_app.kernel.roles import OrgKind, Role
from ip_app.measures import catalogue
from ip_app.plan.rules import PlanBasis

NOTE_MAX = 300
KARTLEGGING = "kartlegging"
KOORDINERING = "koordinering"
GENERAL_TASKS = (KARTLEGGING, KOORDINERING)
TILTAK_PREFIX = "tiltak:"


class Party(StrEnum):
    """Who a line gives the task to."""

    NAV = "nav"  # the NAV office of the agreement
    KOMMUNE = "kommune"  # the municipal service of the agreement
    FELLES = "felles"  # both, together
    ANNEN = "annen"  # another provider (the catalogue's usual one: DPS, voksenopplæring, ...)


EDITOR_ROLES = frozenset({Role.KOORDINATOR, Role.VEILEDER})


def tasks() -> tuple[str, ...]:
    """Every task of an agreement, in the order the page shows them."""
    return GENERAL_TASKS + tuple(TILTAK_PREFIX + m.key for m in catalogue.CATALOGUE)


def measure_kind(task: str) -> Optional[str]:
    """The catalogue key of a tiltak task, None for kartlegging/koordinering."""
    return task[len(TILTAK_PREFIX):] if task.startswith(TILTAK_PREFIX) else None


def task_label_key(task: str) -> str:
    """Translation key of the task's name."""
    kind = measure_kind(task)
    return catalogue.BY_KEY[kind].name_key if kind else f"coop.task.{task}"


@dataclass(frozen=True)
class Line:
    task: str
    party: Party
    note: str = ""


_PROVIDER_PARTY = {OrgKind.NAV: Party.NAV, OrgKind.MUNICIPALITY: Party.KOMMUNE}


def default_lines() -> tuple[Line, ...]:
    """The proposal an office starts from before anything is saved: the catalogue's usual
    providers; kartlegging together (rundskriv Q-27: the municipality kartlegger, NAV takes
    part with work orientation), koordinering of the IP with the municipality."""
    out = [Line(KARTLEGGING, Party.FELLES), Line(KOORDINERING, Party.KOMMUNE)]
    for m in catalogue.CATALOGUE:
        out.append(Line(TILTAK_PREFIX + m.key, _PROVIDER_PARTY.get(m.provider, Party.ANNEN)))
    return tuple(out)


# --- who may read and edit --------------------------------------------------------


def is_party(viewer_kind: str, viewer_org_id: Optional[int], nav_org_id: int,
             municipality_org_id: int) -> bool:
    return viewer_kind == "staff" and viewer_org_id is not None and viewer_org_id in (
        nav_org_id, municipality_org_id)


def may_read(viewer_kind: str, viewer_org_id: Optional[int], nav_org_id: int,
             municipality_org_id: int) -> bool:
    return is_party(viewer_kind, viewer_org_id, nav_org_id, municipality_org_id)


def may_edit(viewer_kind: str, viewer_org_id: Optional[int], nav_org_id: int,
             municipality_org_id: int, plan_roles: Iterable[Role]) -> bool:
    """`plan_roles`: the viewer's roles in the plans they still take part in."""
    return is_party(viewer_kind, viewer_org_id, nav_org_id, municipality_org_id) and bool(
        EDITOR_ROLES & set(plan_roles))


def may_be_party(org_kind: str) -> bool:
    return org_kind in (OrgKind.NAV.value, OrgKind.MUNICIPALITY.value)


# --- validation --------------------------------------------------------------------


class AgreementError(Exception):
    """Field name ("party:<task>" / "note:<task>") -> translation key."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def parse_lines(form: dict) -> tuple[Line, ...]:
    """The agreement's lines from a form with `party:<task>` and `note:<task>` fields.

    Every task needs a valid party; notes are optional and short. Unknown fields are
    ignored. Raises AgreementError naming each bad field.
    """
    errors: dict[str, str] = {}
    lines: list[Line] = []
    for task in tasks():
        raw_party = str(form.get(f"party:{task}") or "").strip()
        note = str(form.get(f"note:{task}") or "").replace("\x00", "").strip()
        try:
            party = Party(raw_party)
        except ValueError:
            errors[f"party:{task}"] = "error.coop_party_required"
            party = Party.ANNEN
        if len(note) > NOTE_MAX:
            errors[f"note:{task}"] = "error.coop_note_too_long"
        lines.append(Line(task, party, note))
    if errors:
        raise AgreementError(errors)
    return tuple(lines)


def to_json(lines: Iterable[Line]) -> list[dict]:
    return [{"task": ln.task, "party": ln.party.value, "note": ln.note} for ln in lines]


def from_json(raw: Iterable[dict]) -> tuple[Line, ...]:
    """Stored lines, completed with the defaults for tasks added to the catalogue later."""
    stored: dict[str, Line] = {}
    for item in raw or ():
        try:
            stored[str(item["task"])] = Line(str(item["task"]), Party(item["party"]),
                                             str(item.get("note") or ""))
        except (KeyError, ValueError):
            continue
    return tuple(stored.get(d.task, d) for d in default_lines())


def changed_tasks(before: Iterable[Line], after: Iterable[Line]) -> list[str]:
    """Tasks whose party or note differ between two versions."""
    old = {ln.task: ln for ln in before}
    return [ln.task for ln in after if old.get(ln.task) != ln]


# --- the default "hvem gjør hva" of a new plan ------------------------------------


@dataclass(frozen=True)
class PlanMember:
    """One participant of the new plan, as far as the split needs to know."""

    key: int  # participant id
    role: Role
    org_id: Optional[int] = None
    org_kind: str = ""


_PREFERRED = {Party.NAV: (Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER),
              Party.KOMMUNE: (Role.KOORDINATOR, Role.VEILEDER, Role.TJENESTEYTER)}


def _lead(members: list[PlanMember], org_id: int, party: Party) -> Optional[PlanMember]:
    """The one member who takes a party's tasks: the veileder for NAV, the koordinator
    for the municipality, else any staff member of that organisation."""
    of_org = [m for m in members if m.org_id == org_id]
    for role in _PREFERRED[party]:
        for m in of_org:
            if m.role == role:
                return m
    return None


def default_split(lines: Iterable[Line], members: Iterable[PlanMember], nav_org_id: int,
                  municipality_org_id: int, bases: Iterable[PlanBasis]) -> dict[int, list[Line]]:
    """Which participant of a new plan gets which lines of the agreement.

    - NAV lines go to the plan's member from the NAV office (the veileder first),
      kommune lines to the member from the municipal service (the koordinator first),
      shared (felles) lines to both;
    - "annen" tiltak lines go to a member whose organisation is of the kind the catalogue
      names as the usual provider (DPS for IPS, voksenopplæring for norskopplæring...);
    - tiltak lines only for tiltak types that serve one of the plan's bases;
    - a line nobody in the plan can take is left out; the person and relatives get none
      (their own words are theirs to write).
    Returns participant id -> lines, in the agreement's order; members without lines absent.
    """
    members = list(members)
    wanted = set(bases)
    nav = _lead(members, nav_org_id, Party.NAV)
    kommune = _lead(members, municipality_org_id, Party.KOMMUNE)
    out: dict[int, list[Line]] = {}
    for ln in lines:
        kind = measure_kind(ln.task)
        if kind is not None:
            mt = catalogue.get(kind)
            if mt is None or not (wanted & set(mt.serves)):
                continue
        takers: list[Optional[PlanMember]]
        if ln.party == Party.NAV:
            takers = [nav]
        elif ln.party == Party.KOMMUNE:
            takers = [kommune]
        elif ln.party == Party.FELLES:
            takers = [nav, kommune]
        else:
            mt = catalogue.get(kind or "")
            takers = [next((m for m in members if mt is not None and m.org_kind == mt.provider.value
                            and m.role in (Role.TJENESTEYTER, Role.KOORDINATOR, Role.VEILEDER)),
                           None)]
        for m in takers:
            if m is not None:
                out.setdefault(m.key, []).append(ln)
    return out
