"""Small HTTP helpers: log in through the real endpoint and keep the cookie."""

from __future__ import annotations

import http.client
from urllib.parse import urlencode, urlparse


def post_form(base_url: str, path: str, fields: dict[str, str], cookie: str = "",
              origin: str | None = "same") -> http.client.HTTPResponse:
    u = urlparse(base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin == "same":
        headers["Origin"] = base_url
    elif origin:
        headers["Origin"] = origin
    if cookie:
        headers["Cookie"] = cookie
    conn.request("POST", path, body=urlencode(fields), headers=headers)
    resp = conn.getresponse()
    resp.read()
    return resp


def login_cookie(base_url: str, username: str, password: str = "demo") -> str:
    """The `name=value` of the session cookie after a successful login."""
    resp = post_form(base_url, "/auth/login", {"username": username, "password": password})
    set_cookie = resp.getheader("set-cookie") or ""
    if resp.status != 303 or resp.getheader("location") != "/" or not set_cookie:
        raise AssertionError(f"login as {username} failed: {resp.status} {resp.getheader('location')}")
    return set_cookie.split(";", 1)[0]
