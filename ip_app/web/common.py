"""Small helpers every state uses: the date the rules run on, ids from the browser, and
a bounded memo of what a tab was last shown."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Optional


def today() -> date:
    """The date access, consent expiry and overdue evaluations are judged on."""
    return date.today()


def to_int(raw: object) -> Optional[int]:
    """An id as sent by a browser, or None: it is only ever used to look something up."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


class PageMemo:
    """Last page built per tab, bounded (least recently used out), per worker."""

    def __init__(self, size: int = 2000):
        self._size = size
        self._items: OrderedDict[str, tuple] = OrderedDict()

    def get(self, tab: str):
        item = self._items.get(tab)
        if item is not None:
            self._items.move_to_end(tab)
        return item

    def drop(self, tab: str) -> None:
        self._items.pop(tab, None)

    def put(self, tab: str, item: tuple) -> None:
        self._items[tab] = item
        self._items.move_to_end(tab)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
