"""The full tiltak form (create and edit), shown in a modal."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak
from ip_app.measures.catalogue_parts import kind_select


def _select(label: str, name: str, value: Any, options: Any, error: Any, none_label: str
            ) -> rx.Component:
    return ak.Select.create(
        rx.el.option(none_label, value=""),
        rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
        label=label, name=name, default_value=value, error=error,
    )


def _conflict_at(state: Any, name: str) -> rx.Component:
    """Under a control whose text someone else changed meanwhile: the newer saved text
    beside what the user typed, and a button to use either. Nothing typed is lost."""
    def box(c: Any) -> rx.Component:
        return rx.cond(c.field == name, rx.el.div(
            ak.VStack.create(
                ak.BodyShort.create(tr("mform.conflict_field", field=c.label), size="small",
                                    weight="semibold"),
                ak.BodyShort.create(tr("mform.conflict_theirs"), size="small", weight="semibold"),
                ak.BodyShort.create(rx.cond(c.theirs != "", c.theirs, tr("history.was_empty")),
                                    size="small", class_name="pre-line"),
                ak.BodyShort.create(tr("mform.conflict_mine"), size="small", weight="semibold"),
                ak.BodyShort.create(rx.cond(c.mine != "", c.mine, tr("history.was_empty")),
                                    size="small", class_name="pre-line"),
                ak.HStack.create(
                    ak.Button.create(tr("mform.use_mine"), type="button", size="small",
                                     variant=rx.cond(c.chosen == "mine", "primary", "secondary"),
                                     on_click=state.use_mine(name),
                                     custom_attrs={"aria-pressed": c.chosen == "mine"}),
                    ak.Button.create(tr("mform.use_theirs"), type="button", size="small",
                                     variant=rx.cond(c.chosen == "theirs", "primary",
                                                     "secondary"),
                                     on_click=state.use_theirs(name),
                                     custom_attrs={"aria-pressed": c.chosen == "theirs"}),
                    gap="space-8", wrap=True),
                gap="space-4"),
            id=f"mform-conflict-{name}", tab_index=-1, class_name="field-conflict",
        ))
    return rx.foreach(state.conflicts, box)


def measure_modal(state: Any) -> rx.Component:
    f = state.form
    err = state.errors
    return ak.Modal.create(
        rx.el.form(
            ak.ModalBody.create(ak.VStack.create(
                rx.el.div(rx.cond(state.conflict != "", ak.Alert.create(
                    state.conflict, variant="warning", size="small")),
                    role="alert", id="mform-conflict", tab_index=-1),
                rx.el.div(rx.cond(err.contains("_form"), ak.Alert.create(
                    err["_form"], variant="error", size="small")),
                    role="alert", id="mform-error", tab_index=-1),
                rx.el.input(type="hidden", name="measure_id", value=f.measure_id.to_string()),
                rx.el.input(type="hidden", name="version", value=f.version.to_string()),
                kind_select(f.kind, err.get("kind", "")),
                ak.TextField.create(label=tr("mform.title"), name="title", default_value=f.title,
                                    description=tr("catalogue.title_optional"),
                                    error=err.get("title", ""), max_length=200,
                                    id="mform-title"),
                _conflict_at(state, "title"),
                ak.Textarea.create(label=tr("mform.description"), name="description",
                                   default_value=f.description, error=err.get("description", ""),
                                   max_length=2000, min_rows=2, id="mform-description"),
                _conflict_at(state, "description"),
                _select(tr("mform.responsible"), "responsible_participant_id",
                        f.responsible_participant_id, f.responsible_options,
                        err.get("responsible_participant_id", ""), tr("mform.responsible_none")),
                ak.TextField.create(label=tr("mform.extent"), name="extent", default_value=f.extent,
                                    description=tr("mform.extent_hint"),
                                    error=err.get("extent", ""), id="mform-extent"),
                _conflict_at(state, "extent"),
                ak.TextField.create(label=tr("mform.hours"), name="hours_per_week",
                                    default_value=f.hours_per_week, input_mode="decimal",
                                    error=err.get("hours_per_week", ""),
                                    id="mform-hours_per_week"),
                _conflict_at(state, "hours_per_week"),
                ak.Textarea.create(label=tr("mform.how"), name="how", default_value=f.how,
                                   error=err.get("how", ""), max_length=2000, min_rows=2,
                                   id="mform-how"),
                _conflict_at(state, "how"),
                ak.TextField.create(label=tr("add.start"), name="start_date", type="date",
                                    default_value=f.start_date, error=err.get("start_date", ""),
                                    id="mform-start_date"),
                _conflict_at(state, "start_date"),
                ak.TextField.create(label=tr("add.end"), name="end_date", type="date",
                                    default_value=f.end_date, error=err.get("end_date", ""),
                                    id="mform-end_date"),
                _conflict_at(state, "end_date"),
                _select(tr("mform.goal"), "goal_id", f.goal_id, f.goal_options,
                        err.get("goal_id", ""), tr("mform.goal_none")),
                ak.Fieldset.create(
                    rx.foreach(f.basis_options, lambda o: ak.Checkbox.create(
                        o.label, name="serves_" + o.value, default_checked=f.serves.contains(o.value))),
                    legend=tr("mform.serves"), description=tr("mform.serves_hint"),
                    error=err.get("serves", ""),
                ),
                rx.cond(f.can_set_agreed, ak.Checkbox.create(
                    tr("measure.agreed"), name="agreed", default_checked=f.agreed)),
                gap="space-16",
                key=f.key,
            )),
            ak.ModalFooter.create(
                ak.Button.create(tr("mform.save"), type="submit"),
                ak.Button.create(tr("add.cancel"), type="button", variant="secondary",
                                 on_click=state.close),
            ),
            on_submit=state.save,
        ),
        open=state.is_open, on_close=state.close,
        header={"heading": rx.cond(f.measure_id == 0, tr("mform.heading_new"), tr("mform.heading"))}, width="medium",
    )
