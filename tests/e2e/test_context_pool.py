"""The worker's pool of browser contexts (tests/utils/context_pool.py) hands a context on
only clean: what one test did in it (a login, a cookie, a permission, storage) never
reaches the next test; a context with state Playwright cannot clear is never handed on.

Each test gives a context back (`close()`, as a test or the `context` fixture does) and
takes the next one with the same options, in one test, so the order the tests run in does
not matter. With the pool turned off (IP_TEST_CONTEXT_POOL=0, to compare) there is
nothing to prove: skipped."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.utils import context_pool
from tests.utils.browser import signed_in

pytestmark = pytest.mark.skipif(not context_pool.ENABLED,
                                reason="the context pool is off (IP_TEST_CONTEXT_POOL=0)")


def _fresh_user(browser: Browser, browser_context_args, app):
    ctx = browser.new_context(**browser_context_args)
    page = ctx.new_page()
    page.goto(app.url + "/")
    return ctx, page


def test_a_reused_context_has_no_login_cookie_or_storage_of_the_test_before(
        browser: Browser, browser_context_args, app):
    # options no other test uses: a context new to the pool, whatever ran before
    args = {**browser_context_args, "viewport": {"width": 390, "height": 843}}
    first = browser.new_context(**args)
    page = signed_in(first.new_page(), app.url, "veileder")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    first.add_cookies([{"name": "left", "value": "behind", "url": app.url}])
    first.clear_permissions()
    page.evaluate("() => { sessionStorage.setItem('left', 'behind');"
                  " localStorage.setItem('left', 'behind'); }")
    assert {c["name"] for c in first.cookies()} >= {"left"}
    first.close()  # given back, clean

    second, page = _fresh_user(browser, args, app)
    assert second is first, ("the pool did not hand the context on (nothing proven here): "
                             f"{context_pool.STATS}")
    assert second.cookies() == [], second.cookies()
    expect(page).to_have_url(app.url + "/login")  # not logged in: "/" sends to the login
    assert page.evaluate("() => sessionStorage.getItem('left')") is None
    assert page.evaluate("() => localStorage.getItem('left')") is None
    second.close()


def test_a_context_with_storage_it_cannot_empty_or_granted_permissions_is_not_handed_on(
        browser: Browser, browser_context_args, app):
    first, page = _fresh_user(browser, browser_context_args, app)
    page.evaluate("() => localStorage.setItem('left', 'behind')")
    page.goto("about:blank")  # no page shows the origin any more: it cannot be emptied
    first.close()
    assert first.is_closed()
    second, page = _fresh_user(browser, browser_context_args, app)
    assert second is not first
    assert page.evaluate("() => localStorage.getItem('left')") is None
    page.evaluate("""() => new Promise((ok, fail) => { const r = indexedDB.open('left');
        r.onsuccess = () => { r.result.close(); ok(); }; r.onerror = fail; })""")
    second.close()  # IndexedDB: closed, not given back
    assert second.is_closed()
    second, page = _fresh_user(browser, browser_context_args, app)
    second.grant_permissions(["geolocation"], origin=app.url)
    second.close()
    assert second.is_closed()
    third, page = _fresh_user(browser, browser_context_args, app)
    assert third is not second
    state = page.evaluate("() => navigator.permissions.query({name: 'geolocation'})"
                          ".then(p => p.state)")
    assert state != "granted", state
    third.close()


def test_a_context_with_an_init_script_route_or_listener_is_not_handed_on(
        browser: Browser, browser_context_args, app):
    for change in (lambda c: c.add_init_script("window.__left = 1"),
                   lambda c: c.route("**/nothing-here", lambda r: r.abort()),
                   lambda c: c.on("page", lambda p: None),
                   lambda c: c.set_offline(False),
                   lambda c: c.set_extra_http_headers({"X-Left": "behind"}),
                   lambda c: c.clock):
        ctx, page = _fresh_user(browser, browser_context_args, app)
        change(ctx)
        ctx.close()
        assert ctx.is_closed(), "a context with state left behind was handed on"
    # and one left open by its test is given back (here: at once) like any other
    ctx, _page = _fresh_user(browser, browser_context_args, app)
    context_pool.give_back_all()
    assert not ctx.is_closed() and ctx.pages == []
