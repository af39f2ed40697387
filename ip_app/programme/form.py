"""The programme facts form (introduction programme or KVP) with a small phases editor,
and the list of saved versions."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def _select(label: Any, name: str, default: Any, options: Any, error: Any,
            description: Any = None) -> rx.Component:
    extra = {"description": description} if description is not None else {}
    return ak.Select.create(
        rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
        label=label, name=name, default_value=default, error=error, **extra,
    )


def _phase_row(row: Any, i: Any, errors: Any, on_remove: Any) -> rx.Component:
    n = i + 1
    return rx.el.li(ak.Box.create(
        ak.VStack.create(
            ak.TextField.create(label=tr("programme_edit.phase_name", n=n),
                                name="phase_name_" + row["id"], default_value=row["name"],
                                max_length=200,
                                error=errors.get("phase_name_" + row["id"], "")),
            ak.TextField.create(label=tr("programme_edit.phase_start", n=n),
                                name="phase_start_" + row["id"], type="date",
                                default_value=row["start"],
                                error=errors.get("phase_start_" + row["id"], "")),
            rx.el.div(ak.Button.create(tr("programme_edit.phase_remove", n=n), type="button",
                                       variant="tertiary", size="small",
                                       on_click=on_remove(row["id"]))),
            gap="space-8", align="stretch",
        ),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ),
        key=row["id"],  # stable per row: what is typed stays with its row when one is removed
        class_name="phase-row",
    )


def _phases_editor(state: Any) -> rx.Component:
    errors = state.errors
    return ak.Fieldset.create(
        ak.VStack.create(
            rx.el.ol(rx.foreach(state.phases,
                                lambda row, i: _phase_row(row, i, errors, state.remove_phase)),
                     class_name="plain-list"),
            rx.el.div(ak.Button.create(tr("programme_edit.phase_add"), type="button",
                                       variant="secondary", size="small",
                                       on_click=state.add_phase)),
            gap="space-12", align="stretch",
        ),
        legend=tr("programme.phases"), description=tr("programme_edit.phases_hint"),
        error=errors.get("phases", ""),
    )


def programme_form(v: Any, state: Any) -> rx.Component:
    """Staff write the next version, starting from the newest one."""
    e = state.errors
    return rx.el.form(
        ak.VStack.create(
            ak.BodyShort.create(tr("programme_edit.form_intro")),
            ak.TextField.create(label=tr("programme_edit.start_date"), name="start_date",
                                type="date", default_value=v.f_start,
                                error=e.get("start_date", "")),
            rx.cond(~v.is_intro, ak.TextField.create(
                label=tr("programme_edit.end_date"), name="end_date", type="date",
                default_value=v.f_end, description=tr("programme_edit.end_hint"),
                error=e.get("end_date", ""))),
            ak.Textarea.create(label=tr("programme.final_goal"), name="final_goal",
                               description=tr("programme_edit.final_goal_hint"),
                               default_value=v.f_goal, max_length=2000, min_rows=2,
                               error=e.get("final_goal", "")),
            rx.cond(v.is_intro, ak.VStack.create(
                _select(tr("programme.norwegian_level"), "norwegian_level", v.f_level,
                        v.level_options, e.get("norwegian_level", ""),
                        tr("programme_edit.level_hint")),
                ak.Textarea.create(label=tr("programme.education"), name="education",
                                   default_value=v.f_education, max_length=2000, min_rows=2,
                                   error=e.get("education", "")),
                ak.Textarea.create(label=tr("programme.work_experience"), name="work_experience",
                                   default_value=v.f_work, max_length=2000, min_rows=2,
                                   error=e.get("work_experience", "")),
                ak.Checkbox.create(tr("programme_edit.hurtigspor"), name="hurtigspor",
                                   value="on", default_checked=v.f_hurtigspor),
                _select(tr("programme_edit.extension"), "extension_months", v.f_months,
                        v.month_options, e.get("extension_months", ""),
                        tr("programme_edit.extension_hint")),
                ak.Textarea.create(label=tr("programme_edit.extension_reason"),
                                   name="extension_reason", default_value=v.f_reason,
                                   description=tr("programme_edit.extension_reason_hint"),
                                   max_length=2000, min_rows=2,
                                   error=e.get("extension_reason", "")),
                _phases_editor(state),
                gap="space-16", align="stretch",
            )),
            ak.Button.create(tr("programme_edit.save"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=state.save,
        key=state.form_key.to_string(),
    )


def version_box(r: Any) -> rx.Component:
    return ak.Box.create(
        rx.el.article(ak.VStack.create(
            ak.Heading.create(r.heading, level="3", size="xsmall"),
            rx.el.dl(rx.foreach(r.facts, lambda f: rx.fragment(
                rx.el.dt(ak.Label.create(f.label, as_="span", size="small")),
                rx.el.dd(ak.BodyLong.create(f.value, class_name="pre-line")),
            )), class_name="facts"),
            ak.Detail.create(r.written),
            gap="space-8",
        )),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    )
