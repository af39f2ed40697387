"""The full-time programme part of a plan (introduction programme, KVP), per viewer.

Plain Python: every text is formatted here in `lang`. Hours come only from the
tiltak the viewer may see (PlanData is already filtered by the access policy).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


from ip_app.kernel.common import Memo
from ip_app.kernel.i18n import fmt_date, t, tn
from ip_app.kernel.models import Programme
from ip_app.plan.data import PlanData
from ip_app.plan.rules import PlanBasis
from ip_app.programme.edit_rules import NORWEGIAN_LEVELS
from ip_app.programme.rules import (
    FULL_TIME_HOURS, ProgrammeError, counts_in_week, programme_bases, programme_time, weekly_hours,
)


def level_label(code: str, lang: str) -> str:
    """The Norwegian level as shown; a level written before the fixed list is shown as written."""
    return t(f"programme.level.{code}", lang) if code in NORWEGIAN_LEVELS else code


def _h(x: float) -> str:
    return f"{x:g}".replace(".", ",")


@dataclass
class HoursRow:
    title: str
    hours: str  # "20 t" or "" when not set
    counts: bool  # running this week


@dataclass
class PhaseRow:
    name: str
    start: str


@dataclass
class ProgrammeBlock:
    basis: str
    heading: str
    period: str = ""
    hurtigspor: bool = False
    norwegian_level: str = ""
    education: str = ""
    work_experience: str = ""
    final_goal: str = ""
    phases: list[PhaseRow] = field(default_factory=list)
    time_used: str = ""
    time_left: str = ""
    extension: str = ""
    hours: list[HoursRow] = field(default_factory=list)
    week_sum: str = ""
    under_full_time: bool = False
    full_time_message: str = ""
    right_to_ip: str = ""
    edit_href: str = ""  # the staff page for changing the facts, for those who may


@dataclass
class ProgrammePage:
    mode: str = "loading"  # loading | person | staff | denied | error
    person_name: str = ""
    plan_href: str = ""
    blocks: list[ProgrammeBlock] = field(default_factory=list)


def _duration(days: int, lang: str) -> str:
    months = round(days / 30.44)
    if months >= 1:
        return tn("programme.months", months, lang)
    return tn("programme.days", days, lang)


# A programme row is never changed (a change is a new row), so what a block says of it is
# worded once per row, day and language, not again for every page that shows it
_FACTS = Memo.named("programme.facts", 2000)


def _facts(basis: PlanBasis, p: Programme, today: date, lang: str) -> dict:
    """The block's fields that follow from the programme facts `p` (not from the tiltak).
    Shared by the blocks built from them: never changed once made."""
    key = (p.id, today, lang)
    hit = _FACTS.get(key) if p.id is not None else None
    if hit is not None:
        return hit
    f: dict = {}
    if basis == PlanBasis.INTEGRERINGSPLAN:
        try:
            pt = programme_time(p.start_date, today, extension_months=p.extension_months,
                                extension_reason=p.extension_reason)
        except ProgrammeError:
            pt = programme_time(p.start_date, today)
        f["period"] = t("programme.period", lang, start=fmt_date(pt.start, lang),
                        end=fmt_date(pt.end, lang))
        f["time_used"] = t("programme.time_used", lang, d=_duration(pt.used_days, lang))
        f["time_left"] = t("programme.time_left", lang, d=_duration(pt.left_days, lang))
        if pt.extended:
            f["extension"] = tn("programme.extended", p.extension_months, lang,
                                reason=p.extension_reason)
        f["hurtigspor"] = p.hurtigspor
        f["norwegian_level"] = level_label(p.norwegian_level, lang)
        f["education"] = p.education
        f["work_experience"], f["final_goal"] = p.work_experience, p.final_goal
        f["phases"] = [PhaseRow(name=str(ph.get("name", "")),
                                start=fmt_date(date.fromisoformat(ph["start"]), lang)
                                if ph.get("start") else "") for ph in (p.phases or [])]
    else:
        f["period"] = t("programme.period", lang, start=fmt_date(p.start_date, lang),
                        end=fmt_date(p.end_date, lang) if p.end_date else "-")
        if p.end_date:
            left = max(0, (p.end_date - max(today, p.start_date)).days)
            f["time_left"] = t("programme.time_left", lang, d=_duration(left, lang))
        f["final_goal"] = p.final_goal
        f["right_to_ip"] = t("programme.right_to_ip", lang)
    if p.id is not None:
        _FACTS.put(key, f)
    return f


def build_blocks(data: PlanData, today: date, lang: str, latest: dict[str, Programme]
                 ) -> list[ProgrammeBlock]:
    """The programme blocks; `latest`: the programme facts per basis
    (`programme.data.latest_by_basis`)."""
    blocks: list[ProgrammeBlock] = []
    week = weekly_hours(((m.hours_per_week, counts_in_week(m.status), m.start_date, m.end_date)
                         for m in data.measures), today)
    monday_rows = [HoursRow(title=m.title,
                            hours=t("programme.hours_value", lang, h=_h(m.hours_per_week))
                            if m.hours_per_week else "",
                            counts=bool(m.hours_per_week) and weekly_hours(
                                [(m.hours_per_week, counts_in_week(m.status), m.start_date,
                                  m.end_date)], today).planned > 0)
                   for m in data.measures if counts_in_week(m.status)]
    for basis in programme_bases(data.bases):
        p = latest.get(basis.value)
        if p is None:
            continue
        b = ProgrammeBlock(basis=basis.value, heading=t(f"programme.heading.{basis.value}", lang),
                           **_facts(basis, p, today, lang))
        b.hours = monday_rows
        b.week_sum = t("programme.week_sum", lang, h=_h(week.planned), full=_h(FULL_TIME_HOURS))
        b.under_full_time = not week.is_full_time
        b.full_time_message = (t("programme.under_full_time", lang, missing=_h(week.missing))
                               if b.under_full_time else t("programme.full_time_ok", lang))
        blocks.append(b)
    return blocks
