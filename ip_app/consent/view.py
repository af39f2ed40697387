"""What the consent parts show: pending requests and who sees the plan, in plain words.

Plain Python (no Reflex): the data layer's consent lines become finished strings in
the viewer's language, so the browser gets only text it may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from ip_app.consent.data import ConsentPageData
from ip_app.consent.rules import consents_for_self, may_grant_again
from ip_app.kernel.access import Viewer
from ip_app.kernel.i18n import fmt_date, fmt_datetime, t
from ip_app.kernel.models import ConsentEvent
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import ConsentStatus, Scope, parse_scopes
from ip_app.kernel.voice import participant_label

STATUS_COLOR = {
    ConsentStatus.REQUESTED: "warning", ConsentStatus.GRANTED: "success",
    ConsentStatus.DECLINED: "neutral", ConsentStatus.WITHDRAWN: "neutral",
    ConsentStatus.EXPIRED: "danger",
}
SCOPE_ORDER = [Scope.GOALS, Scope.OWN_MEASURES, Scope.ALL_MEASURES, Scope.DIALOG,
               Scope.CONFIDENTIAL]


@dataclass
class ScopeChoice:
    value: str
    label: str
    name: str  # form field name: one per scope, so the browser sends each one


@dataclass
class EventRow:
    text: str
    when: str


@dataclass
class ConsentCard:
    id: int  # the consent (0: none yet)
    pid: int  # the participant
    version: int
    name: str
    who: str  # "Pårørende" / "NAV-veileder, NAV Molde"
    status: str
    status_label: str
    status_color: str
    scopes: list[str] = field(default_factory=list)  # plain words
    choices: list[ScopeChoice] = field(default_factory=list)  # for "fewer": what was asked
    all_choices: list[ScopeChoice] = field(default_factory=list)  # for "change": every scope
    checked: list[str] = field(default_factory=list)  # the scopes in force (or asked for)
    until: str = ""  # "Til og med 3. november 2027"
    until_value: str = ""  # 2027-11-03, for the date field
    can_answer: bool = False
    can_change: bool = False
    can_request: bool = False  # staff may ask the person again (none, declined, expired…)
    history: list[EventRow] = field(default_factory=list)
    request_title: str = ""  # "Hassan Yusuf ber om å se planen din"
    history_label: str = ""
    withdraw_label: str = ""
    change_label: str = ""
    can_grant_again: bool = False  # withdrawn, declined or expired: "Gi samtykke igjen"
    again_label: str = ""
    withdraw_confirm: str = ""  # what stops if it is withdrawn, said before it is


@dataclass
class ConsentPage:
    mode: str = "loading"  # loading | manage | denied | ended | error
    person_name: str = ""
    can_decide: bool = False
    minor: bool = False  # the person is under 16: a guardian decides
    pending: list[ConsentCard] = field(default_factory=list)
    participants: list[ConsentCard] = field(default_factory=list)


def scope_words(scopes: frozenset[Scope], lang: str) -> list[str]:
    return [t(f"scope.{sc.value}", lang) for sc in SCOPE_ORDER if sc in scopes]


def _choices(scopes: list[Scope], lang: str) -> list[ScopeChoice]:
    return [ScopeChoice(value=sc.value, label=t(f"scope.{sc.value}", lang),
                        name=f"scope_{sc.value}") for sc in scopes]


def _until(valid_until: Optional[date], status: ConsentStatus, lang: str) -> str:
    if status in (ConsentStatus.WITHDRAWN, ConsentStatus.DECLINED):
        return ""  # nothing is in force: no "until" to contradict the status
    if valid_until is None:
        return t("consent.until_withdrawn", lang)
    if status == ConsentStatus.EXPIRED:
        return t("consent.expired_on", lang, date=fmt_date(valid_until, lang))
    return t("consent.until", lang, date=fmt_date(valid_until, lang))


def who_line(role: str, organisation: str, lang: str, title: str = "") -> str:
    """"NAV-veileder, NAV Molde" / "Verge": the participant's label and where they work."""
    return ", ".join(x for x in (participant_label(role, lang, title), organisation) if x)


def _event_text(e: ConsentEvent, names: dict[int, str], viewer: Viewer, lang: str) -> str:
    who = (t("history.you", lang) if e.by_id == viewer.account_id
           else names.get(e.by_id or -1, t("log.someone", lang)))
    words = ", ".join(scope_words(parse_scopes(e.scopes), lang)).lower()
    until = (t("consent.event_until", lang, date=fmt_date(e.valid_until, lang))
             if e.valid_until else "")
    return t(f"consent.event_{e.action}", lang, who=who, scopes=words, until=until)


def build_consent_page(data: ConsentPageData, viewer: Viewer, can_decide: bool, today: date,
                       lang: str = "nb") -> ConsentPage:
    """Pending requests and every participant's consent, with history."""
    person = data.person
    page = ConsentPage(mode="manage", person_name=person.display_name if person else "",
                       can_decide=can_decide,
                       minor=not consents_for_self(person.birth_date if person else None, today))
    lines, names = data.lines, data.names
    for ln in lines:
        if ln.participant.left_at is not None and ln.consent is None:
            continue
        c = ln.consent
        org = ln.organisation.name if ln.organisation else ""
        who = who_line(ln.participant.role, org, lang, ln.account.title)
        history = [EventRow(text=_event_text(e, names, viewer, lang),
                            when=fmt_datetime(e.at, lang)) for e in ln.history]
        if c is None:
            page.participants.append(ConsentCard(
                id=0, pid=ln.participant.id, version=0, name=ln.account.display_name, who=who, status="none",
                status_label=t("consent_status.none", lang), status_color="neutral"))
            continue
        status = data.statuses[c.id]
        if status == ConsentStatus.EXPIRED and c.valid_until is not None:
            history.append(EventRow(text=t("consent.event_expired", lang),
                                    when=fmt_date(c.valid_until, lang)))
        scopes = parse_scopes(c.scopes)
        shown = scopes
        if Role(ln.participant.role) not in (Role.VEILEDER, Role.KOORDINATOR, Role.TJENESTEYTER):
            shown = scopes - {Scope.CONFIDENTIAL}  # relatives never see confidential notes
        card = ConsentCard(
            id=c.id, pid=ln.participant.id, version=c.version, name=ln.account.display_name, who=who,
            status=status.value, status_label=t(f"consent_status.{status.value}", lang),
            status_color=STATUS_COLOR[status], scopes=scope_words(shown, lang),
            choices=_choices([sc for sc in SCOPE_ORDER if sc in scopes], lang),
            all_choices=_choices(SCOPE_ORDER, lang),
            checked=[sc.value for sc in SCOPE_ORDER if sc in scopes],
            until=_until(c.valid_until, status, lang),
            until_value=c.valid_until.isoformat() if c.valid_until else "",
            can_answer=can_decide and status == ConsentStatus.REQUESTED
            and ln.participant.left_at is None,
            # a guardian decides for the child, not about their own insight in the plan
            can_change=can_decide and c.status == ConsentStatus.GRANTED
            and ln.account.id != viewer.account_id,
            history=list(reversed(history)),  # newest first
            request_title=t("consent.request_title", lang, name=ln.account.display_name),
            history_label=t("consent.history_of", lang, name=ln.account.display_name),
            withdraw_label=t("consent.withdraw_for", lang, name=ln.account.display_name),
            change_label=t("consent.change_for", lang, name=ln.account.display_name),
            can_grant_again=can_decide and ln.account.id != viewer.account_id and may_grant_again(
                status, is_latest=True, participant_left=ln.participant.left_at is not None),
            again_label=t("consent.again_for", lang, name=ln.account.display_name),
            withdraw_confirm=t("consent.withdraw_confirm", lang, name=ln.account.display_name,
                               scopes=", ".join(scope_words(shown, lang)).lower()),
        )
        if status == ConsentStatus.REQUESTED and ln.participant.left_at is None:
            page.pending.append(card)
        page.participants.append(card)
    return page
