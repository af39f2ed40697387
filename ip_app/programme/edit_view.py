"""The staff page for recording and changing the programme facts, per viewer (plain Python).

Built only after domain.programme_edit said this viewer may write the plan's programme:
anyone else gets a ProgrammeEditPage with mode "denied" and no facts at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from sqlmodel import Session

from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t, tn
from ip_app.kernel.models import Programme
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import Option
from ip_app.programme import data as pdata
from ip_app.programme.edit_rules import MAX_EXTENSION_MONTHS, NORWEGIAN_LEVELS
from ip_app.programme.view import level_label


@dataclass
class FactLine:
    label: str
    value: str


@dataclass
class VersionRow:
    version: int
    heading: str  # "Versjon 2"
    written: str  # "Skrevet av Ola Hansen, 12. november 2026 kl. 10:14"
    facts: list[FactLine] = field(default_factory=list)


@dataclass
class ProgrammeEditPage:
    mode: str = "loading"  # loading | staff | denied | ended | error
    person_name: str = ""
    plan_href: str = ""
    basis: str = ""
    heading: str = ""  # "Introduksjonsprogrammet" / "Kvalifiseringsprogrammet (KVP)"
    is_intro: bool = False
    version: int = 0  # the newest saved version (0: none yet)
    current: Optional[VersionRow] = None
    has_current: bool = False
    earlier: list[VersionRow] = field(default_factory=list)  # newest first, current excluded
    level_options: list[Option] = field(default_factory=list)
    month_options: list[Option] = field(default_factory=list)
    # the form starts from the newest version
    f_start: str = ""
    f_end: str = ""
    f_level: str = ""
    f_education: str = ""
    f_work: str = ""
    f_goal: str = ""
    f_hurtigspor: bool = False
    f_months: str = "0"
    f_reason: str = ""


def phase_rows(p: Optional[Programme]) -> list[dict[str, str]]:
    """The phases of a version as rows of the phases editor (id given by the state)."""
    return [{"name": str(ph.get("name", "")), "start": str(ph.get("start", ""))}
            for ph in ((p.phases or []) if p is not None else [])]


def _facts(p: Programme, intro: bool, lang: str) -> list[FactLine]:
    lines = [FactLine(t("programme_edit.start_date", lang), fmt_date(p.start_date, lang))]
    if not intro:
        lines.append(FactLine(t("programme_edit.end_date", lang),
                              fmt_date(p.end_date, lang) if p.end_date else "-"))
    lines.append(FactLine(t("programme.final_goal", lang), p.final_goal))
    if intro:
        lines += [
            FactLine(t("programme.norwegian_level", lang), level_label(p.norwegian_level, lang)),
            FactLine(t("programme.education", lang), p.education),
            FactLine(t("programme.work_experience", lang), p.work_experience),
            FactLine(t("programme.hurtigspor", lang),
                     t("programme_edit.yes" if p.hurtigspor else "programme_edit.no", lang)),
        ]
        if p.extension_months:
            lines.append(FactLine(t("programme.extension_label", lang),
                                  tn("programme.extended", p.extension_months, lang,
                                    reason=p.extension_reason)))
        phases = "; ".join(
            t("programme_edit.phase_line", lang, name=ph.get("name", ""),
              start=fmt_date(date.fromisoformat(ph["start"]), lang) if ph.get("start") else "-")
            for ph in (p.phases or []))
        lines.append(FactLine(t("programme.phases", lang), phases))
    return [x for x in lines if x.value != ""]


def _row(p: Programme, intro: bool, who: dict[int, str], viewer: Viewer, lang: str) -> VersionRow:
    name = (t("people.you_written", lang) if p.written_by_id == viewer.account_id
            else who.get(p.written_by_id, "?"))
    return VersionRow(version=p.version, heading=t("programme_edit.version", lang, n=p.version),
                      written=t("assessment.written", lang, name=name,
                                when=fmt_datetime(p.written_at, lang)),
                      facts=_facts(p, intro, lang))


def build_edit_page(s: Session, plan_id: int, basis: PlanBasis, viewer: Viewer,
                    person_name: str, lang: str) -> ProgrammeEditPage:
    """The form's defaults and every version of the plan's `basis` programme, newest first."""
    intro = basis == PlanBasis.INTEGRERINGSPLAN
    rows = pdata.versions(s, plan_id, basis.value)
    who = pdata.names(s, {r.written_by_id for r in rows})
    page = ProgrammeEditPage(
        mode="staff", person_name=person_name, plan_href=f"/plan/{plan_id}", basis=basis.value,
        heading=t(f"programme.heading.{basis.value}", lang), is_intro=intro,
        level_options=[Option(value="", label=t("programme_edit.level_none", lang))]
        + [Option(value=c, label=level_label(c, lang)) for c in NORWEGIAN_LEVELS],
        month_options=[Option(value="0", label=t("programme_edit.no_extension", lang))]
        + [Option(value=str(n), label=t("programme_edit.months_n", lang, n=n))
           for n in range(1, MAX_EXTENSION_MONTHS + 1)],
    )
    versions = [_row(r, intro, who, viewer, lang) for r in reversed(rows)]
    if versions:
        page.current, page.has_current, page.earlier = versions[0], True, versions[1:]
    if rows:
        last = rows[-1]
        page.version = last.version
        page.f_start = last.start_date.isoformat()
        page.f_end = last.end_date.isoformat() if last.end_date else ""
        page.f_level = last.norwegian_level if last.norwegian_level in NORWEGIAN_LEVELS else ""
        page.f_education, page.f_work = last.education, last.work_experience
        page.f_goal, page.f_hurtigspor = last.final_goal, last.hurtigspor
        page.f_months, page.f_reason = str(last.extension_months), last.extension_reason
    return page
