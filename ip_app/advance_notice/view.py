"""Forhåndsorientering as one viewer may see it (plain Python, texts in `lang`): the
line on a tiltak card, and the page of one tiltak's notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ip_app.advance_notice.data import NoticeData
from ip_app.advance_notice.rules import may_confirm, may_read, may_send
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import AdvanceNotice, Measure, Plan


def _read_label(n: AdvanceNotice, who: dict[int, str], viewer: Viewer, lang: str) -> str:
    if n.read_at is None:
        return t("fho.not_read", lang)
    if n.read_by_id == viewer.account_id:
        return t("fho.read_by_you", lang, when=fmt_datetime(n.read_at, lang))
    return t("fho.read_by", lang, name=who.get(n.read_by_id or 0, "?"),
             when=fmt_datetime(n.read_at, lang))


def card_fields(m: Measure, rows: dict[int, list[AdvanceNotice]], plan_data: Any,
                viewer: Viewer, lang: str) -> dict:
    """What a tiltak card says about a forhåndsorientering (no query): `fho_href`,
    `fho_label`, `fho_state` (unread | read | add). Only the person confirms, so the
    reader's name is the person's."""
    access: PlanAccess = plan_data.access
    if not may_read(access, True):
        return {}
    href = f"/plan/{plan_data.plan.id}/tiltak/{m.id}/forhandsorientering"
    current = next((n for n in rows.get(m.id or 0, []) if n.replaced_by_id is None), None)
    if current is not None:
        who = {current.read_by_id or 0: plan_data.person_name}
        return dict(fho_href=href, fho_label=_read_label(current, who, viewer, lang),
                    fho_state="unread" if current.read_at is None else "read")
    if may_send(access, viewer.org_kind, agreed=m.agreed, status=m.status):
        return dict(fho_href=href, fho_label="", fho_state="add")
    return {}


@dataclass
class NoticeRow:
    id: int
    required: str
    consequence: str
    rights: str
    sent: str  # "Sendt av Kari Nordmann, 7. desember 2026 kl. 10:00"
    read_label: str
    is_read: bool
    replaced: bool
    can_confirm: bool


@dataclass
class NoticePage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    plan_href: str = ""
    measure_id: int = 0
    measure_title: str = ""
    person_name: str = ""
    notices: list[NoticeRow] = field(default_factory=list)
    can_send: bool = False
    f_required: str = ""  # the template
    f_consequence: str = ""
    f_rights: str = ""


def build_notice_page(loaded: NoticeData, plan: Plan, access: PlanAccess, viewer: Viewer,
                      m: Optional[Measure], person_name: str, lang: str) -> NoticePage:
    """`loaded`: the tiltak's notices (`advance_notice.data.load_page`)."""
    if m is None or not may_read(access, True):
        return NoticePage(mode="denied")
    page = NoticePage(mode="person" if access.is_owner else "staff",
                      plan_href=f"/plan/{plan.id}", measure_id=m.id or 0,
                      measure_title=m.title,
                      person_name=person_name)
    rows, who = loaded.notices, loaded.names
    for n in rows:
        replaced = n.replaced_by_id is not None
        page.notices.append(NoticeRow(
            id=n.id or 0, required=n.required, consequence=n.consequence, rights=n.rights,
            sent=t("fho.sent_by", lang, name=who.get(n.sent_by_id, "?"),
                   when=fmt_datetime(n.sent_at, lang)),
            read_label=_read_label(n, who, viewer, lang), is_read=n.read_at is not None,
            replaced=replaced,
            can_confirm=may_confirm(access, read_at=n.read_at, replaced=replaced)))
    page.can_send = may_send(access, viewer.org_kind, agreed=m.agreed, status=m.status)
    if page.can_send:
        page.f_required = t("fho.template.required", lang)
        page.f_consequence = t("fho.template.consequence", lang)
        page.f_rights = t("fho.template.rights", lang)
    return page


def notice_print_html(rows: dict[int, list[AdvanceNotice]], card: Any, lang: str) -> str:
    """The forhåndsorientering in force on a printed tiltak (export/view.py), if the card
    shows one to this viewer (`notice_fields` decided): its three texts and read or not
    (`rows`: the plan's notices, as the plan page read them)."""
    if card.fho_state not in ("unread", "read"):
        return ""
    n = next((x for x in rows.get(card.id, []) if x.replaced_by_id is None), None)
    if n is None:
        return ""
    from html import escape

    def part(key: str, text: str) -> str:
        return f"<p class='small'><strong>{escape(t(key, lang))}:</strong> {escape(text)}</p>"

    return (f"<div class='item'><p><strong>{escape(t('fho.title', lang))}</strong> – "
            f"{escape(card.fho_label)}</p>" + part("fho.required", n.required)
            + part("fho.consequence", n.consequence) + part("fho.rights", n.rights) + "</div>")
