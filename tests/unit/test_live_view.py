"""The two short cuts of a live page: the access a write checked, handed to the rebuild of
the same version, and the session lookup of an event handler, reused by its delta."""

from datetime import date
from types import SimpleNamespace

from ip_app.kernel import live as live_view
from ip_app.kernel.access import Viewer


def _viewer(account_id: int) -> Viewer:
    return Viewer(account_id=account_id, kind="person", display_name="X")


def test_a_handed_over_access_fits_only_its_own_plan_version_viewer_and_day():
    plan, access = SimpleNamespace(id=7), object()
    day = date(2026, 11, 29)
    live_view.hand_over(plan, access, _viewer(1), 12, day)
    assert live_view.handed_over(7, _viewer(1), 12, day) == (plan, access)
    assert live_view.handed_over(7, _viewer(1), 13, day) is None  # the plan moved on
    assert live_view.handed_over(7, _viewer(2), 12, day) is None  # someone else
    assert live_view.handed_over(8, _viewer(1), 12, day) is None  # another plan
    assert live_view.handed_over(7, _viewer(1), 12, date(2026, 11, 30)) is None  # a new day


def _tab(token: str, cookie: str):
    router = SimpleNamespace(session=SimpleNamespace(client_token=token),
                             headers=SimpleNamespace(raw_headers={"cookie": cookie}))
    return SimpleNamespace(router=router)


def test_the_delta_reuses_the_handlers_lookup_but_not_another_cookie(monkeypatch):
    looked_up = []

    def lookup(state):
        looked_up.append(state.router.headers.raw_headers["cookie"])
        return _viewer(len(looked_up))

    monkeypatch.setattr(live_view, "current_viewer", lookup)
    tab = _tab("tab-a", "minplan_session=one")
    first = live_view.checked_viewer(tab)  # the handler: always asks the database
    assert live_view.checked_viewer(tab) is not first and len(looked_up) == 2
    again = live_view.viewer_of(tab)  # the delta of the same event: no second lookup
    assert again.account_id == 2 and len(looked_up) == 2
    # a different cookie on the same tab (logged in again) is looked up afresh
    assert live_view.viewer_of(_tab("tab-a", "minplan_session=two")).account_id == 3
    live_view.forget_viewer(tab)
    assert live_view.viewer_of(tab).account_id == 4
