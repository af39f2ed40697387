"""Small helpers every state uses: the date the rules run on, ids from the browser, and
a bounded memo of what a tab was last shown."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any, Hashable, Optional


def today() -> date:
    """The date access, consent expiry and overdue evaluations are judged on."""
    return date.today()


def to_int(raw: object) -> Optional[int]:
    """An id as sent by a browser, or None: it is only ever used to look something up."""
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


class Memo:
    """A bounded memo, least recently used out, per worker: the last page built per tab
    (key: the tab's token, value: `(what it was built from, the page)`), or finished
    parts of pages that many tabs share."""

    def __init__(self, size: int = 2000):
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        item = self._items.get(key)
        if item is not None:
            self._items.move_to_end(key)
        return item

    def drop(self, key: Hashable) -> None:
        self._items.pop(key, None)

    def clear(self) -> None:
        self._items.clear()

    def put(self, key: Hashable, item: Any) -> None:
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
