"""What the plan page, the print page and the PDF show of the IP's own contents
(resources, needs, samarbeidsparter, sub-goals, archived ones with their history) and of
the plan's closing. Plain Python: every text is finished here, in the viewer's language,
and only what the viewer may see (ip_contents/rules.py, closing/rules.py) is built.

Built by `plan_view.build` with one call (`build_ip_contents`): at most four statements,
whatever the size of the plan (items with their versions, archived goals with theirs,
the closing events, the names of who wrote them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

from ip_app.closing.rules import may_close, may_reopen_now, reopen_until
from ip_app.ip_contents.data import IpContentsData
from ip_app.ip_contents.rules import (
    ItemKind, may_read_ip_contents, may_write_ip_contents, shows_ip_contents,
)
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.plan.data import PlanData


@dataclass
class IpHistoryRow:
    text: str
    when: str
    reason: str = ""


@dataclass
class IpItemRow:
    id: int
    version: int
    text: str
    kind_label: str = ""
    history: list[IpHistoryRow] = field(default_factory=list)  # newest first; [] if only one
    archived_note: str = ""  # "Arkivert 7. desember 2026 av …" for an archived one


@dataclass
class IpBlock:
    kind: str  # ItemKind value
    title: str
    add_label: str
    empty: str
    rows: list[IpItemRow] = field(default_factory=list)


@dataclass
class IpSection:
    shown: bool = False  # a plan with an IP, and the viewer may read its contents
    can_write: bool = False
    title: str = ""
    blocks: list[IpBlock] = field(default_factory=list)
    subgoals: list[IpItemRow] = field(default_factory=list)
    subgoals_title: str = ""
    archived: list[IpItemRow] = field(default_factory=list)


@dataclass
class ClosingInfo:
    closed: bool = False
    summary: str = ""  # "Planen ble avsluttet … av …. Grunn: …"
    evaluation: str = ""
    can_close: bool = False
    can_reopen: bool = False
    reopen_until: str = ""
    pdf_href: str = ""  # the final PDF kept at closing (the person)
    history: list[IpHistoryRow] = field(default_factory=list)  # closings and reopenings


def _who(account_id: int, role: str, viewer: Viewer, names: dict[int, str], lang: str) -> str:
    if account_id == viewer.account_id:
        return t("history.you", lang)
    if not role:
        return names.get(account_id, "?")
    return t("history.actor", lang, name=names.get(account_id, "?"), role=t(f"role.{role}", lang))


def _rows(versions: list, viewer: Viewer, names: dict[int, str], lang: str) -> list[IpHistoryRow]:
    """Every wording, newest first (an archiving is a row of its own)."""
    rows = []
    for v in versions:
        who = _who(v.changed_by_id, v.changed_by_role, viewer, names, lang)
        key = ("ipc.history_archived" if getattr(v, "archived", False) else
               "goal_history.first" if v.version == 1 else "goal_history.changed")
        rows.insert(0, IpHistoryRow(text=t(key, lang, who=who, text=v.text),
                                    when=fmt_datetime(v.changed_at, lang), reason=v.reason))
    return rows


def _archived_note(last, at: datetime, viewer: Viewer, names: dict[int, str], lang: str) -> str:  # noqa: ANN001
    when = fmt_date(at.date(), lang)
    if last.changed_by_id == viewer.account_id:
        return t("ipc.archived_note_you", lang, when=when)
    return t("ipc.archived_note", lang, when=when,
             who=_who(last.changed_by_id, last.changed_by_role, viewer, names, lang))


def _titles(kind: str, staff: bool, name: str, lang: str) -> tuple[str, str, str]:
    who = "staff" if staff else "person"
    return (t(f"ipc.{kind}_title_{who}", lang, name=name), t(f"ipc.{kind}_add", lang),
            t(f"ipc.{kind}_empty", lang))


def build_ip_contents(loaded: IpContentsData, data: PlanData, viewer: Viewer,
                      names: dict[int, str], lang: str, now: Optional[datetime] = None,
                      goal_rows: list = ()) -> tuple[IpSection, ClosingInfo]:
    """The section and the closing, from what `ip_contents.data.load_for_plan` read;
    `goal_rows`: the page's sub-goal rows (their wordings are read once, by plan_view)."""
    plan, access = data.plan, data.access
    actor = access.actor(viewer)
    staff = not access.is_owner
    first_name = (data.person_name or "").split(" ")[0]
    section = IpSection()
    items: list = []
    archived_goals: list = []
    if shows_ip_contents(data.bases) and may_read_ip_contents(access):
        section.shown = True
        section.can_write = may_write_ip_contents(actor) and plan.closed_at is None
        section.title = t("ipc.title", lang)
        items = loaded.items
        archived_goals = loaded.archived_goals
    events = loaded.events
    names = dict(names)  # who wrote what came with each query
    for it in items:
        names.update(it.names)
    for _, _, who in archived_goals:
        names.update(who)
    names.update({e.by_id: e.by_name for e in events})
    if section.shown:
        by_kind = {k.value: [] for k in ItemKind}
        for it in items:
            hist = _rows(it.versions, viewer, names, lang)
            row = IpItemRow(id=it.item.id, version=it.item.version, text=it.item.text,
                            kind_label=t(f"item.{it.item.kind}", lang),
                            history=hist if len(it.versions) > 1 else [])
            if it.item.archived_at is not None:
                last = it.versions[-1]
                row.archived_note = _archived_note(last, it.item.archived_at, viewer, names,
                                                   lang)
                section.archived.append(row)
            elif it.item.kind in by_kind:
                by_kind[it.item.kind].append(row)
        for k in ItemKind:
            title, add, empty = _titles(k.value, staff, first_name, lang)
            section.blocks.append(IpBlock(kind=k.value, title=title, add_label=add, empty=empty,
                                          rows=by_kind[k.value]))
        section.subgoals_title = t("ipc.subgoals_title_staff" if staff else
                                   "ipc.subgoals_title_person", lang, name=first_name)
        main = next((g for g in data.goals if g.parent_id is None), None)
        earlier = {r.id: [IpHistoryRow(text=h.text, when=h.when, reason=h.reason)
                          for h in r.history] for r in goal_rows}
        section.subgoals = [IpItemRow(id=g.id, version=g.version, text=g.text,
                                      history=earlier.get(g.id, []) if len(
                                          earlier.get(g.id, [])) > 1 else [])
                            for g in data.goals if g.parent_id is not None
                            and (main is None or g.parent_id == main.id)]
        for g, vs, _ in archived_goals:
            last = vs[-1]
            section.archived.append(IpItemRow(
                id=g.id, version=g.version, text=g.text, kind_label=t("ipc.subgoal", lang),
                history=_rows(vs, viewer, names, lang),
                archived_note=_archived_note(last, g.archived_at, viewer, names, lang)))
    return section, _closing(data, viewer, actor, events, names, lang, now)


def _closing(data: PlanData, viewer: Viewer, actor, events: list, names: dict[int, str],
             lang: str, now: Optional[datetime]) -> ClosingInfo:
    plan, access = data.plan, data.access
    now = now or datetime.now(timezone.utc)
    info = ClosingInfo(closed=plan.closed_at is not None)
    allowed = may_close(actor, data.bases, plan.coordinator_participant_id)
    for e in events:
        who = _who(e.by_id, e.by_role, viewer, names, lang)
        if e.event == "closed":
            text = t("close.history_closed", lang, who=who,
                     reason=t(f"close.reason_{e.reason}", lang))
            reason = e.text
        else:
            text, reason = t("close.history_reopened", lang, who=who), e.text
        info.history.insert(0, IpHistoryRow(text=text, when=fmt_datetime(e.at, lang),
                                            reason=reason))
    if info.closed:
        last = next((e for e in reversed(events) if e.event == "closed"), None)
        if last is not None:
            mine = last.by_id == viewer.account_id
            info.summary = t("close.summary_you" if mine else "close.summary", lang,
                             when=fmt_date(plan.closed_at.date(), lang),
                             who=_who(last.by_id, last.by_role, viewer, names, lang),
                             reason=t(f"close.reason_{last.reason}", lang)
                             + (f": {last.text}" if last.text else ""))
            info.evaluation = last.evaluation
        info.can_reopen = allowed and may_reopen_now(plan.closed_at, now)
        if info.can_reopen:
            info.reopen_until = fmt_date(reopen_until(plan.closed_at).date(), lang)
        if access.is_owner:
            info.pdf_href = f"/plan/{plan.id}/sluttdokument.pdf"
    else:
        info.can_close = allowed
    return info


def read_only(page) -> None:  # noqa: ANN001 - plan_view.PlanPage
    """A closed plan offers no change: every edit control of the page is turned off (the
    gate refuses every write of a closed plan anyway, domain.closing.may_write)."""
    if not page.closing.closed:
        return
    page.can_edit_goals = False
    page.can_schedule = False
    page.programme_new_href = ""
    for block in page.programme:
        block.edit_href = ""
    for groups in (page.by_status, page.by_goal):
        for g in groups:
            for c in g.cards:
                c.can_change, c.can_edit, c.options, c.write_href = False, False, [], ""
                c.can_write_progress = False
    for r in page.people:
        r.can_edit = False
    page.ip.can_write = False


def ip_contents_html(page) -> list[str]:  # noqa: ANN001 - plan_view.PlanPage
    """The print page's and the PDF's part: the closing (if closed), then resources, needs,
    samarbeidsparter (each with its earlier wordings) and sub-goals. Escaped text only."""
    from html import escape

    def e(x: object) -> str:
        return escape(str(x or ""), quote=True)

    out: list[str] = []
    c = page.closing
    if c.closed and c.summary:
        out.append(f"<p class='item'><strong>{e(c.summary)}</strong></p>")
        if c.evaluation:
            out.append(f"<p class='msg'>{e(c.evaluation)}</p>")
    ip = page.ip
    if not ip.shown:
        return out
    out.append(f"<h2>{e(ip.title)}</h2>")
    for b in ip.blocks:
        out.append(f"<h3>{e(b.title)}</h3>")
        if not b.rows:
            out.append(f"<p class='small'>{e(b.empty)}</p>")
            continue
        out.append("<ul>")
        for r in b.rows:
            earlier = "".join(f"<li class='small'>{e(h.text)} – {e(h.when)}"
                              + (f" ({e(h.reason)})" if h.reason else "") + "</li>"
                              for h in r.history[1:])
            out.append(f"<li class='msg'>{e(r.text)}" + (f"<ul>{earlier}</ul>" if earlier else "")
                       + "</li>")
        out.append("</ul>")
    if ip.subgoals:
        out.append(f"<h3>{e(ip.subgoals_title)}</h3><ul>")
        out.extend(f"<li class='msg'>{e(r.text)}</li>" for r in ip.subgoals)
        out.append("</ul>")
    return out
