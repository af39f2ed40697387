"""Demo samtalereferat and "slik går det" (issue 21): Amina's veileder wrote the referat of a
phone call with her (Amina has read it), and the teacher writes how Amina's Norwegian
course goes (two versions, the first kept)."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from ip_app.conversation_records.data import confirm, create
from ip_app.kernel.models import ConversationRecordResponse, ConversationRecordVersion, Measure
from ip_app.progress_notes.data import save as save_note

_RECORDS = {  # person -> (writer, days ago, topic, text)
    "amina": ("veileder", -9, "Telefonsamtale om arbeidstrening og helse",
              "Amina fortalte at vaktene på Fjordly går fint, men at ryggen er sår etter "
              "lange dager. Vi ble enige om at hun tar det opp med fastlegen, og at NAV "
              "spør Fjordly om kortere vakter i to uker."),
}
_NOTES = {  # person -> (tiltak title, writer, [(days ago, text), ...])
    "amina": ("Norskopplæring spor 2 mot B1", "laerer", [
        (-30, "Amina følger undervisningen og leverer lekser. Muntlig går best."),
        (-6, "Amina har bestått den muntlige delprøven på B1. Skriftlig øver vi mer på "
             "før prøven i vår."),
    ]),
}


def seed_notes(b: Any, ctx: Any, person: str) -> None:
    """b: seed._Builder, ctx: seed._PlanCtx."""
    if person in _RECORDS:
        by, days, topic, text = _RECORDS[person]
        r = create(b.s, plan_id=ctx.plan.id, held_on=b.day(days), actor=ctx.actors[by],
                   topic=topic, text=text)
        r.created_at = b.ts(days, 15)
        for v in b.s.exec(select(ConversationRecordVersion)
                          .where(ConversationRecordVersion.record_id == r.id)):
            v.written_at = b.ts(days, 15)
        confirm(b.s, record_id=r.id, version=1, by_id=ctx.plan.person_id)
        for a in b.s.exec(select(ConversationRecordResponse)
                          .where(ConversationRecordResponse.record_id == r.id)):
            a.at = b.ts(days + 1, 19)
    if person in _NOTES:
        title, by, texts = _NOTES[person]
        m = b.s.exec(select(Measure).where(Measure.plan_id == ctx.plan.id,
                                           Measure.title == title)).one()
        for version, (days, text) in enumerate(texts):
            note = save_note(b.s, measure_id=m.id, based_on_version=version,
                             actor=ctx.actors[by], text=text)
            note.written_at = b.ts(days, 14)
