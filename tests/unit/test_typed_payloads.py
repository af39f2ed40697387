"""Issue 17, finding 9: typed validation of every event payload (ip_app.kernel.common.typed).

The browser can send any event with any data. Every handler of the app is declared
through the gate (ip_app/kernel/gate.py, which does the same check) or with `@typed`, which checks the arguments against their annotations before the handler
runs and cleans strings (NUL removed, lone surrogates replaced). The browser test
tests/e2e/test_typed_payloads.py sends the wrongly typed payloads over the websocket.
"""

from __future__ import annotations

import asyncio
from typing import Optional

import pytest
import reflex as rx

import ip_app.ip_app  # noqa: F401 - registers every State
from ip_app.kernel import common
from ip_app.kernel.common import BadPayload, check_arg, to_int, typed
from ip_app.kernel.forms import FormError, clean_text, validate
from ip_app.measures.input import MeasureInput, NewActivity


def _walk(cls):
    for sub in cls.get_substates():
        yield sub
        yield from _walk(sub)


HANDLERS = [(cls, name, h) for cls in _walk(rx.State) if cls.__module__.startswith("ip_app.")
            for name, h in sorted(cls.event_handlers.items()) if name != "setvar"]


def test_every_handler_of_the_app_checks_its_payload():
    assert len(HANDLERS) > 50
    untyped = [f"{c.__name__}.{n}" for c, n, h in HANDLERS if not getattr(h.fn, "__typed__", False)]
    assert untyped == []


def test_a_handler_with_an_argument_of_no_payload_type_cannot_be_declared():
    with pytest.raises(TypeError):
        @typed
        def handler(self, items: list):  # noqa: ANN001, ANN202
            return items


@pytest.mark.parametrize("value,hint", [
    (["x", "y"], str), ({"a": 1}, str), (3, str), ({"a": 1}, int), ([1], int), ("abc", int),
    (True, int), ("1" * 30, int), (2 ** 70, int), ("true", bool), (1, bool), (["x"], dict),
    ("x", dict), ({"title": ["x", "y"]}, dict), ({"title": {"a": 1}}, dict), (None, str),
    (float("nan"), float), ({"n": float("inf")}, dict),
])
def test_a_wrong_type_is_refused(value, hint):
    with pytest.raises(BadPayload):
        check_arg(value, hint, "arg")


def test_right_types_pass_and_strings_are_cleaned():
    assert check_arg("a\x00b\ud800c", str, "v") == "ab\ufffdc"
    assert check_arg("12", int, "id") == 12 and check_arg(12, int, "id") == 12
    assert check_arg(None, Optional[int], "id") is None
    assert check_arg(True, bool, "open") is True
    form = check_arg({"title": "T\x00o", "agreed": True, "n": 3, "x": None, "k\x00": "v"},
                     dict, "form_data")
    assert form == {"title": "To", "agreed": True, "n": 3, "x": None, "k": "v"}
    assert check_arg("😀 ok", str, "v") == "😀 ok"  # a whole pair is one character: kept


def test_clean_text_and_ids():
    assert clean_text("\x00") == "" and clean_text("\udfff") == "\ufffd"
    assert to_int("12") == 12 and to_int(" 7 ") == 7
    for junk in (["1"], {"a": 1}, 1.5, True, None, "1" * 30, "abc", 2 ** 64):
        assert to_int(junk) is None


class _Tab:
    """Stands in for a state: the refusal path is replaced below."""

    error = ""


@pytest.fixture()
def refusals(monkeypatch):
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(common, "_refuse_payload",
                        lambda state, field, handler, reason: seen.append((field, handler, reason)))
    return seen


def test_the_handler_does_not_run_on_a_wrong_payload(refusals):
    ran: list = []

    @typed(field="error")
    def save(self, form_data: dict):  # noqa: ANN001, ANN202
        ran.append(form_data)

    save(_Tab(), form_data=["x"])
    save(_Tab(), form_data={"title": ["x", "y"]})
    save(_Tab(), form_data={"title": "x"}, extra="y")  # an argument it does not take
    save(_Tab())  # one missing
    assert ran == [] and len(refusals) == 4 and all(r[0] == "error" for r in refusals)
    save(_Tab(), form_data={"title": "Ti\x00tel\ud800"})
    assert ran == [{"title": "Titel\ufffd"}]


def test_async_handlers_too(refusals):
    ran: list = []

    @typed
    async def open_edit(self, measure_id: int):  # noqa: ANN001, ANN202
        ran.append(measure_id)

    asyncio.run(open_edit(_Tab(), measure_id={"a": 1}))
    asyncio.run(open_edit(_Tab(), measure_id="5"))
    assert ran == [5] and len(refusals) == 1


def test_the_forms_refuse_a_list_as_text():
    """Before: str(['x', 'y']) was the title."""
    for model in (NewActivity, MeasureInput):
        with pytest.raises(FormError) as e:
            validate(model, {"title": ["x", "y"]})
        assert e.value.errors == {"title": "error.invalid"}
    form = validate(NewActivity, {"title": "Kurs\x00 i\ud800 norsk", "description": "a\x00"})
    assert form.title == "Kurs i\ufffd norsk" and form.description == "a"
