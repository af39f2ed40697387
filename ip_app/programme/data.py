"""Reading and writing programme facts. Append-only: each save is a new version row."""

from __future__ import annotations

from typing import Any, Optional

from sqlmodel import Session, select

from ip_app.kernel.db import param, param_list
from ip_app.kernel.models import Account, Programme


def versions(s: Session, plan_id: int, basis: str) -> list[Programme]:
    return list(s.exec(select(Programme).where(Programme.plan_id == plan_id,
                                                Programme.basis == basis)
                       .order_by(Programme.version)))


def current(s: Session, plan_id: int, basis: str) -> Optional[Programme]:
    v = versions(s, plan_id, basis)
    return v[-1] if v else None


def add_version(s: Session, *, plan_id: int, basis: str, actor_id: int, **fields: Any) -> Programme:
    last = current(s, plan_id, basis)
    row = Programme(plan_id=plan_id, basis=basis, version=(last.version if last else 0) + 1,
                    written_by_id=actor_id, **fields)
    s.add(row)
    s.flush()
    return row


# read with every plan page: built once, with bound parameters
_OF_PLAN = (select(Programme).where(Programme.plan_id == param("plan_id"))
            .order_by(Programme.basis, Programme.version))
_NAMES = select(Account.id, Account.display_name).where(
    Account.id.in_(param_list("ids")))


def latest_by_basis(s: Session, plan_id: int) -> dict[str, Programme]:
    """The current version per programme basis, in ONE statement (the plan page's budget)."""
    out: dict[str, Programme] = {}
    for row in s.exec(_OF_PLAN, params={"plan_id": plan_id}):
        out[row.basis] = row
    return out


class StaleProgramme(Exception):
    """Someone saved a newer version after the one this change was based on."""

    def __init__(self, current: Optional[Programme]):
        super().__init__("stale programme")
        self.current = current


def save_version(s: Session, *, plan_id: int, basis: str, based_on: int, actor_id: int,
                 **fields: Any) -> Programme:
    """Write version `based_on + 1` of the facts; refused (StaleProgramme) if a newer version
    than `based_on` exists (no lost update). Earlier versions are never changed.

    The unique (plan, basis, version) constraint guards against two writers racing.
    """
    last = current(s, plan_id, basis)
    if (last.version if last else 0) != based_on:
        raise StaleProgramme(last)
    row = Programme(plan_id=plan_id, basis=basis, version=based_on + 1, written_by_id=actor_id,
                    **fields)
    s.add(row)
    s.flush()
    return row


def names(s: Session, ids: set[int]) -> dict[int, str]:
    """Display names of who wrote the versions."""
    if not ids:
        return {}
    return dict(s.exec(_NAMES, params={"ids": list(ids)}).all())
