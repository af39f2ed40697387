"""Focus an element by an id known only in the browser (see focus.jsx)."""

from __future__ import annotations

import reflex as rx

_FOCUS_JS = "$/public/" + rx.asset("focus.jsx", shared=True)


class FocusTarget(rx.Component):
    """Each new `token` moves focus to the element whose id is `target`."""

    library = _FOCUS_JS
    tag = "FocusTarget"
    target: rx.Var[str]
    token: rx.Var[int]
