"""Recording and changing the programme facts of an introduction programme or a KVP.

Who may write them:
- the introduction programme (integreringsplan) is run by the municipality: a koordinator or
  veileder participant of the plan who works for the municipality (org kind `kommune`);
- the kvalifiseringsprogram is run by the NAV office: a veileder or koordinator participant
  who works for NAV.
Nobody else: not the person (they read the facts on their plan), not tjenesteytere
(DPS, adult education, GP, home care ...), not relatives, and nobody whose consent does
not cover the plan's goals. An organisation runs one kind of programme, so a viewer may
write at most one programme of a plan (`editable_basis`).

The form (`check_programme_form`), with errors keyed for the catalogues:
- start date required;
- KVP: end date required and after the start;
- introduction programme: Norwegian level one of NORWEGIAN_LEVELS (CEFR; A0 means no
  Norwegian yet, "" means not mapped yet); extension 0-12 months, with a reason REQUIRED
  when extended (two years, up to three with særlige grunner); hurtigspor yes/no; phases,
  each a name and a start date, in order of start and within the programme;
- texts at most TEXT_MAX characters, phase names at most PHASE_NAME_MAX.
Plain rules, no I/O, no Reflex.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Optional

from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.forms import TEXT_MAX, FormError, _clean
from ip_app.kernel.roles import OrgKind, Role
from ip_app.plan.rules import PlanBasis
from ip_app.programme.rules import (
    MAX_YEARS, add_years, may_read_programme, programme_bases, programme_time,
)

NORWEGIAN_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1")
MAX_EXTENSION_MONTHS = 12
MAX_PHASES = 12
PHASE_NAME_MAX = 200
EARLIEST = date(1990, 1, 1)  # a programme date before this is a typing error

_RUNS = {
    PlanBasis.INTEGRERINGSPLAN: (OrgKind.MUNICIPALITY, frozenset({Role.KOORDINATOR,
                                                                  Role.VEILEDER})),
    PlanBasis.KVALIFISERINGSPROGRAM: (OrgKind.NAV, frozenset({Role.VEILEDER, Role.KOORDINATOR})),
}


def may_edit_programme(access: PlanAccess, viewer: Optional[Viewer], basis: PlanBasis) -> bool:
    """May `viewer` record or change the facts of the plan's `basis` programme?"""
    if viewer is None or not access.allowed or access.is_owner or basis not in _RUNS:
        return False
    if not may_read_programme(access):
        return False
    org_kind, roles = _RUNS[basis]
    return access.role in roles and viewer.org_kind == org_kind.value


def editable_basis(access: PlanAccess, viewer: Optional[Viewer],
                   bases: list[PlanBasis]) -> Optional[PlanBasis]:
    """The programme of the plan this viewer may write, or None."""
    return next((b for b in programme_bases(bases) if may_edit_programme(access, viewer, b)),
                None)


@dataclass(frozen=True)
class ProgrammeFacts:
    """Validated facts, as the Programme table stores them."""

    start_date: date
    end_date: Optional[date] = None
    norwegian_level: str = ""
    education: str = ""
    work_experience: str = ""
    final_goal: str = ""
    hurtigspor: bool = False
    extension_months: int = 0
    extension_reason: str = ""
    phases: list = field(default_factory=list)  # [{"name": str, "start": "YYYY-MM-DD"}]

    def as_fields(self) -> dict:
        return asdict(self)


def same_facts(a: ProgrammeFacts, stored: object) -> bool:
    """Would saving `a` change nothing of `stored` (a Programme row)?"""
    return all(getattr(stored, k, None) == v for k, v in a.as_fields().items())


def _date(raw: object, errors: dict[str, str], key: str, required_key: str = "") -> Optional[date]:
    text = _clean(str(raw) if raw is not None else "")
    if not text:
        if required_key:
            errors[key] = required_key
        return None
    try:
        d = date.fromisoformat(text)
    except ValueError:
        errors[key] = "error.date_invalid"
        return None
    if d < EARLIEST or d.year > 2200:
        errors[key] = "error.date_invalid"
        return None
    return d


def _text(raw: object, errors: dict[str, str], key: str, max_len: int = TEXT_MAX,
          too_long: str = "error.text_too_long") -> str:
    text = _clean(str(raw) if raw is not None else "")
    if len(text) > max_len:
        errors[key] = too_long
    return text[:max_len]


def _checked(raw: object) -> bool:
    return str(raw).strip().lower() in ("on", "true", "1", "ja", "yes")


def check_programme_form(basis: PlanBasis, data: dict,
                         phases: list[tuple[object, object]]) -> ProgrammeFacts:
    """Validate one programme form; FormError maps a field to a catalogue key.

    A phase row's errors are keyed `phase_name_<i>` and `phase_start_<i>` (i: its row).

    `phases` are the rows of the phases editor in the order shown: (name, start date).
    A row left wholly empty is ignored. Nothing is written by this function.
    """
    if basis not in _RUNS:
        raise FormError({"_form": "error.invalid"})
    errors: dict[str, str] = {}
    start = _date(data.get("start_date"), errors, "start_date", "error.programme_start_required")
    final_goal = _text(data.get("final_goal"), errors, "final_goal")
    if basis == PlanBasis.KVALIFISERINGSPROGRAM:
        end = _date(data.get("end_date"), errors, "end_date", "error.programme_end_required")
        if start and end and end <= start:
            errors["end_date"] = "error.programme_end_before_start"
        if errors or start is None:
            raise FormError(errors)
        return ProgrammeFacts(start_date=start, end_date=end, final_goal=final_goal)

    level = _clean(str(data.get("norwegian_level") or ""))
    if level and level not in NORWEGIAN_LEVELS:
        errors["norwegian_level"] = "error.invalid"
    education = _text(data.get("education"), errors, "education")
    work = _text(data.get("work_experience"), errors, "work_experience")
    reason = _text(data.get("extension_reason"), errors, "extension_reason")
    raw_months = _clean(str(data.get("extension_months") or "0")) or "0"
    months = 0
    try:
        months = int(raw_months)
    except ValueError:
        errors["extension_months"] = "error.invalid"
    else:
        if not 0 <= months <= MAX_EXTENSION_MONTHS:
            errors["extension_months"] = "error.extension_too_long"
        elif months and not reason:
            errors["extension_reason"] = "error.extension_reason_required"
    if not months:
        reason = ""  # no extension: a reason left in the box is not kept
    rows = [(_clean(str(n) if n is not None else ""), s) for n, s in phases]
    rows = [(i, n, s) for i, (n, s) in enumerate(rows) if n or _clean(str(s or ""))]
    if len(rows) > MAX_PHASES:
        errors["phases"] = "error.phase_too_many"
    end = None
    if start is not None and "extension_months" not in errors:
        end = _add_months_end(start, months)
    out_phases: list[dict] = []
    previous: Optional[date] = None
    for i, name, raw_start in rows:
        key = f"phase_start_{i}"
        if not name:
            errors[f"phase_name_{i}"] = "error.phase_name_required"
        elif len(name) > PHASE_NAME_MAX:
            errors[f"phase_name_{i}"] = "error.phase_name_too_long"
        d = _date(raw_start, errors, key, "error.phase_start_required")
        if d is None:
            continue
        if start is not None and end is not None and not start <= d < end:
            errors[key] = "error.phase_outside"
            continue
        if previous is not None and d < previous:
            errors[key] = "error.phase_order"
            continue
        previous = d
        if f"phase_name_{i}" in errors:
            continue
        out_phases.append({"name": name, "start": d.isoformat()})
    if errors or start is None:
        raise FormError(errors)
    return ProgrammeFacts(start_date=start, norwegian_level=level, education=education,
                          work_experience=work, final_goal=final_goal,
                          hurtigspor=_checked(data.get("hurtigspor", "")),
                          extension_months=months, extension_reason=reason, phases=out_phases)


def _add_months_end(start: date, months: int) -> date:
    """The end of an introduction programme: two years, plus the extension."""
    end = programme_time(start, start, extension_months=months,
                         extension_reason="-").end
    assert end <= add_years(start, MAX_YEARS)
    return end
