"""Issue 17, finding 5: a guardian (foresatt) cannot add a tiltak through `add_activity`.

The plan page's "Legg til aktivitet" handler used to skip the rule the full tiltak
form has: Lene Berg, Noah's foresatt, created a planned tiltak on his plan with herself
responsible. Sent over the real websocket exactly as the review did.
"""

from __future__ import annotations

import asyncio

from ip_app.plan.state import PlanState
from tests.utils.db import plan_id_of, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

PLAN_STATE = PlanState.get_full_name()


def _refused(app) -> int:
    return scalar(app.db_url, "SELECT count(*) FROM audit_event e JOIN account a ON "
                              "a.id = e.actor_id WHERE a.username = 'foresatt' AND "
                              "e.action = 'add_measure' AND e.allowed = :f", f=False)


def test_the_guardian_cannot_add_a_tiltak(app):
    plan = plan_id_of(app.db_url, "noah")
    title = "Foresatt legger til et tiltak"
    cookie = login_cookie(app.url, "foresatt")
    measures = scalar(app.db_url, "SELECT count(*) FROM measure WHERE plan_id = :p", p=plan)
    refused = _refused(app)

    async def attempt():
        c = RxClient(app.url, cookie, path=f"/plan/{plan}")
        await c.connect()
        await c.send(f"{PLAN_STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                     query={"plan_id": str(plan)})
        # she may open the plan (her consent): the page is hers to read, not to change
        assert scalar(app.db_url, "SELECT count(*) FROM audit_event e JOIN account a ON "
                                  "a.id = e.actor_id WHERE a.username = 'foresatt' AND "
                                  "e.action = 'read_plan' AND e.plan_id = :p AND e.allowed = :t",
                      p=plan, t=True) > 0
        await c.emit(f"{PLAN_STATE}.add_activity", {"form_data": {"title": title, "description": "", "kind": ""}},
                     path=f"/plan/{plan}", query={"plan_id": str(plan)})
        loop = asyncio.get_running_loop()
        end = loop.time() + 15
        while _refused(app) <= refused and loop.time() < end:
            await asyncio.sleep(0.05)
        await c.settle(0.3)
        await c.close()
        return c

    client = run_async(attempt())
    assert _refused(app) == refused + 1, "the refusal is in the audit log"
    assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE plan_id = :p", p=plan) == measures
    assert scalar(app.db_url, "SELECT count(*) FROM measure WHERE title = :t", t=title) == 0
    assert client.seen("Du har ikke lov til å gjøre dette."), "she is told she may not"
