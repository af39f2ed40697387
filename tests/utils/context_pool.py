"""Browser contexts handed out again within a pytest worker, clean (issue 18 #5).

A new Chromium context per test starts with a cold HTTP cache and no V8 code cache, so
every test's first page load fetched and compiled the app's JavaScript again. The pool
gives a test a context an earlier test of the same worker gave back, cleaned:
- every page closed (a page's sessionStorage, where the app keeps its client token, goes
  with it; its websocket closes as it would with the context);
- cookies (the login) and granted permissions cleared;
- localStorage emptied (the app's frontend keeps its colour theme there): every origin
  the context visited with data left (Playwright's `storage_state`, read before the pages
  close) is emptied in a page still open on it; if an origin has IndexedDB or OPFS data,
  or no open page shows it, the context is closed instead.
Kept on purpose: the HTTP cache and compiled code, which is the point.

A context is never handed out again (it is closed for real when given back) once anything
was called on it that leaves state behind: an init script, a route, offline mode, extra
headers, geolocation, permissions granted, an exposed binding, an event listener, its
clock or tracing, a CDP session, a changed default timeout: everything on BrowserContext
that is not in `_HARMLESS` (so a method new in a later Playwright counts as unsafe).
Only contexts made with the options in `_POOLABLE_OPTIONS` are pooled, one pool per set
of values (a wide viewport is another pool than the 390 px one).

How: `install()` wraps Playwright's sync `Browser.new_context` and `BrowserContext.close`
(so pytest-playwright's `context`/`page` fixtures and a test's own
`browser.new_context(**browser_context_args)` both take from the pool, and `close()` gives
back), and marks a context as used for good on every other call. The conftest gives back,
after each test, whatever the test left open. tests/e2e/test_context_pool.py proves that a
login, a cookie, a permission and storage do not reach the next user of a context.
IP_TEST_CONTEXT_POOL=0 turns the pool off (a new context every time, as before).
"""

from __future__ import annotations

import inspect
import json
import os
from urllib.parse import urlsplit

from playwright.sync_api._generated import Browser, BrowserContext, Page

ENABLED = os.environ.get("IP_TEST_CONTEXT_POOL", "1") != "0"

# Browser.new_context options a pooled context may be made with (they are fixed at creation
# and part of the pool's key); any other option (storage state, HAR, video, offline, extra
# headers, permissions, ...) gives a context of its own that is closed when given back.
_POOLABLE_OPTIONS = {"viewport", "locale", "timezone_id", "screen", "device_scale_factor",
                     "is_mobile", "has_touch", "color_scheme", "reduced_motion"}
# BrowserContext members that leave nothing behind for the next test (or are the pool's own)
_HARMLESS = {"new_page", "pages", "cookies", "add_cookies", "clear_cookies",
             "clear_permissions", "close", "browser", "storage_state", "expect_page",
             "expect_event", "expect_console_message", "wait_for_event", "remove_listener",
             "is_closed", "request", "background_pages", "service_workers"}

_idle: dict[str, list[BrowserContext]] = {}
_lent: list[BrowserContext] = []
STATS = {"new": 0, "reused": 0, "closed_unsafe": 0, "closed_storage": 0}
_original_new_context = Browser.new_context
_original_close = BrowserContext.close


def _key(kwargs: dict) -> str | None:
    if not set(kwargs) <= _POOLABLE_OPTIONS:
        return None
    return json.dumps(kwargs, sort_keys=True, default=repr)


def used_for_good(context: BrowserContext) -> bool:
    return bool(context.__dict__.get("_pool_unsafe"))


def _mark_unsafe(context: BrowserContext) -> None:
    context.__dict__["_pool_unsafe"] = True


def _new_context(self: Browser, **kwargs):  # noqa: ANN202
    key = _key(kwargs) if ENABLED else None
    if key is None:
        return _original_new_context(self, **kwargs)
    for context in list(_idle.get(key, [])):
        _idle[key].remove(context)
        if context.browser is self and not context.is_closed():
            STATS["reused"] += 1
            break
    else:
        context = _original_new_context(self, **kwargs)
        context.__dict__["_pool_key"] = key
        STATS["new"] += 1
    _lent.append(context)
    return context


def _close(self: BrowserContext, **kwargs) -> None:  # noqa: ANN003
    if self in _lent:
        give_back(self)
    else:
        _original_close(self, **kwargs)


def give_back(context: BrowserContext) -> None:
    """Clean `context` for the next test (see the module's text), or close it."""
    _lent.remove(context)
    context.__dict__.pop("close", None)  # pytest-playwright's per-test close wrapper
    if used_for_good(context) or context.is_closed():
        STATS["closed_unsafe"] += 1
        _original_close(context)
        return
    try:
        left = _clear_storage(context)
        for page in context.pages:
            page.close()
        context.clear_cookies()
        context.clear_permissions()
    except Exception:  # noqa: BLE001 (a crashed page, a closed browser: not reused)
        left = ["(could not be cleaned)"]
    if left or context.pages or used_for_good(context):
        STATS["closed_storage"] += 1
        _original_close(context)
        return
    _idle.setdefault(context.__dict__["_pool_key"], []).append(context)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else ""


def _clear_storage(context: BrowserContext) -> list:
    """Empty the localStorage of every origin the context visited (the app's frontend
    keeps its colour theme there), in a page still open on it; what cannot be emptied so
    (IndexedDB or OPFS data, an origin no open page shows) is returned: not reusable."""
    pages = {_origin(p.url): p for p in context.pages}
    left = []
    for origin in context.storage_state(indexed_db=True, opfs=True)["origins"]:
        page = pages.get(origin["origin"])
        if origin.get("indexedDB") or origin.get("opfs") or page is None:
            left.append(origin)
        else:
            page.evaluate("() => localStorage.clear()")
    return left


def give_back_all() -> None:
    """After a test: every pooled context it still holds."""
    for context in list(_lent):
        give_back(context)


def _unsafe_method(name: str, method):  # noqa: ANN001, ANN202
    def wrapper(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        _mark_unsafe(self)
        return method(self, *args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


def _unsafe_property(prop: property) -> property:
    def getter(self):  # noqa: ANN001, ANN202
        _mark_unsafe(self)
        return prop.fget(self)

    return property(getter, doc=prop.__doc__)


def _page_clock(prop: property) -> property:
    def getter(self):  # noqa: ANN001, ANN202
        _mark_unsafe(self.context)  # a page's clock is its context's
        return prop.fget(self)

    return property(getter, doc=prop.__doc__)


_installed: list[bool] = []


def install() -> None:
    if _installed or not ENABLED:
        return
    _installed.append(True)
    Browser.new_context = _new_context
    BrowserContext.close = _close
    for name in dir(BrowserContext):
        if name.startswith("_") or name in _HARMLESS:
            continue
        member = inspect.getattr_static(BrowserContext, name)
        if isinstance(member, property):
            setattr(BrowserContext, name, _unsafe_property(member))
        elif callable(member):
            setattr(BrowserContext, name, _unsafe_method(name, member))
    Page.clock = _page_clock(inspect.getattr_static(Page, "clock"))
