"""Parts of the § 14 a assessment page: one version, the person's views, the two forms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.ui import aksel as ak


def _fact(label: str, value: Any) -> rx.Component:
    return rx.cond(value != "", rx.fragment(
        rx.el.dt(ak.Label.create(label, as_="span", size="small")),
        rx.el.dd(ak.BodyLong.create(value, class_name="pre-line")),
    ))


def assessment_version(a: Any) -> rx.Component:
    """One version of NAV's assessment in plain language."""
    return ak.VStack.create(
        rx.el.dl(
            _fact(tr("assessment.possibilities"), a.possibilities),
            _fact(tr("assessment.work_goal"), a.work_goal),
            _fact(tr("assessment.ability_heading"), a.ability),
            _fact(tr("assessment.ability_note"), a.ability_note),
            _fact(tr("assessment.innsats_heading"), a.innsatsgruppe),
            rx.cond(a.innsats_explained != "", rx.el.dd(ak.BodyShort.create(
                a.innsats_explained, size="small"))),
            _fact(tr("assessment.help_note"), a.help_note),
            class_name="facts",
        ),
        ak.Detail.create(a.written),
        gap="space-8",
    )


def boxed(*children: rx.Component) -> rx.Component:
    return rx.el.li(ak.Box.create(
        rx.el.article(ak.VStack.create(*children, gap="space-8")),
        padding="space-12", border_width="1", border_color="neutral-subtle", border_radius="8",
    ))


def view_row(v: Any) -> rx.Component:
    return boxed(
        ak.Tag.create(v.stance, variant="moderate", size="small",
                      data_color=rx.cond(v.agrees, "success", "warning")),
        rx.cond(v.text != "", ak.BodyLong.create(v.text, class_name="pre-line")),
        ak.Detail.create(v.about),
        ak.Detail.create(v.written),
    )


def _select(label: str, name: str, default: Any, options: Any, error: Any) -> rx.Component:
    return ak.Select.create(
        rx.el.option(tr("assessment.choose"), value=""),
        rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
        label=label, name=name, default_value=default, error=error,
    )


def write_form(v: Any, errors: Any, on_submit: Any, key: Any) -> rx.Component:
    """NAV staff write the next version, starting from the current wording."""
    return rx.el.form(
        ak.VStack.create(
            ak.BodyShort.create(tr("assessment.write_intro")),
            rx.el.input(type="hidden", name="based_on", value=v.nav_version.to_string()),
            ak.Textarea.create(label=tr("assessment.possibilities"), name="possibilities",
                               default_value=v.f_possibilities, max_length=2000, min_rows=3,
                               error=errors.get("possibilities", "")),
            ak.Textarea.create(label=tr("assessment.work_goal"), name="work_goal",
                               default_value=v.f_work_goal, max_length=2000, min_rows=2,
                               error=errors.get("work_goal", "")),
            _select(tr("assessment.f_ability"), "ability", v.f_ability, v.ability_options,
                    errors.get("ability", "")),
            ak.Textarea.create(label=tr("assessment.ability_note"), name="ability_note",
                               default_value=v.f_ability_note, max_length=2000, min_rows=2,
                               error=errors.get("ability_note", "")),
            _select(tr("assessment.f_innsats"), "innsatsgruppe", v.f_innsatsgruppe,
                    v.innsats_options, errors.get("innsatsgruppe", "")),
            ak.Textarea.create(label=tr("assessment.help_note"), name="help_note",
                               default_value=v.f_help_note, max_length=2000, min_rows=2,
                               error=errors.get("help_note", "")),
            ak.Button.create(tr("assessment.save"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=on_submit, key=key,
    )


def own_view_form(errors: Any, on_submit: Any, key: Any) -> rx.Component:
    """The person says whether they agree, in their own words."""
    return rx.el.form(
        ak.VStack.create(
            ak.Select.create(
                rx.el.option(tr("assessment.own_choose"), value=""),
                rx.el.option(tr("assessment.own_yes"), value="ja"),
                rx.el.option(tr("assessment.own_no"), value="nei"),
                label=tr("assessment.own_agrees"), name="agrees", error=errors.get("agrees", ""),
            ),
            ak.Textarea.create(label=tr("assessment.own_text"), name="text", max_length=2000,
                               min_rows=3, error=errors.get("text", "")),
            ak.Button.create(tr("assessment.own_save"), type="submit"),
            gap="space-16", align="stretch",
        ),
        on_submit=on_submit, key=key,
    )
