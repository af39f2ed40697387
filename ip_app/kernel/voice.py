"""Whose voice a plan speaks in, for one viewer: the ONE place that decides it.

The person reads their own plan in the first person ("Min plan", "Målet mitt"); a
guardian reads the child's plan about the child ("Noahs plan", "Noahs mål") and the
decisions they make for the child; staff and relatives read about the person ("Aminas
mål"). Views ask `voice_for` and pick their words by `Voice.kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Optional

from ip_app.kernel.roles import STAFF_ROLES, Role


class VoiceKind(StrEnum):
    OWN = "own"  # the person, about their own plan
    GUARDIAN = "guardian"  # a guardian (verge/foresatt), about the child they decide for
    STAFF = "staff"  # someone who helps, about the person
    RELATIVE = "relative"  # a relative, about the person


@dataclass(frozen=True)
class Voice:
    kind: VoiceKind
    owner: str = ""  # the plan owner's first name ("Noah")
    owner_gen: str = ""  # and its genitive ("Noahs")

    @property
    def is_own(self) -> bool:
        return self.kind == VoiceKind.OWN


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else ""


def genitive(name: str) -> str:
    """Norwegian genitive of a name: "Noah" -> "Noahs", "Lars" -> "Lars'"."""
    if not name:
        return ""
    return name + "'" if name[-1].lower() in "sxz" else name + "s"


def voice_for(*, viewer_is_owner: bool, viewer_role: Optional[Role], owner_name: str) -> Voice:
    """The voice for a viewer of a plan owned by `owner_name` (their full name)."""
    if viewer_is_owner:
        return Voice(VoiceKind.OWN)
    first = first_name(owner_name)
    if viewer_role == Role.VERGE:
        kind = VoiceKind.GUARDIAN
    elif viewer_role in STAFF_ROLES:
        kind = VoiceKind.STAFF
    else:
        kind = VoiceKind.RELATIVE
    return Voice(kind, first, genitive(first))


def participant_label(role: str, lang: str, title: str = "") -> str:
    """The ONE label of a participant, the same on every page (plan, team, dialog,
    consent, meetings, access log): the title their organisation gave them
    ("Kontaktlærer") if any, else their role in the plan ("Verge"); an account with no
    role here is named by its kind ("Pårørende"). Capitalised: it stands as a label."""
    from ip_app.kernel.i18n import catalogue, t  # the catalogues are kernel too

    text = title.strip()
    if not text and role:
        key = f"role.{role}" if f"role.{role}" in catalogue(lang) else f"account_kind.{role}"
        text = t(key, lang) if key in catalogue(lang) else ""
    return text[:1].upper() + text[1:]
