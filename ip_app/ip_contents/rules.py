"""The individuell plan's own contents (items 1 and 9 of an IP, `../shared/DOMAIN.md`):
the person's resources ("Dette får jeg til"), needs for help ("Dette trenger jeg hjelp
til"), the samarbeidsparter (who cooperates, on what) and the sub-goals (delmål) under the
main goal.

- **Who reads them** (`may_read_ip_contents`): they describe the person as the goals do,
  so the consent scope that covers the goals covers them (`Scope.GOALS`: "mål, ressurser
  og behov"). The person always; a participant only with consent to the goals. Consent to
  tiltak, to the dialog or to confidential notes alone does not show them. Every earlier
  wording and every archived item follows the same rule.
- **Who writes them** (`may_write_ip_contents`): as the goals (`goals.rules`): the person,
  their NAV-veileder and the koordinator. Staff give a reason when they change or archive
  what is there (the person sees it next to the earlier text); the person need not.
- **Nothing is deleted**: an item is archived (with who, when, why) and stays in its
  history; a change keeps the earlier wording.
- They are shown for plans with an individuell plan (`shows_ip_contents`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Iterable

from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import FormError, clean_text
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.rules import PlanBasis

ITEM_MAX = 1000
REASON_MAX = 500
SUBGOAL_MAX = 500  # as a goal (domain.goals.GOAL_MAX)

WRITER_ROLES = frozenset({Role.PERSON, Role.VEILEDER, Role.KOORDINATOR})


class ItemKind(StrEnum):
    RESOURCE = "resource"  # ressurser: "Dette får jeg til"
    SERVICE_NEED = "service_need"  # tjenestebehov: "Dette trenger jeg hjelp til"
    PARTNER = "partner"  # samarbeidsparter


def shows_ip_contents(bases: Iterable[PlanBasis | str]) -> bool:
    """The section belongs to plans that include an individuell plan."""
    return PlanBasis.INDIVIDUELL_PLAN in {PlanBasis(b) for b in bases}


def may_read_ip_contents(access: PlanAccess) -> bool:
    """Resources, needs, samarbeidsparter and sub-goals (and their history): consent to
    the goals."""
    return access.can(Scope.GOALS)


def may_write_ip_contents(actor: Actor) -> bool:
    """The person, the NAV-veileder and the koordinator add, change and archive them."""
    return actor.role in WRITER_ROLES


def _clean(v: object) -> str:
    if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
        return "\x00bad"
    return clean_text(str(v) if v is not None else "").strip()


def _reason(actor: Actor, raw: object, errors: dict[str, str]) -> str:
    reason = _clean(raw)
    if reason == "\x00bad":
        errors["reason"] = "error.invalid"
    elif len(reason) > REASON_MAX:
        errors["reason"] = "error.reason_too_long"
    elif actor.role != Role.PERSON and not reason:
        errors["reason"] = "ipc.error_reason_required"
    return reason


def check_item(actor: Actor, *, kind: str, text: object, reason: object = "",
               old_text: str | None = None, max_len: int = ITEM_MAX) -> tuple[str, str]:
    """A new item (`old_text` None) or a new wording of one: the cleaned (text, reason),
    else FormError (field -> catalogue key). A new item needs no reason; a change by staff
    does. `kind` is an ItemKind value or "subgoal"."""
    if not may_write_ip_contents(actor):
        raise FormError({"_form": "error.not_allowed"})
    errors: dict[str, str] = {}
    if kind not in {k.value for k in ItemKind} | {"subgoal"}:
        errors["_form"] = "error.invalid"
    clean = _clean(text)
    if clean == "\x00bad":
        errors["text"] = "error.invalid"
    elif not clean:
        errors["text"] = "ipc.error_text_required"
    elif len(clean) > max_len:
        errors["text"] = "ipc.error_text_too_long"
    elif old_text is not None and clean == old_text:
        errors["text"] = "ipc.error_text_same"
    why = _reason(actor, reason, errors) if old_text is not None else _clean(reason)
    if why == "\x00bad":
        errors["reason"], why = "error.invalid", ""
    elif len(why) > REASON_MAX:
        errors["reason"] = "error.reason_too_long"
    if errors:
        raise FormError(errors)
    return clean, why


def check_archive(actor: Actor, reason: object) -> str:
    """Archiving an item or a sub-goal: the cleaned reason (staff must give one)."""
    if not may_write_ip_contents(actor):
        raise FormError({"_form": "error.not_allowed"})
    errors: dict[str, str] = {}
    why = _reason(actor, reason, errors)
    if errors:
        raise FormError(errors)
    return why
