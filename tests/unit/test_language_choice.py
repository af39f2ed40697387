"""Choosing a language (issue 6): the /lang route, the cookie, the account, and tr()."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ip_app.auth.routes import _local_path, routes_app
from ip_app.kernel import db
from ip_app.kernel.accounts import start_session
from ip_app.kernel.i18n import catalogue
from ip_app.kernel.i18n.browser import tr
from ip_app.kernel.lang import LANG_COOKIE, cookie_lang, lang_of
from ip_app.kernel.models import Account
from ip_app.kernel.session import COOKIE_NAME, viewer_for_token


def _client() -> TestClient:
    return TestClient(routes_app(), base_url="http://testserver", follow_redirects=False)


def _account(username: str) -> Account:
    with Session(db.engine()) as s:

        return s.exec(select(Account).where(Account.username == username)).one()


def _token(username: str) -> str:
    with db.session() as s:
        return start_session(s, _account(username).id)


def test_cookie_header_parsing():
    assert cookie_lang("a=1; minplan_lang=uk; b=2") == "uk"
    assert cookie_lang("minplan_lang=de") is None  # only our languages
    assert cookie_lang("") is None


def test_only_local_paths_to_go_back_to():
    assert _local_path("/samtykker") == "/samtykker"
    assert _local_path("/plan/3/evaluering") == "/plan/3/evaluering"
    for bad in ("//evil.example", "https://evil.example/", "/\\evil", "", "/x\r\nSet-Cookie: a"):
        assert _local_path(bad) == "/", bad


class _FakeState:
    def __init__(self, cookie: str):
        self.router = type("R", (), {"headers": type("H", (), {"raw_headers": {"cookie": cookie}})})


def test_logged_in_the_account_decides_before_login_the_cookie(fresh_db):
    state = _FakeState("minplan_lang=en")
    assert lang_of(state) == "en"
    viewer = viewer_for_token(_token("amina"))
    assert viewer is not None and viewer.lang == "nb"  # the account's remembered choice
    assert lang_of(state, viewer) == "nb"


def test_choosing_before_login_sets_a_cookie_and_goes_back(fresh_db):
    resp = _client().post("/lang", data={"lang": "uk", "next": "/login"})
    assert resp.status_code == 303 and resp.headers["location"] == "/login"
    assert f"{LANG_COOKIE}=uk" in resp.headers["set-cookie"]
    # readable by the page: assets/lang-boot.js sets <html lang> from it before the first paint
    assert "httponly" not in resp.headers["set-cookie"].lower()


def test_choosing_when_logged_in_is_remembered_on_the_account(fresh_db):
    token = _token("amina")
    client = _client()
    client.cookies.set(COOKIE_NAME, token)
    resp = client.post("/lang", data={"lang": "en", "next": "/samtykker"})
    assert resp.status_code == 303 and resp.headers["location"] == "/samtykker"
    assert _account("amina").preferred_language == "en"
    assert viewer_for_token(token).lang == "en"


def test_unknown_language_or_foreign_site_changes_nothing(fresh_db):
    resp = _client().post("/lang", data={"lang": "xx", "next": "//evil.example"})
    assert resp.status_code == 303 and resp.headers["location"] == "/"
    assert "set-cookie" not in resp.headers
    resp = _client().post("/lang", data={"lang": "en"},
                          headers={"origin": "https://evil.example"})
    assert resp.status_code == 403


def test_login_takes_the_language_chosen_on_the_login_page(fresh_db):
    client = _client()
    client.cookies.set(LANG_COOKIE, "nn")
    resp = client.post("/auth/login", data={"username": "emil", "password": "demo"})
    assert resp.status_code == 303 and resp.headers["location"] == "/"
    assert _account("emil").preferred_language == "nn"


def test_login_brings_back_the_remembered_language(fresh_db):
    with db.session() as s:
        acct = s.get(Account, _account("sara").id)
        acct.preferred_language = "uk"
        s.add(acct)
    resp = _client().post("/auth/login", data={"username": "sara", "password": "demo"})
    assert resp.status_code == 303
    cookies = resp.headers.get_list("set-cookie")
    assert any(c.startswith(f"{LANG_COOKIE}=uk") for c in cookies), cookies


def test_tr_compiles_to_a_lookup_in_the_active_catalogue():
    js = str(tr("first.next"))
    assert "lang_state" in js and "texts" in js and '"first.next"' in js
    assert catalogue("nb")["first.next"] not in js  # no text fixed at build time


def test_tr_fills_placeholders_in_the_browser():
    from ip_app.plan.state import PlanState
    js = str(tr("consent.staff_intro", name=PlanState.page.person_name))
    assert 'replaceAll("{name}"' in js and "person_name" in js
    assert 'replaceAll("{n}", "3")' in str(tr("dialog.unread_n", n=3))


def test_tr_refuses_an_unknown_key_at_build_time():
    with pytest.raises(KeyError):
        tr("no.such.key")
