""""Slik går det" rows: one series per tiltak (`series` = the tiltak's id), every save the
next version; nothing is changed or deleted (the unique (series, version) key is the guard
when two save at once)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.db import param_list
from ip_app.kernel.models import ProgressNote, utcnow
from ip_app.minutes.rules import check_version


class StaleNote(Exception):
    """Someone saved a newer text after the one this save was based on."""


_OF_PLAN = (select(ProgressNote).where(ProgressNote.measure_id.in_(param_list("ids")))
            .order_by(ProgressNote.measure_id, ProgressNote.version))  # built once


def of_plan(s: Session, measure_ids: list[int]) -> dict[int, list[ProgressNote]]:
    """Every version of the notes on these tiltak, oldest first (one query)."""
    if not measure_ids:
        return {}
    out: dict[int, list[ProgressNote]] = {}
    for n in s.exec(_OF_PLAN, params={"ids": list(measure_ids)}):
        out.setdefault(n.measure_id, []).append(n)
    return out


def newest(s: Session, measure_id: int) -> int:
    return max((n.version for n in s.exec(select(ProgressNote).where(
        ProgressNote.measure_id == measure_id))), default=0)


def save(s: Session, *, measure_id: int, based_on_version: int, actor: Actor,
         text: str) -> ProgressNote:
    try:
        check_version(newest(s, measure_id), based_on_version)
    except RuleError as exc:
        raise StaleNote() from exc
    row = ProgressNote(measure_id=measure_id, series=str(measure_id),
                       version=based_on_version + 1, text=text,
                       written_by_id=actor.account_id, written_by_role=str(actor.role),
                       written_at=utcnow())
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError as exc:
        raise StaleNote() from exc
    return row
