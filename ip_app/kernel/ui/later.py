"""Parts of a page built later than the rest (later.jsx): a closed dialog's contents when
it first opens, the part of a page below the first screen after that screen is painted."""

from __future__ import annotations

import reflex as rx

_LATER_JS = "$/public/" + rx.asset("later.jsx", shared=True)


class OnceOpen(rx.Component):
    """Its children from the first time `when` is true, kept after."""

    library = _LATER_JS
    tag = "OnceOpen"
    when: rx.Var[bool]


class AfterPaint(rx.Component):
    """Its children `frames` painted frames after it is first shown."""

    library = _LATER_JS
    tag = "AfterPaint"
    frames: rx.Var[int]
