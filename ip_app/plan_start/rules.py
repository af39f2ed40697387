"""Starting a plan (issue 19): what "Ny plan" needs, checked without any I/O.

A veileder or koordinator starts the ONE plan of a person who has none: which plans it
joins, the plan period, the first evaluation (inside the period), and the person's main
goal in their own words, or empty for the person to write. The person has said yes to
the plan and to the starter taking part (the plan is voluntary); the starter records it.
A person the app does not know yet is given by fødselsnummer and name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Mapping, Optional

from ip_app.kernel.actor import RuleError
from ip_app.kernel.forms import FormError, clean_text
from ip_app.kernel.scopes import Scope
from ip_app.people.fnr import Fnr, parse_fnr
from ip_app.plan.rules import PlanBasis

GOAL_MAX = 500  # as NAV's mål
NAME_MAX = 200
PERIOD_MAX_YEARS = 5
# what the starter sees from the start: the person said yes to this when the plan began
STARTER_SCOPES = (Scope.GOALS, Scope.ALL_MEASURES, Scope.DIALOG)


@dataclass(frozen=True)
class NewPerson:
    fnr: Fnr
    name: str


@dataclass(frozen=True)
class PlanStart:
    bases: tuple[PlanBasis, ...]
    period_start: date
    period_end: date
    first_evaluation: date
    goal: str  # "" = the person writes it


def _date(raw: object) -> Optional[date]:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def check_new_person(form: Mapping[str, object], today: date) -> NewPerson:
    errors: dict[str, str] = {}
    fnr: Optional[Fnr] = None
    try:
        fnr = parse_fnr(str(form.get("fnr") or ""), today)
    except RuleError as exc:
        errors["fnr"] = exc.key
    name = clean_text(str(form.get("name") or "")).strip()
    if not name:
        errors["name"] = "start.error_name"
    elif len(name) > NAME_MAX:
        errors["name"] = "error.text_too_long"
    if errors:
        raise FormError(errors)
    return NewPerson(fnr=fnr, name=name)


def check_plan_start(form: Mapping[str, object], today: date) -> PlanStart:
    """The "Ny plan" form, or FormError (field -> catalogue key); nothing partial."""
    errors: dict[str, str] = {}
    bases = tuple(b for b in PlanBasis if form.get(f"basis_{b.value}"))
    if not bases:
        errors["bases"] = "start.error_bases"
    start, end, first = (_date(form.get(k)) for k in ("period_start", "period_end",
                                                      "first_evaluation"))
    if start is None:
        errors["period_start"] = "start.error_date"
    elif start < today - timedelta(days=31):
        errors["period_start"] = "start.error_start_past"
    if end is None:
        errors["period_end"] = "start.error_date"
    elif start is not None and end <= start:
        errors["period_end"] = "start.error_end_before_start"
    elif start is not None and end > start + timedelta(days=365 * PERIOD_MAX_YEARS + 1):
        errors["period_end"] = "start.error_period_long"
    if first is None:
        errors["first_evaluation"] = "start.error_date"
    elif start is not None and first < start:
        errors["first_evaluation"] = "start.error_eval_before_period"
    elif end is not None and "period_end" not in errors and first > end:
        errors["first_evaluation"] = "start.error_eval_after_period"
    goal = clean_text(str(form.get("goal") or "")).strip()
    if len(goal) > GOAL_MAX:
        errors["goal"] = "start.error_goal_long"
    if not form.get("consent"):
        errors["consent"] = "start.error_consent"
    if errors:
        raise FormError(errors)
    return PlanStart(bases=bases, period_start=start, period_end=end, first_evaluation=first,
                     goal=goal)


def parse_search(raw: str, today: date) -> tuple[str, object]:
    """What a search text means: ("fnr", Fnr), ("born", date), ("name", text), or
    RuleError with the key to show at the field."""
    from ip_app.people.fnr import looks_like_fnr

    text = clean_text(raw or "").strip()
    if looks_like_fnr(text):
        return "fnr", parse_fnr(text, today)
    parts = text.replace("-", ".").replace("/", ".").split(".")
    if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
        d, m, y = (int(p) for p in parts)
        try:
            return "born", date(y, m, d) if y > 999 else date(1900 + y if y > today.year % 100
                                                               else 2000 + y, m, d)
        except ValueError:
            raise RuleError("start.error_search_date") from None
    if len(text) < 2:
        raise RuleError("start.error_search_short")
    return "name", text[:100]
