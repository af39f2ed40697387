"""The JSON of sealed views, made once and spliced into every message (kernel/live.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex_base.vars.base as vb
from reflex.state import StateUpdate
from reflex_base.utils import format

from ip_app.kernel import live


@dataclass
class Row:
    id: int
    text: str
    rows: list = field(default_factory=list)


def _reflex(obj) -> str:  # noqa: ANN001
    """What Reflex itself would send (socket.io's compact separators)."""
    return format.json_dumps(obj, separators=(",", ":"))


def test_a_message_with_sealed_views_is_the_json_reflex_would_send():
    live._install_sealed_keys()
    cards = [Row(1, 'sitat "x" og ø'), Row(2, "b", [Row(3, "nested")])]
    live.seal_all(cards)
    groups = live.sealed([{"key": "planlagt", "cards": cards}, Row(9, "g", cards)])
    update = StateUpdate(delta={"state": {"groups": groups, "n": 3, "card": cards[1],
                                          "plain": [Row(4, "not sealed")]}})
    assert live._encode(["event", update]) == _reflex(["event", update])
    # again, now from the JSON kept
    assert live._encode(["event", update]) == _reflex(["event", update])


def test_text_shaped_like_a_marker_is_sent_as_it_is():
    """A user's text cannot pull another sealed value into a message: the markers carry
    a nonce that never leaves the server."""
    live._install_sealed_keys()
    secret = live.sealed(Row(1, "for another viewer"))
    live._encode(secret)  # its JSON is kept, with its serial
    serial = live._entry(secret)[2]
    for fake in (f"\ue000{serial}\ue001", f"\ue000{'0' * 32}{serial}\ue001"):
        mine = live.sealed(Row(2, fake))
        update = StateUpdate(delta={"state": {"v": mine, "t": fake}})
        text = live._encode(["event", update])
        assert "for another viewer" not in text
        assert text == _reflex(["event", update])


def test_the_digest_follows_the_content():
    live._install_sealed_keys()
    a, b, c = live.sealed(Row(1, "x")), live.sealed(Row(1, "x")), live.sealed(Row(1, "y"))
    assert vb._delta_value_key(a) == vb._delta_value_key(b)
    assert vb._delta_value_key(a) != vb._delta_value_key(c)
    outer1, outer2 = live.sealed([a]), live.sealed([c])
    assert vb._delta_value_key(outer1) != vb._delta_value_key(outer2)
