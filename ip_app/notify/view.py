"""What the notice settings and the letter pages show (plain dataclasses, texts picked)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.notify.data import LetterRow
from ip_app.notify.rules import REASONS, Pref, Reason


@dataclass
class ReasonOption:
    value: str = ""
    label: str = ""
    checked: bool = False


@dataclass
class PrefView:
    mode: str = ""  # "" loading | "form"
    reasons: list[ReasonOption] = field(default_factory=list)
    email: bool = True
    sms: bool = False
    email_address: str = ""  # where it goes, so the person can see it is right
    phone: str = ""
    reserved: bool = False  # KRR: letters instead
    key: str = ""  # changes on every load, so the form's unchecked inputs start again


def reasons_for(kind: str) -> list[Reason]:
    """The evaluation reminder goes to the koordinator: only staff choose it."""
    return [r for r in REASONS if kind == "staff" or r != Reason.EVALUATION_DUE]


def build_prefs(pref: Pref, *, kind: str, email: str, phone: str, reserved: bool, lang: str,
                key: str) -> PrefView:
    return PrefView(
        mode="form",
        reasons=[ReasonOption(str(r), t(f"notices.reason.{r}", lang), r in pref.reasons)
                 for r in reasons_for(kind)],
        email=pref.email, sms=pref.sms, email_address=email, phone=phone, reserved=reserved,
        key=key)


@dataclass
class LetterLine:
    id: int = 0
    person: str = ""
    reason: str = ""
    date: str = ""
    printed: str = ""  # "" waiting, else "Skrevet ut 3. desember av Kari"
    href: str = ""


@dataclass
class LetterList:
    mode: str = ""  # "" loading | "list" | "denied"
    waiting: list[LetterLine] = field(default_factory=list)
    printed: list[LetterLine] = field(default_factory=list)


def build_letters(rows: list[LetterRow], lang: str) -> LetterList:
    out = LetterList(mode="list")
    for r in rows:
        line = LetterLine(
            id=r.id, person=r.recipient_name, reason=t(f"notices.reason.{r.reason}", lang),
            date=fmt_date(r.queued_at.date() if r.queued_at else None, lang),
            printed=(t("letters.printed_by", lang, date=fmt_datetime(r.printed_at, lang),
                       name=r.printed_by) if r.printed_at else ""),
            href=f"/brev/{r.id}")
        (out.printed if r.printed_at else out.waiting).append(line)
    return out


@dataclass
class LetterView:
    mode: str = ""  # "" loading | "letter" | "denied"
    id: int = 0
    person: str = ""
    date: str = ""
    greeting: str = ""
    body: str = ""
    link: str = ""
    printed: str = ""


def build_letter(row: LetterRow, *, app_url: str, staff_lang: str) -> LetterView:
    """The letter in the person's own language: a fixed text and where to look; nothing
    about what it is (the reason is for staff's list only)."""
    lang = row.lang
    link = app_url.rstrip("/") + "/"
    return LetterView(
        mode="letter", id=row.id, person=row.recipient_name,
        date=fmt_date(row.queued_at.date() if row.queued_at else None, lang),
        greeting=t("letters.greeting", lang, name=row.recipient_name),
        body=t("letters.body", lang), link=link,
        printed=(t("letters.printed_by", staff_lang,
                   date=fmt_datetime(row.printed_at, staff_lang),
                   name=row.printed_by) if row.printed_at else ""))
