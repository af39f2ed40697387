"""NAV's design system (Aksel, @navikt/ds-react 8.15.0) wrapped once for Reflex.

Every page builds from these. Each class declares the props we use, typed, so a
misspelt prop is caught here rather than silently turned into CSS. Pinned to
8.15.0: 8.16 needs a token package the npm registry here does not serve.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventHandler, input_event, no_args_event_spec, passthrough_event_spec
from reflex_components_core.el.elements.base import BaseHTML

from ip_app.kernel.ui.later import OnceOpen

AKSEL = "@navikt/ds-react@8.15.0"
ICONS = "@navikt/aksel-icons@8.15.0"


class _Aksel(rx.Component):
    # Aksel's CSS and the font: assets/aksel.css, in the global stylesheet (ip_app.py)
    library = AKSEL

    @classmethod
    def create(cls, *children, **props):
        # Aksel's colour role is the attribute `data-color`; Reflex would camel-case a
        # prop named data_color into an unknown `dataColor`, so pass it through as is.
        if "data_color" in props:
            props.setdefault("custom_attrs", {})["data-color"] = props.pop("data_color")
        return super().create(*children, **props)

class Heading(_Aksel):
    tag = "Heading"
    size: rx.Var[str]
    level: rx.Var[str]
    spacing: rx.Var[bool]


class BodyShort(_Aksel):
    tag = "BodyShort"
    size: rx.Var[str]
    weight: rx.Var[str]
    spacing: rx.Var[bool]
    text_color: rx.Var[str]


class BodyLong(_Aksel):
    tag = "BodyLong"
    size: rx.Var[str]
    spacing: rx.Var[bool]


class Detail(_Aksel):
    tag = "Detail"
    weight: rx.Var[str]
    text_color: rx.Var[str]


class Label(_Aksel):
    tag = "Label"
    size: rx.Var[str]
    html_for: rx.Var[str]


class Button(_Aksel):
    tag = "Button"
    variant: rx.Var[str]
    size: rx.Var[str]
    type: rx.Var[str]
    loading: rx.Var[bool]
    disabled: rx.Var[bool]


class TextField(_Aksel):
    tag = "TextField"
    label: rx.Var[str]
    description: rx.Var[str]
    name: rx.Var[str]
    type: rx.Var[str]
    auto_complete: rx.Var[str]
    default_value: rx.Var[str]
    value: rx.Var[str]
    error: rx.Var[str]
    size: rx.Var[str]
    max_length: rx.Var[int]
    required: rx.Var[bool]
    input_mode: rx.Var[str]
    on_change: EventHandler[input_event]
    on_blur: EventHandler[input_event]


class Textarea(_Aksel):
    tag = "Textarea"
    label: rx.Var[str]
    description: rx.Var[str]
    name: rx.Var[str]
    default_value: rx.Var[str]
    value: rx.Var[str]
    error: rx.Var[str]
    max_length: rx.Var[int]
    min_rows: rx.Var[int]
    resize: rx.Var[bool]
    auto_focus: rx.Var[bool]  # opened to write at once ("Skriv til …")
    on_change: EventHandler[input_event]


class Select(_Aksel):
    tag = "Select"
    label: rx.Var[str]
    description: rx.Var[str]
    name: rx.Var[str]
    value: rx.Var[str]
    default_value: rx.Var[str]
    error: rx.Var[str]
    size: rx.Var[str]
    on_change: EventHandler[input_event]


class Alert(_Aksel):
    tag = "Alert"
    variant: rx.Var[str]
    size: rx.Var[str]
    inline: rx.Var[bool]
    role: rx.Var[str]
    close_button: rx.Var[bool]
    on_close: EventHandler[no_args_event_spec]


class Tag(_Aksel):
    tag = "Tag"
    variant: rx.Var[str]
    size: rx.Var[str]


class ProgressBar(_Aksel):
    tag = "ProgressBar"
    value: rx.Var[int]
    value_max: rx.Var[int]
    size: rx.Var[str]
    aria_labelledby: rx.Var[str]


class Box(_Aksel):
    tag = "Box"
    padding: rx.Var[str]
    padding_block: rx.Var[str]
    padding_inline: rx.Var[str]
    background: rx.Var[str]
    border_radius: rx.Var[str]
    border_width: rx.Var[str]
    border_color: rx.Var[str]


class VStack(_Aksel):
    tag = "VStack"
    gap: rx.Var[str]
    align: rx.Var[str]


class HStack(_Aksel):
    tag = "HStack"
    gap: rx.Var[str]
    align: rx.Var[str]
    justify: rx.Var[str]
    wrap: rx.Var[bool]


class ExpansionCard(_Aksel):
    tag = "ExpansionCard"
    size: rx.Var[str]
    default_open: rx.Var[bool]
    open: rx.Var[bool]
    on_toggle: EventHandler[passthrough_event_spec(bool)]

    @classmethod
    def create(cls, *children, **props):
        # Aksel keeps a closed card's contents in the page (hidden, but styled and laid
        # out: the plan's tiltak cards held 465 elements and two self-sizing text areas at
        # load). With `open` from the state, the contents are built the first time the
        # card opens and kept after, as with Modal (issue 20.8: first load).
        if "open" in props:
            for child in children:
                if isinstance(child, ExpansionCardContent) and child.children:
                    child.children = [OnceOpen.create(*child.children, when=props["open"])]
        return super().create(*children, **props)


class ExpansionCardHeader(_Aksel):
    tag = "ExpansionCard.Header"


class ExpansionCardTitle(_Aksel):
    tag = "ExpansionCard.Title"
    size: rx.Var[str]
    as_: rx.Var[str]  # the heading element ("h4"); declared, or Reflex puts it in css


class ExpansionCardDescription(_Aksel):
    tag = "ExpansionCard.Description"


class ExpansionCardContent(_Aksel):
    tag = "ExpansionCard.Content"


class Modal(_Aksel):
    tag = "Modal"
    open: rx.Var[bool]
    width: rx.Var[str]
    header: rx.Var[dict]
    on_close: EventHandler[no_args_event_spec]

    @classmethod
    def create(cls, *children, **props):
        # A page holds its dialogs closed (the plan page eight, 22 text areas): their
        # contents are built the first time each opens, not at the page's first load
        # (issue 20.8: first load; Lighthouse, docs/languages-and-accessibility.md).
        if "open" in props and children:
            children = (OnceOpen.create(*children, when=props["open"]),)
        return super().create(*children, **props)


class ModalBody(_Aksel):
    tag = "Modal.Body"


class ModalFooter(_Aksel):
    tag = "Modal.Footer"


class ToggleGroup(_Aksel):
    tag = "ToggleGroup"
    value: rx.Var[str]
    label: rx.Var[str]
    size: rx.Var[str]
    fill: rx.Var[bool]
    on_change: EventHandler[passthrough_event_spec(str)]


class ToggleGroupItem(_Aksel):
    tag = "ToggleGroup.Item"
    value: rx.Var[str]
    label: rx.Var[str]


class RadioGroup(_Aksel):
    """Controlled radios: the chosen value goes to the state (click, then wait in tests)."""

    tag = "RadioGroup"
    legend: rx.Var[str]
    description: rx.Var[str]
    name: rx.Var[str]
    value: rx.Var[str]
    error: rx.Var[str]
    size: rx.Var[str]
    read_only: rx.Var[bool]
    on_change: EventHandler[passthrough_event_spec(str)]


class Radio(_Aksel):
    tag = "Radio"
    value: rx.Var[str]
    description: rx.Var[str]


class Link(_Aksel):
    tag = "Link"
    href: rx.Var[str]


class PadlockIcon(rx.Component):
    """Decorative padlock; the text next to it says what it means."""

    library = ICONS
    tag = "PadlockLockedFillIcon"
    font_size: rx.Var[str]


class PostForm(BaseHTML):
    """A plain HTML form that POSTs to our own HTTP routes (login, logout).

    Reflex's own form always prevents the browser's submit; login must instead
    reach a real HTTP endpoint so the server can set an HttpOnly cookie. It also
    works before the page's JavaScript has started.
    """

    tag = "form"
    method: rx.Var[str]
    action: rx.Var[str]


class Checkbox(_Aksel):
    """Uncontrolled inside a form: `name` + `default_checked`; the form posts "on"."""

    tag = "Checkbox"
    name: rx.Var[str]
    value: rx.Var[str]
    default_checked: rx.Var[bool]
    size: rx.Var[str]


class Fieldset(_Aksel):
    tag = "Fieldset"
    legend: rx.Var[str]
    description: rx.Var[str]
    error: rx.Var[str]
    size: rx.Var[str]


class CheckboxGroup(_Aksel):
    """Uncontrolled inside a form: `default_value` lists the values checked at first."""

    tag = "CheckboxGroup"
    legend: rx.Var[str]
    description: rx.Var[str]
    default_value: rx.Var[list[str]]
    error: rx.Var[str]
    size: rx.Var[str]


class ReadMore(_Aksel):
    """A short "Hva er dette?" that opens to a longer explanation in place."""

    tag = "ReadMore"
    header: rx.Var[str]
    size: rx.Var[str]
    default_open: rx.Var[bool]
