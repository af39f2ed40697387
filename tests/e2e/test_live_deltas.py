"""What a live page costs on the wire: only what changed is sent, to whom it concerns.

A tab's event that changes nothing shared must touch no other tab (issue 23: before,
Reflex's shared plan signal was swapped in and out around every event and every event of
a linked tab was fanned out to all other tabs of the plan). These tests pin that the plan's
views (`PlanState.page` and its parts, the status groups, `ConsentState.consents`) travel
only when they changed: an event that changes nothing on the plan sends none of it, to the
tab itself or to another open tab of the plan; a status change reaches the other tab with
the new version of the card, the card only once, in the two status groups it left and
entered and nothing else of the tiltak.
"""

from __future__ import annotations

from ip_app.plan.state import PlanState
from tests.utils.db import plan_id_of, query
from tests.utils.http import login_cookie
from tests.utils.plan_vars import STATUS_VARS, plan_groups
from tests.utils.rxclient import RxClient, run_async

STATE = PlanState.get_full_name()
TITLE = "Søke helsefagarbeiderutdanning for voksne"
PLAN_VARS = {"page_rx_state_", "plan_goals_rx_state_", "plan_programme_rx_state_",
             "plan_more_rx_state_", "groups_rx_state_", "consents_rx_state_", "view_rx_state_",
             "panel_card_rx_state_", *STATUS_VARS}


def _sent(c: RxClient) -> set[str]:
    return {k for d in c.deltas for sub in d.values() for k in sub}


def _card_versions(c: RxClient, measure_id: int) -> list[int]:
    return [card["version"] for d in c.deltas for sub in d.values()
            for g in plan_groups(sub) for card in g["cards"] if card["id"] == measure_id]


def test_ui_events_send_nothing_of_the_plan_and_a_change_sends_the_new_card(app):
    plan = plan_id_of(app.db_url, "amina")
    (measure_id, version, status), = query(
        app.db_url, "SELECT id, version, status FROM measure WHERE plan_id = :p AND title = :t",
        p=plan, t=TITLE)
    assert status == "planlagt"  # every test starts from the demo data (tests/e2e/conftest.py)
    there = "gjennomfores"

    async def scenario() -> dict[str, tuple[set[str], set[str]]]:
        person = RxClient(app.url, login_cookie(app.url, "amina"))
        staff = RxClient(app.url, login_cookie(app.url, "veileder"), f"/plan/{plan}")
        await person.connect()
        await staff.connect()
        await staff.send(f"{STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                         query={"plan_id": str(plan)})
        assert await person.until(lambda: person.seen(TITLE)) and await staff.until(
            lambda: staff.seen(TITLE)), "both tabs show the plan"
        seen: dict[str, tuple[set[str], set[str]]] = {}
        try:
            for handler, payload in (("open_add", {}), ("close_add", {}),
                                     ("set_card_open", {"measure_id": measure_id,
                                                        "is_open": True})):
                person.deltas.clear()
                staff.deltas.clear()
                await person.send(f"{STATE}.{handler}", payload)
                await staff.settle(0.3)
                seen[handler] = (_sent(person), _sent(staff))
            for i, new in enumerate((there, status)):  # and back, for later tests
                person.deltas.clear()
                staff.deltas.clear()
                await staff.send(f"{STATE}.change_status", {"form_data": {
                    "measure_id": str(measure_id), "version": str(version + i),
                    "status": new, "reason": ""}})
                await person.settle(0.5)
                seen[f"change_status {new}"] = (_sent(staff), _sent(person))
                assert _card_versions(person, measure_id) == [version + i + 1], \
                    "the person's tab got the new version of the card, once"
        finally:
            await person.close()
            await staff.close()
        return seen

    seen = run_async(scenario())
    for handler in ("open_add", "close_add", "set_card_open"):
        own, other = seen[handler]
        assert own, f"{handler} was answered"
        assert not own & PLAN_VARS, f"{handler} re-sent {own & PLAN_VARS} to its own tab"
        assert not other & PLAN_VARS, f"{handler} re-sent {other & PLAN_VARS} to the other tab"
    writer, other = seen[f"change_status {there}"]
    # the card left one status group and entered another: those two travel, to both tabs
    # (the staff tab's list and board draw from the same vars), and nothing else of the
    # tiltak, nor the parts of the page a status change leaves as they were
    moved = {f"status_{status}_rx_state_", f"status_{there}_rx_state_"}
    for tab in (writer, other):
        assert tab & set(STATUS_VARS) == moved, tab & set(STATUS_VARS)
        assert not tab & {"groups_rx_state_", "plan_more_rx_state_", "consents_rx_state_"}, tab
    assert query(app.db_url, "SELECT version, status FROM measure WHERE id = :m",
                 m=measure_id) == [(version + 2, status)]


def test_an_open_conversation_follows_the_title_of_the_tiltak_it_is_about(app):
    """The dialog keeps its page when only other tiltak change (it shows nothing of them),
    and shows the new title when the tiltak it is about is renamed."""
    from ip_app.dialog.state import DialogState
    from ip_app.measures.state import MeasureEditState

    dialog = DialogState.get_full_name()
    edit = MeasureEditState.get_full_name()
    plan = plan_id_of(app.db_url, "amina")
    (thread, measure_id, title), = query(
        app.db_url, "SELECT t.id, m.id, m.title FROM thread t JOIN measure m ON m.id = "
        "t.measure_id WHERE t.plan_id = :p AND t.subject = 'Praksis på Fjordly sykehjem'",
        p=plan)
    (other, other_version, other_status), = query(
        app.db_url, "SELECT id, version, status FROM measure WHERE plan_id = :p AND title = :t",
        p=plan, t=TITLE)
    renamed = f"{title} (endret)"

    async def scenario() -> tuple[bool, bool, bool]:
        person = RxClient(app.url, login_cookie(app.url, "amina"), f"/dialog/{thread}")
        staff = RxClient(app.url, login_cookie(app.url, "veileder"), f"/plan/{plan}")
        await person.connect()
        await staff.connect()
        await person.send(f"{dialog}.load", {}, path=f"/dialog/{thread}",
                          query={"thread_id": str(thread)})
        await staff.send(f"{STATE}.load_plan_page", {}, path=f"/plan/{plan}",
                         query={"plan_id": str(plan)})
        shows_title = await person.until(lambda: person.seen(f"Om: {title}"))

        async def open_edit() -> dict:
            """The veileder opens the tiltak's edit form; what the form holds."""
            await staff.send(f"{edit}.open_edit", {"measure_id": measure_id})
            return next(sub["form_rx_state_"] for d in reversed(staff.deltas)
                        for sub in d.values() if "form_rx_state_" in sub)

        try:
            person.deltas.clear()
            there = "gjennomfores" if other_status == "planlagt" else "planlagt"
            for i, new in enumerate((there, other_status)):  # another tiltak, and back
                await staff.send(f"{STATE}.change_status", {"form_data": {
                    "measure_id": str(other), "version": str(other_version + i),
                    "status": new, "reason": ""}})
            await person.settle(0.5)
            quiet = not any("view_rx_state_" in sub for d in person.deltas for sub in d.values())
            form = await open_edit()
            fields = {k: str(form[k] or "") for k in (
                "measure_id", "version", "title", "kind", "description", "extent",
                "hours_per_week", "how", "start_date", "end_date",
                "responsible_participant_id", "goal_id")}
            fields["title"] = renamed
            fields.update({f"serves_{b}": "on" for b in form["serves"]})
            if form.get("agreed"):
                fields["agreed"] = "on"
            person.deltas.clear()
            await staff.send(f"{edit}.save", {"form_data": fields})
            follows = await person.until(lambda: person.seen(f"Om: {renamed}"))
            # and back, for the other tests
            form = await open_edit()
            await staff.send(f"{edit}.save", {"form_data": {
                **fields, "title": title, "version": str(form["version"])}})
        finally:
            await person.close()
            await staff.close()
        return shows_title, quiet, follows

    shows_title, quiet, follows = run_async(scenario())
    assert shows_title, "the conversation says which tiltak it is about"
    assert quiet, "a change to another tiltak sent nothing of the conversation"
    assert follows, "the open conversation shows the tiltak's new title"
    assert query(app.db_url, "SELECT title FROM measure WHERE id = :m", m=measure_id) == [(title,)]
