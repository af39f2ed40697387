"""Dialog rules: who may talk with whom about a plan, and what a message may hold.

Every thread is between the person and participants the person (or a helper)
chose; the person is always in it. A participant takes part only while their
consent includes the dialog (`Scope.DIALOG`); when it is withdrawn, they stop
seeing the thread at once (the thread and its messages are kept). Messages are
never edited or deleted after sending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Optional

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

BODY_MAX = 5000
SUBJECT_MAX = 120
CLIENT_ID_MAX = 64


class Waiting(StrEnum):
    """Who the thread waits for, as the veileder marks it."""

    NONE = ""
    PERSON = "bruker"  # venter på svar fra bruker
    NAV = "nav"  # venter på svar fra NAV


# Staff who mark threads (venter på svar / ferdigbehandlet): the ones who answer for
# the plan. A tjenesteyter writes in threads but does not manage them.
MANAGING_ROLES = frozenset({Role.VEILEDER, Role.KOORDINATOR})


def may_use_dialog(access: PlanAccess) -> bool:
    """The person always; others only with a live consent that includes the dialog."""
    return access.allowed and (access.is_owner or Scope.DIALOG in access.scopes)


def may_read_thread(access: PlanAccess, is_member: bool) -> bool:
    """The person reads every thread of their plan; others the ones they are in."""
    if not may_use_dialog(access):
        return False
    return access.is_owner or is_member


def may_manage_thread(access: PlanAccess, is_member: bool) -> bool:
    return (may_read_thread(access, is_member) and not access.is_owner
            and access.role in MANAGING_ROLES)


def may_invite(recipient: PlanAccess) -> bool:
    """A participant can be put in a thread only if they may use the dialog."""
    return may_use_dialog(recipient) and not recipient.is_owner


def check_body(body: object) -> Optional[str]:
    """None when the message may be sent, else the catalogue key of the reason."""
    if not isinstance(body, str) or not body.strip():
        return "dialog.error_empty"
    if len(body) > BODY_MAX:
        return "dialog.error_too_long"
    return None


def check_subject(subject: object) -> Optional[str]:
    if not isinstance(subject, str) or not subject.strip():
        return "dialog.error_subject"
    if len(subject.strip()) > SUBJECT_MAX:
        return "dialog.error_subject_long"
    return None


_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def valid_client_id(value: object) -> bool:
    """Ids made by the page (random, URL-safe). Anything else is refused, not stored."""
    return isinstance(value, str) and bool(_CLIENT_ID.match(value))


@dataclass(frozen=True)
class Segment:
    """A piece of message text: plain text, or a link the page may make clickable."""

    text: str
    href: str = ""  # "" for plain text


# http(s) addresses and bare www. addresses. Nothing else becomes a link, so
# `javascript:` or `data:` text can never be clicked into running.
_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_TRAILING = ".,;:!?)]}»”’"


def split_links(text: str) -> list[Segment]:
    """Split message text into text and link segments (rendered as text, never HTML)."""
    out: list[Segment] = []
    pos = 0
    for m in _LINK.finditer(text):
        url = m.group(0)
        # "se www.nav.no." — the full stop ends the sentence, not the address
        while url and url[-1] in _TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        end = m.start() + len(url)
        if not url or end <= m.start():
            continue
        if m.start() > pos:
            out.append(Segment(text[pos:m.start()]))
        href = url if url.lower().startswith(("http://", "https://")) else "https://" + url
        out.append(Segment(url, href))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
