"""The § 14 a assessment as one viewer may see it (plain Python, texts in `lang`).

Built only after domain.assessment.may_read_assessment said yes: a viewer who may
not read it gets an AssessmentPage with mode "denied" and no text at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ip_app.assessment.data import AssessmentData
from ip_app.assessment.rules import (
    Ability, Innsatsgruppe, may_add_own_view, may_read_assessment,
    may_write_assessment,
)
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import Plan, WorkAssessment
from ip_app.plan.view import Option


@dataclass
class AssessmentRow:
    version: int
    possibilities: str
    work_goal: str
    ability: str  # plain-language label
    ability_note: str
    innsatsgruppe: str
    innsats_explained: str
    help_note: str
    written: str  # "Skrevet av Kari Nilsen, NAV – 12. november 2026 kl. 10:14"


@dataclass
class ViewRow:
    version: int
    agrees: bool
    stance: str  # "Du er enig" / "Du er uenig"
    text: str
    about: str  # "Gjelder vurderingen fra ..."
    written: str


@dataclass
class AssessmentPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | not_applicable | error
    person_name: str = ""
    plan_href: str = ""
    current: Optional[AssessmentRow] = None
    has_current: bool = False
    earlier: list[AssessmentRow] = field(default_factory=list)  # newest first
    views: list[ViewRow] = field(default_factory=list)  # the person's views, newest first
    can_write: bool = False
    can_add_view: bool = False
    nav_version: int = 0
    view_version: int = 0
    ability_options: list[Option] = field(default_factory=list)
    innsats_options: list[Option] = field(default_factory=list)
    # the form starts from the current wording
    f_possibilities: str = ""
    f_work_goal: str = ""
    f_ability: str = ""
    f_ability_note: str = ""
    f_innsatsgruppe: str = ""
    f_help_note: str = ""


def _written(r: WorkAssessment, who: dict[int, str], viewer: Viewer, lang: str) -> str:
    name = t("people.you_written", lang) if r.written_by_id == viewer.account_id else who.get(
        r.written_by_id, "?")
    return t("assessment.written", lang, name=name, when=fmt_datetime(r.written_at, lang))


def _row(r: WorkAssessment, who: dict[int, str], viewer: Viewer, lang: str) -> AssessmentRow:
    return AssessmentRow(
        version=r.version, possibilities=r.possibilities, work_goal=r.work_goal,
        ability=t(f"assessment.ability.{r.ability}", lang) if r.ability else "",
        ability_note=r.ability_note,
        innsatsgruppe=t(f"assessment.innsats.{r.innsatsgruppe}", lang) if r.innsatsgruppe else "",
        innsats_explained=t(f"assessment.innsats_about.{r.innsatsgruppe}", lang)
        if r.innsatsgruppe else "",
        help_note=r.help_note, written=_written(r, who, viewer, lang),
    )


def build_assessment_page(data: AssessmentData, plan: Plan, access: PlanAccess, viewer: Viewer,
                          person_name: str, lang: str) -> AssessmentPage:
    if not may_read_assessment(access, viewer):
        return AssessmentPage(mode="denied")
    page = AssessmentPage(mode="person" if access.is_owner else "staff",
                          person_name=person_name, plan_href=f"/plan/{plan.id}")
    if not data.applies:
        page.mode = "not_applicable"
        return page
    nav, own, who = data.nav, data.own, data.names
    rows = [_row(r, who, viewer, lang) for r in reversed(nav)]
    if rows:
        page.current, page.has_current, page.earlier = rows[0], True, rows[1:]
    nav_when = {r.version: fmt_datetime(r.written_at, lang) for r in nav}
    for r in reversed(own):
        page.views.append(ViewRow(
            version=r.version, agrees=bool(r.agrees),
            stance=t("assessment.you_agree" if r.agrees else "assessment.you_disagree", lang)
            if access.is_owner else
            t("assessment.person_agrees" if r.agrees else "assessment.person_disagrees", lang),
            text=r.text,
            about=t("assessment.about_version", lang, when=nav_when.get(r.about_version or 0, "-")),
            written=_written(r, who, viewer, lang),
        ))
    page.nav_version = nav[-1].version if nav else 0
    page.view_version = own[-1].version if own else 0
    page.can_write = may_write_assessment(access, viewer)
    page.can_add_view = may_add_own_view(access) and bool(nav)
    page.ability_options = [Option(value=a.value, label=t(f"assessment.ability.{a.value}", lang))
                            for a in Ability]
    page.innsats_options = [Option(value=g.value, label=t(f"assessment.innsats.{g.value}", lang))
                            for g in Innsatsgruppe]
    if page.can_write and nav:
        last = nav[-1]
        page.f_possibilities, page.f_work_goal = last.possibilities, last.work_goal
        page.f_ability, page.f_ability_note = last.ability, last.ability_note
        page.f_innsatsgruppe, page.f_help_note = last.innsatsgruppe, last.help_note
    return page
