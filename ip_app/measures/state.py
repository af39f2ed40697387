"""Creating and editing a tiltak in full (staff, and the person for their own items).

The form is based on the version it was opened from. If someone saved in between,
the save is refused, nothing is overwritten, and the form shows what the newer
version says, keeping what the user typed, so they can decide and save again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

import reflex as rx
from sqlmodel import Session

from ip_app.kernel import gate
from ip_app.kernel.access import Viewer
from ip_app.kernel.actor import RuleError
from ip_app.kernel.common import to_int
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.history import EARLIER_FIELDS, changes_between
from ip_app.kernel.i18n import fmt_datetime, t
from ip_app.kernel.models import Measure
from ip_app.measures import data as measure_data
from ip_app.measures.catalogue_view import with_kind_title
from ip_app.measures.input import MeasureInput
from ip_app.measures.rules import (
    check_create, check_edit, initial_status, may_assign_to_others, may_create, may_mark_agreed,
)
from ip_app.plan.data import PlanData, measure_facts
from ip_app.plan.rules import format_serves, parse_serves
from ip_app.plan.state import PlanState
from ip_app.plan.view import Option

FIELDS = ("title", "kind", "description", "extent", "hours_per_week", "how", "start_date", "end_date",
          "responsible_participant_id", "goal_id")


@dataclass
class FieldConflict:
    """One text the user typed that differs from the newer saved version."""

    field: str
    label: str
    mine: str  # what the user typed
    theirs: str  # what the newer version says
    chosen: str = ""  # "" | "mine" | "theirs"


def field_id(name: str) -> str:
    """The id of the form's control for `name` (focus and "Bruk den nye" find it)."""
    return f"mform-{name}"


@dataclass
class MeasureForm:
    key: str = "empty"  # a new key remounts the inputs with these values
    measure_id: int = 0  # 0: a new tiltak
    version: int = 0
    title: str = ""
    kind: str = ""  # tiltak catalogue key, "" for own free text
    description: str = ""
    extent: str = ""
    hours_per_week: str = ""
    how: str = ""
    start_date: str = ""
    end_date: str = ""
    responsible_participant_id: str = ""
    goal_id: str = ""
    serves: list[str] = field(default_factory=list)
    agreed: bool = False
    can_set_agreed: bool = False
    responsible_options: list[Option] = field(default_factory=list)
    goal_options: list[Option] = field(default_factory=list)
    basis_options: list[Option] = field(default_factory=list)


def _s(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _options(data: PlanData, viewer: Viewer) -> dict:
    actor = data.access.actor(viewer)
    people = [p for p in data.participants if may_assign_to_others(actor) or
              p.id == data.access.participant_id]
    return dict(
        responsible_options=[Option(value=str(p.id), label=f"{p.name} ({p.title or t('role.' + p.role.value, viewer.lang)})")
                             for p in people],
        goal_options=[Option(value=str(g.id), label=g.text) for g in data.goals],
        basis_options=[Option(value=b.value, label=t(f"basis.{b.value}", viewer.lang)) for b in data.bases],
        can_set_agreed=may_mark_agreed(actor),
    )


class MeasureEditState(rx.State):
    is_open: bool = False
    form: MeasureForm = MeasureForm()
    errors: dict[str, str] = {}
    conflict: str = ""
    conflicts: list[FieldConflict] = []  # at each control: what was typed, what is saved

    @rx.event
    @gate.read("open_new_measure", on=PlanState, data=True)
    async def open_new(self, g: gate.Ctx):
        data, viewer = g.data, g.viewer
        if not may_create(g.actor):
            return
        self.form = MeasureForm(key=uuid.uuid4().hex, serves=[b.value for b in data.bases[:1]],
                                responsible_participant_id=str(data.access.participant_id or ""),
                                **_options(data, viewer))
        self.errors, self.conflict, self.conflicts, self.is_open = {}, "", [], True

    @rx.event
    @gate.read("open_edit_measure", on=PlanState, data=True, row="measure", row_id="measure_id")
    async def open_edit(self, g: gate.Ctx, measure_id: int):
        m, _responsible = g.row  # in this plan and visible to the viewer
        self.form = self._form_from(m, g.data, g.viewer)
        self.errors, self.conflict, self.conflicts, self.is_open = {}, "", [], True

    def _form_from(self, m: Measure, data: PlanData, viewer: Viewer, **override: object) -> MeasureForm:
        values = {f: _s(getattr(m, f)) for f in FIELDS}
        values.update({k: v for k, v in override.items() if k in FIELDS})
        return MeasureForm(
            key=uuid.uuid4().hex, measure_id=m.id, version=m.version,
            serves=list(override.get("serves", [b.value for b in parse_serves(m.serves)])),
            agreed=bool(override.get("agreed", m.agreed)), **values, **_options(data, viewer),
        )

    @rx.event
    @gate.ui_only
    def close(self):
        self.is_open = False

    def _choose(self, field: str, which: str):
        """Put one of the two texts back in the control; nothing is read or saved."""
        found = next((c for c in self.conflicts if c.field == field), None)
        if found is None:
            return None
        self.conflicts = [replace(c, chosen=which) if c.field == field else c
                          for c in self.conflicts]
        return rx.set_value(field_id(field), found.mine if which == "mine" else found.theirs)

    @rx.event
    @gate.ui_only
    def use_mine(self, field: str):
        return self._choose(str(field), "mine")

    @rx.event
    @gate.ui_only
    def use_theirs(self, field: str):
        return self._choose(str(field), "theirs")

    @rx.event
    @gate.write("save_measure", on=PlanState, data=True, row="measure",
                row_id="form_data.measure_id", new_ok=True, field="errors")
    async def save(self, g: gate.Ctx, form_data: dict):
        """A new tiltak (no measure_id) or a new version of one the viewer may see."""
        data, viewer, actor, lang = g.data, g.viewer, g.actor, g.lang
        bases = [b.value for b in data.bases]
        raw = {**with_kind_title(form_data, lang),
               "serves": [b for b in bases if form_data.get(f"serves_{b}")]}
        try:
            form: MeasureInput = validate(MeasureInput, raw)  # type: ignore[assignment]
            errors = self._check_refs(form, data, viewer)
            if errors:
                raise FormError(errors)
        except FormError as exc:
            self.errors = {k: t(v, lang) for k, v in exc.errors.items()}
            return _focus_first(self.errors)
        values = dict(
            title=form.title, kind=form.kind, description=form.description, extent=form.extent,
            hours_per_week=form.hours_per_week, how=form.how, start_date=form.start_date,
            end_date=form.end_date, goal_id=form.goal_id, serves=format_serves(form.serves),
            responsible_participant_id=form.responsible_participant_id
            or data.access.participant_id,
        )
        try:
            if g.row is None:  # a new tiltak
                check_create(actor, agreed=form.agreed)
                m = measure_data.create_measure(
                    g.s, plan_id=data.plan.id, actor=actor, status=str(initial_status(actor)),
                    agreed=form.agreed, **values)
                action = "add_measure"
            else:
                m, responsible = g.row
                facts = measure_facts(m, responsible, data.plan.person_id)
                check_edit(actor, facts, agreed_changes=form.agreed != m.agreed)
                version = to_int(form_data.get("version")) or 0
                if version != m.version:
                    raise measure_data.StaleVersion(m)
                m = measure_data.update_measure(
                    g.s, measure_id=m.id, based_on_version=version, actor=actor,
                    agreed=form.agreed, **values)
                action = "edit_measure"
        except RuleError as exc:
            g.audit(target=f"measure:{g.row_id}", allowed=False, detail=exc.key)
            self.errors = {"_form": t(exc.key, lang)}
            return _focus_first(self.errors)
        except measure_data.StaleVersion as exc:
            self.conflict = self._describe(g.s, exc.current, data,
                                           to_int(form_data.get("version")) or 0, lang)
            typed = {k: _s(v) for k, v in values.items() if k in FIELDS}
            self.conflicts = _conflicts(typed, exc.current, lang)
            self.form = self._form_from(exc.current, data, viewer, **{
                **typed, "serves": form.serves, "agreed": form.agreed})
            self.errors = {}
            first = self.conflicts[0].field if self.conflicts else ""
            return rx.set_focus(f"mform-conflict-{first}" if first else "mform-conflict")
        g.audit(action=action, target=f"measure:{m.id}")
        g.changed(measures=[m.id])
        self.is_open, self.errors, self.conflict, self.conflicts = False, {}, "", []
        g.page.notice = t("notice.measure_saved", lang, title=m.title)

    @staticmethod
    def _check_refs(form: MeasureInput, data: PlanData, viewer: Viewer) -> dict[str, str]:
        """Ids from the form must point into this plan (and to what the viewer may use)."""
        errors: dict[str, str] = {}
        actor = data.access.actor(viewer)
        people = {p.id for p in data.participants}
        rid = form.responsible_participant_id
        if rid is not None and (rid not in people or (
                not may_assign_to_others(actor) and rid != data.access.participant_id)):
            errors["responsible_participant_id"] = "error.invalid"
        if form.goal_id is not None and form.goal_id not in {g.id for g in data.goals}:
            errors["goal_id"] = "error.invalid"
        if not set(form.serves) <= {b.value for b in data.bases}:
            errors["serves"] = "error.invalid"
        return errors

    @staticmethod
    def _describe(s: Session, m: Measure, data: PlanData, based_on: int, lang: str) -> str:
        """What the newer version says, and what changed since the version the form had."""
        versions = measure_data.versions(s, m.id)
        last = versions[-1] if versions else None
        base = next((v for v in versions if v.version == based_on), None)
        changed_fields: list[str] = []
        if base is not None and last is not None:
            for c in changes_between(base.snapshot, last.snapshot):
                changed_fields += ["status"] if c.kind == "status" else list(c.fields)
                if c.kind == "agreed":
                    changed_fields.append("agreed")
        who = next((p.name for p in data.participants if last and p.account_id == last.changed_by_id),
                   "")
        resp = data.participant(m.responsible_participant_id)
        return t("error.conflict", lang, who=who or "?",
                 when=fmt_datetime(last.changed_at if last else m.updated_at, lang),
                 title=m.title, status=t(f"status.{m.status}", lang),
                 responsible=resp.name if resp else "-",
                 fields=", ".join(t(f"field.{f}", lang) for f in changed_fields) or "-")


def _focus_first(errors: dict[str, str]):
    """Move focus to the first control with an error, in the form's order (its label and
    message are read out there); a message for the whole form gets focus itself."""
    for name in ("kind", "title", "description", "responsible_participant_id", "extent",
                 "hours_per_week", "how", "start_date", "end_date", "goal_id"):
        if name in errors:
            return rx.set_focus(field_id(name))
    return rx.set_focus("mform-error")


def _conflicts(typed: dict[str, str], current: Measure, lang: str) -> list[FieldConflict]:
    """The texts where what was typed and the newer saved version differ."""
    out = []
    for name in EARLIER_FIELDS:
        theirs = _s(getattr(current, name))
        mine = typed.get(name, "")
        if mine != theirs:
            label = t(f"field.{name}", lang)
            out.append(FieldConflict(field=name, label=label[:1].upper() + label[1:],
                                     mine=mine, theirs=theirs))
    return out
