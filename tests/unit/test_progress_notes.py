""""Slik går det" (issue 21): who writes it (progress_notes/rules.py), the form's input, and
versions that are never lost (progress_notes/data.py)."""

from __future__ import annotations

import pytest

from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.roles import Role
from ip_app.measures.rules import MeasureFacts, Status
from ip_app.progress_notes.rules import NoteInput, may_write


def _facts(status: Status = Status.GJENNOMFORES, responsible=7) -> MeasureFacts:
    return MeasureFacts(status=status, agreed=True, created_by_id=1,
                        responsible_participant_id=responsible, responsible_role=Role.TJENESTEYTER)


def test_only_the_responsible_participant_writes_while_it_runs():
    teacher = Actor(account_id=5, role=Role.TJENESTEYTER, participant_id=7)
    koordinator = Actor(account_id=6, role=Role.KOORDINATOR, participant_id=8)
    assert may_write(teacher, _facts())
    assert may_write(teacher, _facts(Status.PLANLAGT))
    assert not may_write(koordinator, _facts())  # may change the tiltak, not write for others
    assert not may_write(teacher, _facts(Status.FULLFORT))
    assert not may_write(teacher, _facts(responsible=None))
    assert not may_write(Actor(account_id=5, role=Role.TJENESTEYTER), _facts())


def test_the_text_is_needed_and_not_too_long():
    with pytest.raises(FormError) as exc:
        validate(NoteInput, {"text": "  "})
    assert exc.value.errors == {"text": "error.progress_required"}
    with pytest.raises(FormError) as exc:
        validate(NoteInput, {"text": "x" * 2001})
    assert exc.value.errors == {"text": "error.progress_too_long"}
    assert validate(NoteInput, {"text": " Går fint "}).text == "Går fint"


def test_every_version_is_kept_and_an_old_base_is_refused(s, demo):
    from sqlmodel import select

    from ip_app.kernel.models import Measure
    from ip_app.progress_notes import data as pdata

    plan = demo.plan(s, "amina")
    m = s.exec(select(Measure).where(Measure.plan_id == plan.id)).first()
    actor = demo.actor(s, "amina", "laerer")
    start = pdata.newest(s, m.id)
    pdata.save(s, measure_id=m.id, based_on_version=start, actor=actor, text="Først")
    pdata.save(s, measure_id=m.id, based_on_version=start + 1, actor=actor, text="Så")
    with pytest.raises(pdata.StaleNote):
        pdata.save(s, measure_id=m.id, based_on_version=start + 1, actor=actor, text="Tapt")
    texts = [n.text for n in pdata.of_plan(s, [m.id])[m.id]]
    assert texts[-2:] == ["Først", "Så"] and "Tapt" not in texts
