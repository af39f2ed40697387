""""Slik går det": a note on how a tiltak goes. Plain rules (no Reflex, no database).

- **Who writes it** (`may_write`): the participant responsible for the tiltak (the person
  for their own, a helper for theirs), while the tiltak is not finished or stopped.
- **Who reads it**: whoever may see the tiltak (`PlanAccess.can_see_measure`, the
  disclosure rules of the tiltak itself); the note is part of the card.
- **History**: one text per tiltak, every save a new version based on the one the form
  showed (`minutes.rules.check_version`: a save on an older one is refused); every
  earlier text stays readable.
"""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import _text
from ip_app.measures.rules import MeasureFacts, is_final

TEXT_MAX = 2000


def may_write(actor: Actor, m: MeasureFacts) -> bool:
    responsible: Optional[int] = m.responsible_participant_id
    return (responsible is not None and actor.participant_id == responsible
            and not is_final(m.status))


class NoteInput(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(default="", validate_default=True)

    @field_validator("text", mode="before")
    @classmethod
    def _text(cls, v: object) -> str:
        return _text(v, required_key="error.progress_required", max_len=TEXT_MAX,
                     too_long_key="error.progress_too_long")
