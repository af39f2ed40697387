"""Demo accounts in production (issue 17, finding 6): with IP_DEMO_MODE off, `make run`'s
seed step loads nothing, and a demo account's password ("demo") is refused exactly as any
wrong password: the same error, the same counting, no session."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from sqlmodel import select
from starlette.testclient import TestClient

from ip_app.auth.routes import routes_app
from ip_app.kernel import passwords, db
from ip_app.kernel.accounts import account_for_token, attempt_login, session_facts
from ip_app.kernel.migrate import upgrade_to_head
from ip_app.kernel.models import Account, AuthSession
from ip_app.kernel.session import COOKIE_NAME
from tests.utils.server import ROOT, app_env

PW = "demo"


pytestmark = pytest.mark.usefixtures("cheap_dummy_hash")


def _accounts(url: str) -> int:
    eng = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as c:
            return c.execute(sa.text("select count(*) from account")).scalar_one()
    finally:
        eng.dispose()


def _seed(url: str, demo_mode: str | None) -> subprocess.CompletedProcess:
    env = app_env(url)
    env.pop("IP_DEMO_MODE")
    if demo_mode is not None:
        env["IP_DEMO_MODE"] = demo_mode
    return subprocess.run([sys.executable, "-m", "ip_app.demo.seed"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("demo_mode", ["0", None])  # off, and unset (the default is off)
def test_seed_loads_nothing_when_demo_mode_is_off(tmp_path, demo_mode):
    url = f"sqlite:///{tmp_path / 'prod.db'}"
    upgrade_to_head(url)
    done = _seed(url, demo_mode)
    assert done.returncode == 0, done.stderr
    assert _accounts(url) == 0
    assert "no demo data" in done.stdout.lower()


def test_make_seed_keeps_demo_mode_on_unless_told_otherwise():
    """`make run` (and its `seed` step) turn demo mode on by default; IP_DEMO_MODE=0 wins."""
    make = subprocess.run(["make", "-n", "seed"], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "IP_DEMO_MODE": "0"})
    seed_line = next(l for l in make.stdout.splitlines() if "ip_app.demo.seed" in l)
    assert "IP_DEMO_MODE=${IP_DEMO_MODE:-1}" in seed_line


def test_seed_loads_the_demo_in_demo_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade_to_head(url)
    done = _seed(url, "1")
    assert done.returncode == 0, done.stderr
    assert _accounts(url) > 10


def test_demo_password_refused_like_a_wrong_one_when_demo_mode_is_off(s, demo, monkeypatch):
    monkeypatch.setenv("IP_DEMO_MODE", "0")
    veileder = demo.account(s, "veileder")
    assert veileder.is_demo
    demo_pw = attempt_login(s, "veileder", PW)
    wrong = attempt_login(s, "koordinator", "not-the-password")
    assert (demo_pw.ok, demo_pw.error, demo_pw.token) == (False, "login.error_wrong", "")
    assert demo_pw.error == wrong.error
    assert veileder.failed_logins == 1  # counted as a wrong password
    s.flush()
    assert s.exec(select(AuthSession).where(AuthSession.account_id == veileder.id)).first() is None
    monkeypatch.setenv("IP_DEMO_MODE", "1")
    assert attempt_login(s, "veileder", PW).ok


def test_a_real_account_logs_in_with_demo_mode_off(s, monkeypatch):
    monkeypatch.setenv("IP_DEMO_MODE", "0")
    s.add(Account(username="kari.ekte", display_name="Kari Ekte", kind="staff",
                  password_hash=PasswordHasher(time_cost=1, memory_cost=1024,
                                               parallelism=1).hash("et langt passord")))
    s.flush()
    assert attempt_login(s, "kari.ekte", "et langt passord").ok


def test_login_form_answers_the_same_for_demo_and_wrong_password(fresh_db, monkeypatch):
    monkeypatch.setenv("IP_DEMO_MODE", "0")
    client = TestClient(routes_app(), base_url="http://127.0.0.1:3000")
    r_demo = client.post("/auth/login", data={"username": "veileder", "password": PW},
                         follow_redirects=False)
    r_wrong = client.post("/auth/login", data={"username": "nobody", "password": "x"},
                          follow_redirects=False)
    assert r_demo.status_code == r_wrong.status_code == 303
    assert r_demo.headers["location"] == r_wrong.headers["location"] == "/login?feil=wrong"
    assert COOKIE_NAME not in r_demo.cookies
    with db.session() as s:
        assert s.exec(select(AuthSession)).first() is None


def test_a_demo_login_ends_when_demo_mode_is_turned_off(s, monkeypatch):
    """A session begun while demo mode was on does not outlive it (the event path and the
    login routes' lookup alike); a real account's session is untouched."""
    monkeypatch.setenv("IP_DEMO_MODE", "1")
    demo_login = attempt_login(s, "veileder", PW)
    s.add(Account(username="kari.ekte", display_name="Kari Ekte", kind="staff",
                  password_hash=PasswordHasher(time_cost=1, memory_cost=1024,
                                               parallelism=1).hash("et langt passord")))
    s.flush()
    real_login = attempt_login(s, "kari.ekte", "et langt passord")
    assert demo_login.ok and real_login.ok
    s.flush()
    conn = s.connection()
    assert session_facts(conn, demo_login.token) is not None
    monkeypatch.setenv("IP_DEMO_MODE", "0")
    assert session_facts(conn, demo_login.token) is None
    assert account_for_token(s, demo_login.token) is None
    assert session_facts(conn, real_login.token).display_name == "Kari Ekte"
    assert account_for_token(s, real_login.token)[0].username == "kari.ekte"
