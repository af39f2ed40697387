"""What the samtalereferat page shows one viewer (plain Python, texts in `lang`); also the
print page's and the PDF's section (`print_html`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as _e

from ip_app.conversation_records.data import RecordsData
from ip_app.conversation_records.rules import may_confirm, may_read, may_write
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import ConversationRecordVersion, Plan
from ip_app.kernel.voice import VoiceKind, first_name, voice_for


@dataclass
class RecordText:
    topic: str = ""
    text: str = ""
    written: str = ""  # "Skrevet av Kari Nordmann (NAV-veileder) 3. desember 2026 kl. 14:02"
    version: int = 0


@dataclass
class RecordRow:
    id: int
    held_on: str  # "Samtale 3. desember 2026"
    held_on_iso: str
    current: RecordText
    earlier: list[RecordText] = field(default_factory=list)  # newest first
    read_label: str = ""  # "Lest av Amina Yusuf …" / "Ikke lest ennå" / "Du har lest …"
    is_read: bool = False  # the current version is confirmed
    can_confirm: bool = False


@dataclass
class RecordsPage:
    mode: str = "loading"  # loading | person | staff | denied | ended | error
    plan_href: str = ""
    person_name: str = ""
    records: list[RecordRow] = field(default_factory=list)
    can_write: bool = False
    # a guardian reads about the child ("Noahs samtalereferat"): heading and intro in their
    # voice (kernel/voice.py); empty for the person and for staff, whose texts are fixed
    guardian_heading: str = ""
    guardian_intro: str = ""


def _text(v: ConversationRecordVersion, viewer: Viewer, names: dict[int, str],
          lang: str) -> RecordText:
    who = (t("people.you_written", lang) if v.written_by_id == viewer.account_id else
           t("history.actor", lang, name=names.get(v.written_by_id, "?"),
             role=t(f"role.{v.written_by_role}", lang)))
    return RecordText(topic=v.topic, text=v.text, version=v.version,
                      written=t("minutes.written", lang, who=who,
                                when=fmt_datetime(v.written_at, lang)))


def rows_for(loaded: RecordsData, access: PlanAccess, viewer: Viewer, lang: str
             ) -> list[RecordRow]:
    """The plan's samtalereferat as this viewer may read them (none if they may not)."""
    if not may_read(access, viewer.org_kind):
        return []
    found, answers, names = loaded.records, loaded.answers, loaded.names
    out = []
    for r, versions in found:
        if not versions:
            continue
        current = versions[-1]
        read = next((a for a in reversed(answers)
                     if a.record_id == r.id and a.version == current.version), None)
        if read is None:
            label = t("record.not_read", lang)
        elif read.by_id == viewer.account_id:
            label = t("record.read_by_you", lang, when=fmt_datetime(read.at, lang))
        else:
            label = t("record.read_by", lang, name=names.get(read.by_id, "?"),
                      when=fmt_datetime(read.at, lang))
        out.append(RecordRow(
            id=r.id, held_on=t("record.held_on", lang, date=fmt_date(r.held_on, lang)),
            held_on_iso=r.held_on.isoformat(), current=_text(current, viewer, names, lang),
            earlier=[_text(v, viewer, names, lang) for v in reversed(versions[:-1])],
            read_label=label, is_read=read is not None,
            can_confirm=may_confirm(access) and read is None))
    return out


def build_page(loaded: RecordsData, plan: Plan, access: PlanAccess, viewer: Viewer,
               person_name: str, lang: str) -> RecordsPage:
    """The samtalereferat page, from what `conversation_records.data.load_page` read."""
    if not may_read(access, viewer.org_kind):
        return RecordsPage(mode="denied")
    page = RecordsPage(mode="person" if access.is_owner else "staff",
                       plan_href=f"/plan/{plan.id}", person_name=person_name,
                       records=rows_for(loaded, access, viewer, lang),
                       can_write=may_write(access, viewer.org_kind))
    voice = voice_for(viewer_is_owner=access.is_owner, viewer_role=access.role,
                      owner_name=person_name)
    if voice.kind == VoiceKind.GUARDIAN:
        whose = voice.owner_gen if lang in ("nb", "nn") else voice.owner
        page.guardian_heading = t("record.title_child", lang, name=whose)
        page.guardian_intro = t("record.intro_child", lang, name=first_name(person_name))
    return page


def print_html(loaded: RecordsData, access: PlanAccess, viewer: Viewer, lang: str) -> str:
    """The print page's and the PDF's "Samtalereferat" section ("" for other readers)."""
    if not may_read(access, viewer.org_kind):
        return ""
    rows = rows_for(loaded, access, viewer, lang)
    parts = [f"<h2>{_e(t('record.title', lang))}</h2>"]
    if not rows:
        parts.append(f"<p>{_e(t('record.none', lang))}</p>")
    for r in rows:
        parts.append(
            f"<div class='item'><p><strong>{_e(r.current.topic)}</strong> – {_e(r.held_on)}</p>"
            f"<p>{_e(r.current.text)}</p><p class='small'>{_e(r.current.written)} · "
            f"{_e(r.read_label)}</p></div>")
    return "".join(parts)
