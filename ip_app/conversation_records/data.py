"""Samtalereferat rows: a record per conversation, its texts as versions, the person's
"Jeg har lest" per version. Nothing is changed or deleted: a save adds the next version
(the unique (record, version) key is the guard when two save at once)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ip_app.conversation_records.rules import may_read
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.accounts import display_names
from ip_app.kernel.actor import Actor, RuleError
from ip_app.kernel.db import param
from ip_app.kernel.models import (
    ConversationRecord, ConversationRecordResponse, ConversationRecordVersion, utcnow,
)
from ip_app.minutes.rules import check_version


class StaleRecord(Exception):
    """Someone saved a newer text after the one this save was based on."""


def get(s: Session, plan_id: Optional[int], record_id: Optional[int]) -> Optional[ConversationRecord]:
    r = s.get(ConversationRecord, record_id) if record_id else None
    return r if r is not None and r.plan_id == plan_id else None


def of_plan(s: Session, plan_id: int) -> list[tuple[ConversationRecord,
                                                   list[ConversationRecordVersion]]]:
    """Every record of the plan, newest conversation first, with its versions (oldest
    first): two queries."""
    records = list(s.exec(select(ConversationRecord).where(ConversationRecord.plan_id == plan_id)
                          .order_by(ConversationRecord.held_on.desc(),
                                    ConversationRecord.id.desc())))
    if not records:
        return []
    versions: dict[int, list[ConversationRecordVersion]] = {r.id: [] for r in records}
    for v in s.exec(select(ConversationRecordVersion)
                    .where(ConversationRecordVersion.record_id.in_(list(versions)))
                    .order_by(ConversationRecordVersion.version)):
        versions[v.record_id].append(v)
    return [(r, versions[r.id]) for r in records]


def responses(s: Session, record_ids: list[int]) -> list[ConversationRecordResponse]:
    if not record_ids:
        return []
    return list(s.exec(select(ConversationRecordResponse)
                       .where(ConversationRecordResponse.record_id.in_(record_ids))
                       .order_by(ConversationRecordResponse.id)))


def _add_version(s: Session, record_id: int, version: int, actor: Actor, topic: str,
                 text: str) -> ConversationRecordVersion:
    row = ConversationRecordVersion(record_id=record_id, version=version, topic=topic, text=text,
                                    written_by_id=actor.account_id,
                                    written_by_role=str(actor.role), written_at=utcnow())
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError as exc:  # another save took this version a moment before
        raise StaleRecord() from exc
    return row


def create(s: Session, *, plan_id: int, held_on: date, actor: Actor, topic: str,
           text: str) -> ConversationRecord:
    r = ConversationRecord(plan_id=plan_id, held_on=held_on, created_by_id=actor.account_id,
                           created_at=utcnow())
    s.add(r)
    s.flush()
    _add_version(s, r.id, 1, actor, topic, text)
    return r


def save_version(s: Session, *, record: ConversationRecord, based_on_version: int,
                 actor: Actor, topic: str, text: str) -> ConversationRecordVersion:
    """The next version; StaleRecord when the text moved on since `based_on_version`."""
    newest = max((v.version for v in s.exec(select(ConversationRecordVersion).where(
        ConversationRecordVersion.record_id == record.id))), default=0)
    try:
        check_version(newest, based_on_version)
    except RuleError as exc:
        raise StaleRecord() from exc
    return _add_version(s, record.id, based_on_version + 1, actor, topic, text)


def newest_version(s: Session, record_id: int) -> int:
    return max((v.version for v in s.exec(select(ConversationRecordVersion).where(
        ConversationRecordVersion.record_id == record_id))), default=0)


def confirm(s: Session, *, record_id: int, version: int, by_id: int) -> None:
    s.add(ConversationRecordResponse(record_id=record_id, version=version, by_id=by_id,
                                     at=utcnow()))
    s.flush()


def current(s: Session, record_id: int) -> Optional[ConversationRecordVersion]:
    return s.exec(select(ConversationRecordVersion)
                  .where(ConversationRecordVersion.record_id == record_id)
                  .order_by(ConversationRecordVersion.version.desc())).first()


def _unread_count_statement():  # noqa: ANN202
    newest = (select(ConversationRecordVersion.record_id,
                     sa.func.max(ConversationRecordVersion.version).label("v"))
              .join(ConversationRecord, ConversationRecord.id == ConversationRecordVersion.record_id)
              .where(ConversationRecord.plan_id == param("plan_id"))
              .group_by(ConversationRecordVersion.record_id).subquery())
    read = sa.exists().where(ConversationRecordResponse.record_id == newest.c.record_id,
                             ConversationRecordResponse.version == newest.c.v,
                             ConversationRecordResponse.by_id == param("account_id"))
    return select(sa.func.count()).select_from(newest).where(~read)


_UNREAD_COUNT = _unread_count_statement()  # asked on every open of the plan: built once


def unread_count(s: Session, plan_id: int, account_id: int) -> int:
    """How many of the plan's samtalereferat this account has not said "Jeg har lest" to
    for the current version (one statement; for the person's "Venter på deg")."""
    return s.exec(_UNREAD_COUNT, params={"plan_id": plan_id, "account_id": account_id}).one()


@dataclass
class RecordsData:
    """The plan's samtalereferat with every version, the person's "lest" answers and the
    names of who wrote and who read them (empty for who may not read them)."""
    records: list = field(default_factory=list)  # (record, [versions oldest first])
    answers: list = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


def load_page(s: Session, plan_id: int, access: PlanAccess, org_kind: str) -> RecordsData:
    """At most three statements, none for who may not read them."""
    if not may_read(access, org_kind):
        return RecordsData()
    found = of_plan(s, plan_id)
    answers = responses(s, [r.id for r, _ in found])
    return RecordsData(found, answers, display_names(
        s, {v.written_by_id for _, vs in found for v in vs} | {a.by_id for a in answers}))
