"""Decisions (vedtak) the person reads and may appeal (klage): the rules, no Reflex.

A vedtak is written as a draft by the NAV-veileder or the koordinator of the plan,
then decided and sent; once sent it is never changed: a correction is a new version
that replaces the earlier one (which stays, marked as replaced). The person (and a
verge) may appeal a sent vedtak (forvaltningsloven § 28); the deadline is three weeks
from the day the decision reached the person (§ 29). A klage after the deadline needs a
reason (§ 31 lets the office still hear it). The office moves the klage
mottatt -> behandles -> avgjort, each step with a note.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import _text
from ip_app.kernel.roles import Role
from ip_app.plan.rules import PlanBasis


class VedtakKind(StrEnum):
    IP = "ip"  # the right to an individuell plan
    ASSESSMENT = "14a"  # NAV's § 14 a assessment (behovsvurdering / arbeidsevnevurdering)


class VedtakStatus(StrEnum):
    DRAFT = "utkast"
    SENT = "sendt"


class KlageStatus(StrEnum):
    RECEIVED = "mottatt"
    IN_PROGRESS = "behandles"
    DECIDED = "avgjort"


APPEAL_WEEKS = 3  # forvaltningsloven § 29 first paragraph
TEXT_MAX = 5000

# the laws a decision rests on, as catalogue keys (vedtak.law.<key>)
_LAWS = {
    VedtakKind.IP: ("nav15", "sotjl28", "pbrl25"),
    VedtakKind.ASSESSMENT: ("nav14a",),
}


def legal_basis(kind: VedtakKind, bases: list[PlanBasis]) -> list[str]:
    """The provisions a decision of this kind rests on, for a plan with these bases:
    the right to an IP adds sosialtjenesteloven § 33 during kvalifiseringsprogram."""
    laws = list(_LAWS[kind])
    if kind == VedtakKind.IP and PlanBasis.KVALIFISERINGSPROGRAM in bases:
        laws.insert(2, "sotjl33")
    return laws


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, as in
    Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> frozenset[date]:
    """Norway's public holidays (helligdager, lov om helligdager og helligdagsfred) and the
    days the law treats as such (1 and 17 May, lov om 1. og 17. mai som høgtidsdager):
    the Sundays of Easter and Whitsun are counted too, though every Sunday is free."""
    easter = easter_sunday(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag … 2. pinsedag, from Easter Sunday
    fixed = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
    return frozenset({easter + timedelta(days=n) for n in moving}
                     | {date(year, mo, d) for mo, d in fixed})


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a public holiday (domstolloven § 149)."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def appeal_deadline(reached: date) -> date:
    """The last day to appeal: three weeks after the decision reached the person; a
    deadline ending on a Saturday, a Sunday or a public holiday moves to the next working
    day (forvaltningsloven § 30 with domstolloven § 149)."""
    last = reached + timedelta(weeks=APPEAL_WEEKS)
    while not is_working_day(last):
        last += timedelta(days=1)
    return last


def is_late(deadline: date, sent_on: date) -> bool:
    return sent_on > deadline


DECIDING_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_decide(access: PlanAccess) -> bool:
    """The NAV-veileder and the koordinator of the plan draft, decide and send."""
    return access.allowed and access.role in DECIDING_ROLES


def may_read_decisions(access: PlanAccess) -> bool:
    """The person, their verge and the staff who decide; no one else (a tjenesteyter or a
    pårørende does not read the person's decisions)."""
    return access.allowed and (access.is_owner or access.role == Role.VERGE
                               or access.role in DECIDING_ROLES)


def may_appeal(access: PlanAccess) -> bool:
    """The person, or their verge on their behalf."""
    return access.allowed and (access.is_owner or access.role == Role.VERGE)


def may_handle_klage(access: PlanAccess) -> bool:
    """The office: the same staff who may decide."""
    return may_decide(access)


def may_read_draft(access: PlanAccess) -> bool:
    """A draft is staff work: the person sees a decision only once it is sent."""
    return may_decide(access)


_NEXT = {
    KlageStatus.RECEIVED: (KlageStatus.IN_PROGRESS,),
    KlageStatus.IN_PROGRESS: (KlageStatus.DECIDED,),
    KlageStatus.DECIDED: (),
}


def next_statuses(current: KlageStatus) -> tuple[KlageStatus, ...]:
    return _NEXT[current]


def may_move(current: KlageStatus, to: KlageStatus) -> bool:
    return to in _NEXT[current]


def may_correct(status: VedtakStatus, replaced: bool) -> bool:
    """Only a sent decision that is still in force is corrected (by a new version)."""
    return status == VedtakStatus.SENT and not replaced


# -- forms -----------------------------------------------------------------------------


class VedtakForm(BaseModel):
    """A draft: which kind, what was decided, and why."""

    model_config = ConfigDict(extra="ignore")

    kind: VedtakKind = Field(default=None, validate_default=True)
    decision: str = Field(default="", validate_default=True)
    reasons: str = Field(default="", validate_default=True)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: object) -> VedtakKind:
        v = _text(v, max_len=10)
        if v not in {k.value for k in VedtakKind}:
            raise ValueError("error.vedtak_kind_required")
        return VedtakKind(v)

    @field_validator("decision", mode="before")
    @classmethod
    def _decision(cls, v: object) -> str:
        return _text(v, required_key="error.vedtak_decision_required", max_len=TEXT_MAX)

    @field_validator("reasons", mode="before")
    @classmethod
    def _reasons(cls, v: object) -> str:
        return _text(v, required_key="error.reasons_required", max_len=TEXT_MAX)


class KlageForm(BaseModel):
    """The person's klage: what they disagree with; after the deadline, why it is late.
    `late` comes from the context (the server decides it), never from the form."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", validate_default=True)
    late_reason: str = Field(default="", validate_default=True)

    @field_validator("text", mode="before")
    @classmethod
    def _words(cls, v: object) -> str:
        return _text(v, required_key="error.klage_required", max_len=TEXT_MAX)

    @field_validator("late_reason", mode="before")
    @classmethod
    def _late(cls, v: object, info: ValidationInfo) -> str:
        text = _text(v, max_len=TEXT_MAX)
        late = bool((info.context or {}).get("late"))
        if late and not text:
            raise ValueError("error.klage_late_reason")
        return text if late else ""


class KlageStepForm(BaseModel):
    """The office moves a klage one step, with a note."""

    model_config = ConfigDict(extra="ignore")

    status: KlageStatus = Field(default=None, validate_default=True)
    note: str = Field(default="", validate_default=True)

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: object) -> KlageStatus:
        v = _text(v, max_len=20)
        if v not in {k.value for k in KlageStatus}:
            raise ValueError("error.choose_one")
        return KlageStatus(v)

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v: object) -> str:
        return _text(v, required_key="error.klage_note_required", max_len=TEXT_MAX)


def klage_deadline_of(sent_on: Optional[date]) -> Optional[date]:
    """The deadline of a decision sent (digitally: it reaches the person that day)."""
    return appeal_deadline(sent_on) if sent_on else None
