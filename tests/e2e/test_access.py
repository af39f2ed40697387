"""Nobody sees a plan they have no right to: in the page, and by forged events."""

from __future__ import annotations


from playwright.sync_api import Page, expect

from ip_app.plan.state import PlanState
from tests.utils.db import plan_id_of, query, scalar
from tests.utils.http import login_cookie, post_form
from tests.utils.rxclient import RxClient, run_async

STATE = PlanState.get_full_name()


def test_second_person_cannot_open_the_first_persons_plan(page: Page, login, app):
    amina_plan = plan_id_of(app.db_url, "amina")
    login("emil")
    expect(page.get_by_role("heading", level=1, name="Min plan")).to_be_visible()
    expect(page.get_by_text("helsefagarbeider")).to_have_count(0)
    page.goto(f"{app.url}/plan/{amina_plan}")
    expect(page.get_by_text("Du har ikke tilgang til denne planen.")).to_be_visible()
    expect(page.get_by_text("helsefagarbeider")).to_have_count(0)


def test_forged_events_with_another_persons_ids_are_refused(app):
    amina_plan = plan_id_of(app.db_url, "amina")
    measure_id, version, status = query(
        app.db_url, "SELECT id, version, status FROM measure WHERE plan_id = :p AND agreed = :f "
                    "AND status = 'planlagt' ORDER BY id LIMIT 1", p=amina_plan, f=False)[0]
    versions_before = scalar(app.db_url, "SELECT count(*) FROM measure_version")
    measures_before = scalar(app.db_url, "SELECT count(*) FROM measure")

    async def attack():
        c = RxClient(app.url, login_cookie(app.url, "emil"))
        await c.connect()
        await c.send(f"{STATE}.change_status", {"form_data": {
            "measure_id": str(measure_id), "version": str(version), "status": "avbrutt",
            "reason": "forged"}})
        await c.send(f"{STATE}.load_plan_page", {}, path=f"/plan/{amina_plan}",
                     query={"plan_id": str(amina_plan)})
        await c.close()
        return c

    c = run_async(attack())
    assert c.seen("Du har ikke lov til å gjøre dette.")
    assert not c.seen("helsefagarbeider"), "Amina's plan leaked to Emil"
    assert query(app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                 m=measure_id) == [(version, status)]
    assert scalar(app.db_url, "SELECT count(*) FROM measure_version") == versions_before
    assert scalar(app.db_url, "SELECT count(*) FROM measure") == measures_before
    refused = query(app.db_url, "SELECT action, target FROM audit_event WHERE allowed = :f AND "
                                "plan_id = :p", f=False, p=amina_plan)
    assert ("change_status", f"measure:{measure_id}") in refused
    assert any(a == "read_plan" for a, _ in refused)


def test_events_without_a_session_change_nothing(app):
    versions_before = scalar(app.db_url, "SELECT count(*) FROM measure_version")

    async def anonymous():
        c = RxClient(app.url)
        await c.connect()
        await c.send(f"{STATE}.change_status", {"form_data": {
            "measure_id": "1", "version": "1", "status": "avbrutt"}})
        await c.send(f"{STATE}.add_activity", {"form_data": {"title": "forged"}})
        await c.close()
        return c

    c = run_async(anonymous())
    assert not c.seen("helsefagarbeider")
    assert scalar(app.db_url, "SELECT count(*) FROM measure_version") == versions_before
    assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE title = 'forged'") == 0


def test_veileder_sees_caseload_and_outsider_veileder_is_refused(page: Page, login, app):
    login("veileder")
    expect(page.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()
    for name in ("Amina Yusuf", "Emil Strand", "Sara Nilsen"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    page.get_by_role("link", name="Amina Yusuf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amina Yusuf")

    page.get_by_role("button", name="Logg ut").click()
    login("veileder2")
    expect(page.get_by_role("heading", level=1, name="Personene du følger")).to_be_visible()
    # no person in the list (the links left are the office's pages: coordination, also empty
    # for them, the samarbeidsavtale of their office, "Ny plan": a veileder starts plans, and
    # the letters to print, also empty for them)
    expect(page.get_by_role("main").get_by_role("link").filter(
        has_not_text="Samordning av tiltak").filter(
        has_not_text="Samarbeidsavtale mellom NAV og kommunen").filter(
        has_not_text="Ny plan").filter(has_not_text="Brev til utskrift")).to_have_count(0)
    page.goto(f"{app.url}/plan/{plan_id_of(app.db_url, 'amina')}")
    expect(page.get_by_text("Du har ikke tilgang til denne planen.")).to_be_visible()
    assert scalar(app.db_url, "SELECT count(*) FROM audit_event a JOIN account u ON u.id = a.actor_id "
                              "WHERE u.username = 'veileder2' AND a.allowed = :f", f=False) >= 1


def test_login_refuses_cross_site_posts(app):
    resp = post_form(app.url, "/auth/login", {"username": "amina", "password": "demo"},
                     origin="https://evil.example")
    assert resp.status == 403
    assert resp.getheader("set-cookie") is None


def test_security_headers_on_pages(app):
    import urllib.request

    with urllib.request.urlopen(app.url + "/login") as r:
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_build_files_are_kept_and_pages_asked_for_again(page: Page, app):
    """The page's own scripts (hashed names) are cached a year; the page itself is not; the
    favicon it links to is served (no 404 on every page load)."""
    scripts: dict[str, str] = {}
    page.on("response", lambda r: scripts.setdefault(r.url, r.headers.get("cache-control", ""))
            if "/assets/" in r.url and r.url.endswith(".js") else None)
    answer = page.goto(app.url + "/login")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "immutable" not in (answer.headers.get("cache-control") or "")
    assert scripts and all(v == "public, max-age=31536000, immutable" for v in scripts.values())
    icon = page.locator("link[rel=icon]").get_attribute("href")
    got = page.request.get(app.url + icon)
    assert got.status == 200 and got.headers["content-type"].startswith("image/svg+xml")
