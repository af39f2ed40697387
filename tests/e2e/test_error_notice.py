"""A server error in an event handler shows the app's own notice (issue 17, finding 9).

Reflex's default error toast is code the browser must eval, which the app's CSP forbids:
the person saw nothing. Here the browser's own websocket message is rewritten on its way
to the server (Playwright's websocket routing) so that an event's payload is not a mapping
at all, as a broken or forged page could send: Reflex fails before any handler runs (a
wrongly typed argument inside a mapping is refused by `@typed` with its own message); the page must then say, in Norwegian, that
something went wrong, with the CSP on, and the log must not fill with tracebacks.
"""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from ip_app.ip_decision.state import IpCheckState
from tests.utils.db import scalar

NOTICE = "Noe gikk galt hos oss. Prøv igjen, eller last inn siden på nytt."
SAVE = IpCheckState.get_full_name() + ".save"


def _spoil_saves(page: Page) -> list[str]:
    """Forward the page's websocket; a save of the IP check goes with a list as its payload."""
    spoiled: list[str] = []

    def route(ws) -> None:  # noqa: ANN001
        server = ws.connect_to_server()

        def to_server(message) -> None:  # noqa: ANN001
            if isinstance(message, str) and SAVE in message:
                head, _, body = message.partition("[")
                packet = json.loads("[" + body)
                packet[1]["payload"] = ["not", "a", "form"]
                message = head + json.dumps(packet)
                spoiled.append(message)
            server.send(message)

        ws.on_message(to_server)

    page.route_web_socket(re.compile(r"/_event"), route)
    return spoiled


def test_a_failing_handler_shows_the_apps_own_notice_under_the_csp(page: Page, login, app):
    sara = scalar(app.db_url, "SELECT id FROM account WHERE username = 'sara'")
    decisions = scalar(app.db_url, "SELECT count(*) FROM ip_decision")
    spoiled = _spoil_saves(page)
    login("veileder")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    response = page.goto(f"{app.url}/ip-rett/{sara}")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src" in csp and "unsafe-eval" not in csp, csp
    expect(page.get_by_text("Gjelder Sara Nilsen")).to_be_visible()
    log_before = app.log_path.read_text()

    for _ in range(2):
        page.get_by_role("button", name="Lagre vedtaket").click()
        notice = page.get_by_role("alert").filter(has_text=NOTICE)
        expect(notice).to_be_visible()
        notice.get_by_role("button").click()  # the notice closes
        expect(notice).to_have_count(0)
    assert len(spoiled) == 2, "the save was not sent as expected"
    expect(page.get_by_text("Gjelder Sara Nilsen")).to_be_visible()  # the page still works
    assert scalar(app.db_url, "SELECT count(*) FROM ip_decision") == decisions

    log = app.log_path.read_text()[len(log_before):]
    failed = [line for line in log.splitlines() if "an event failed" in line]
    assert len(failed) == 2, log[-3000:]
    assert "(traceback logged before)" in failed[1]
    # a chained exception prints several "Traceback" headers in one logged traceback
    logged = (log.count("Traceback (most recent call last)")
              - log.count("During handling of the above exception")
              - log.count("The above exception was the direct cause"))
    assert logged <= 1, "a traceback per junk event:\n" + log[-6000:]
    assert "An error occurred" not in log
