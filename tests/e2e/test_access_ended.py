"""Every open page of a plan re-checks access when consent changes (issue 17, finding 2).

A helper opens a page of Amina's plan; Amina withdraws the helper's consent on her own
page; the live update that follows must reach the helper's open tab with none of the
plan's data, and the page must say that access has ended. Browser-free: raw websocket
clients (tests/utils/rxclient.py) read exactly what the server sends to each tab.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ip_app.archive.state import ArchiveState
from ip_app.advance_notice.state import AdvanceNoticeState
from ip_app.assessment.state import AssessmentState
from ip_app.consent.request_state import ConsentRequestState
from ip_app.consent.state import ConsentState
from ip_app.conversation_records.state import ConversationRecordState
from ip_app.decisions.state import DecisionState
from ip_app.dialog.state import DialogState
from ip_app.evaluation.state import EvaluationState
from ip_app.ip_decision.state import IpCheckState
from ip_app.job_search.state import JobSearchState
from ip_app.minutes.state import MinutesState
from ip_app.notify.state import LetterState
from ip_app.plan.state import PlanState
from ip_app.programme.state import ProgrammeEditState
from ip_app.team.state import TeamState
from tests.e2e.test_consent import _consent_row, _regrant
from tests.utils.db import execute, plan_id_of, scalar
from tests.utils.http import login_cookie
from tests.utils.rxclient import RxClient, run_async

ENDED = "Du har ikke lenger tilgang til denne planen."
ENDED_MODE = "'mode': 'ended'"  # the view the page renders as ENDED
# texts that are Amina's plan: her name, a goal, a tiltak, other participants' names
PLAN_DATA = ("Amina Yusuf", "Jeg vil jobbe som helsefagarbeider", "Norskopplæring spor 2",
             "Siri Dahl", "Hassan", "Telefonsamtale om arbeidstrening og helse")

# Every page of a plan that shows plan content (the routes in ip_app/ip_app.py with a
# plan, a person, a tiltak, a meeting or a conversation in them). The IP's contents
# (hovedmål, delmål, ønsker, ressurser) are sections of the plan page ("plan"); /, /samordning
# and the person's own pages are no page of one plan.
# (helper, page, on_load handler, path, route arguments); {names} filled in from _ids
PAGES = [
    ("koordinator", "plan", (PlanState, "load_plan_page"), "/plan/{plan}", ("plan_id",)),
    ("koordinator", "dialog", (DialogState, "load"), "/plan/{plan}/dialog", ("plan_id",)),
    ("koordinator", "samtale", (DialogState, "load"), "/dialog/{thread}", ("thread_id",)),
    ("koordinator", "samtykker", (ConsentRequestState, "load"), "/plan/{plan}/samtykker",
     ("plan_id",)),
    ("koordinator", "evaluering", (EvaluationState, "load"), "/plan/{plan}/evaluering",
     ("plan_id",)),
    ("koordinator", "program", (ProgrammeEditState, "load"), "/plan/{plan}/program",
     ("plan_id",)),
    ("koordinator", "ip-rett", (IpCheckState, "load"), "/ip-rett/{person}", ("person_id",)),
    ("veileder", "vurdering", (AssessmentState, "load"), "/plan/{plan}/vurdering", ("plan_id",)),
    ("veileder", "vedtak", (DecisionState, "load"), "/plan/{plan}/vedtak", ("plan_id",)),
    ("koordinator", "jobbsok", (JobSearchState, "load"), "/plan/{plan}/jobbsok", ("plan_id",)),
    ("koordinator", "forhandsorientering", (AdvanceNoticeState, "load"),
     "/plan/{plan}/tiltak/{measure}/forhandsorientering", ("plan_id", "measure_id")),
    ("koordinator", "referat", (MinutesState, "load"), "/plan/{plan}/mote/{meeting}/referat",
     ("plan_id", "meeting_id")),
    ("koordinator", "ansvarsgruppe", (TeamState, "load"), "/plan/{plan}/ansvarsgruppe",
     ("plan_id",)),
    ("koordinator", "arkiv", (ArchiveState, "load"), "/plan/{plan}/arkiv", ("plan_id",)),
    ("veileder", "samtalereferat", (ConversationRecordState, "load"),
     "/plan/{plan}/samtalereferat", ("plan_id",)),
]
ROUTE_ARG = {"plan_id": "plan", "person_id": "person", "thread_id": "thread",
             "measure_id": "measure", "meeting_id": "meeting"}


def _ids(app, helper: str) -> dict[str, int]:
    """The ids of Amina's plan the pages open: her plan, her account, a tiltak the helpers
    see, a held meeting with a referat, and a conversation `helper` is in."""
    plan = plan_id_of(app.db_url, "amina")
    return {
        "plan": plan,
        "person": scalar(app.db_url, "SELECT id FROM account WHERE username = 'amina'"),
        "measure": scalar(app.db_url, "SELECT id FROM measure WHERE plan_id = :p AND title = "
                                      "'Norskopplæring spor 2 mot B1'", p=plan),
        "meeting": scalar(app.db_url, "SELECT id FROM meeting WHERE plan_id = :p AND topic = "
                                      "'Oppfølging etter oppstart i praksis'", p=plan),
        "thread": scalar(app.db_url, "SELECT min(t.id) FROM thread t JOIN thread_member m ON "
                                     "m.thread_id = t.id JOIN account a ON a.id = m.account_id "
                                     "WHERE t.plan_id = :p AND a.username = :u",
                         p=plan, u=helper),
    }


def _texts(c: RxClient) -> str:
    return repr(c.deltas)


@pytest.mark.parametrize("helper,page,load,path,args", PAGES, ids=[p[1] for p in PAGES])
def test_an_open_page_loses_the_plan_when_consent_is_withdrawn(app, helper, page, load, path,
                                                                args):
    ids = _ids(app, helper)
    assert all(ids[ROUTE_ARG[a]] for a in args), f"{page}: the demo data lacks {args}: {ids}"
    url = path.format(**ids)
    query = {a: str(ids[ROUTE_ARG[a]]) for a in args}
    consent_id, status, _, version = _consent_row(app, "amina", helper)
    assert status == "granted"
    consents = ConsentState.get_full_name()

    async def scenario() -> tuple[str, str]:
        staff = RxClient(app.url, login_cookie(app.url, helper), url)
        amina = RxClient(app.url, login_cookie(app.url, "amina"), "/samtykker")
        await staff.connect(quiet=0)
        await amina.connect(quiet=0)
        try:
            await staff.loaded()
            await amina.loaded()
            await staff.call(f"{load[0].get_full_name()}.{load[1]}", {}, path=url, query=query)
            before = _texts(staff)
            await amina.call(f"{consents}.load_page", {}, path="/samtykker")
            staff.deltas.clear()
            await amina.call(f"{consents}.withdraw", {"form_data": {
                "consent_id": str(consent_id), "version": str(version)}})
            # wait for the page to say so (a pause is not an answer on a loaded machine)
            await staff.until(lambda: ENDED_MODE in _texts(staff), limit=30)
            await staff.settle(0.7)
            return before, _texts(staff)
        finally:
            await staff.close()
            await amina.close()

    try:
        before, after = run_async(scenario())
        assert _consent_row(app, "amina", helper)[1] == "withdrawn"
    finally:
        _regrant(app, "amina", helper)
    # the page was open with the plan (else the test proves nothing)
    assert any(text in before for text in PLAN_DATA), f"{page} never showed the plan"
    assert ENDED_MODE in after, f"{page} did not say that access has ended: {after[:600]}"
    leaked = [text for text in PLAN_DATA if text in after]
    assert not leaked, f"{page} still sent {leaked} after the withdrawal"


def test_letters_of_a_plan_are_gone_once_the_staff_members_consent_is_withdrawn(app):
    """/brev lists the letters of people reserved against digital contact (KRR, demo: Sara)
    for the plans a staff member takes part in. Once Sara withdraws the koordinator's
    consent, the list, the letter itself and "Merk som skrevet ut" give nothing of it."""
    plan = plan_id_of(app.db_url, "sara")
    sara = scalar(app.db_url, "SELECT id FROM account WHERE username = 'sara'")
    consent_id, status, _, version = _consent_row(app, "sara", "koordinator")
    assert status == "granted"
    execute(app.db_url, "INSERT INTO notification_outbox (recipient_id, reason, object_key, "
                        "plan_id, channel, status, due_at, next_attempt_at, attempts, "
                        "last_error, cancel_reason, claim_token, sent_at, created_at, "
                        "updated_at) VALUES (:r, 'new_proposal', 'access-ended-test', :p, "
                        "'letter', 'sent', :t, :t, 1, '', '', '', :t, :t, :t)",
            r=sara, p=plan, t=datetime.now(timezone.utc).replace(tzinfo=None))
    letter = scalar(app.db_url, "SELECT id FROM notification_outbox WHERE object_key = "
                                "'access-ended-test'")
    letters = LetterState.get_full_name()
    consents = ConsentState.get_full_name()

    async def open_letters(c: RxClient) -> str:
        c.deltas.clear()
        await c.send(f"{letters}.load", {}, path="/brev")
        await c.send(f"{letters}.load_letter", {}, path=f"/brev/{letter}",
                     query={"letter_id": str(letter)})
        await c.send(f"{letters}.mark_printed", {"letter_id": letter})
        await c.settle(0.5)
        return _texts(c)

    async def scenario() -> tuple[str, str]:
        staff = RxClient(app.url, login_cookie(app.url, "koordinator"), "/brev")
        await staff.connect()
        try:
            await staff.send(f"{letters}.load", {}, path="/brev")
            await staff.until(lambda: "Sara Nilsen" in _texts(staff), limit=30)
            before = _texts(staff)
            person = RxClient(app.url, login_cookie(app.url, "sara"), "/samtykker")
            await person.connect()
            try:
                await person.send(f"{consents}.load_page", {}, path="/samtykker")
                await person.send(f"{consents}.withdraw", {"form_data": {
                    "consent_id": str(consent_id), "version": str(version)}})
                await person.settle(0.5)
            finally:
                await person.close()
            return before, await open_letters(staff)
        finally:
            await staff.close()

    try:
        before, after = run_async(scenario())
        assert _consent_row(app, "sara", "koordinator")[1] == "withdrawn"
        printed = scalar(app.db_url, "SELECT printed_at FROM notification_outbox WHERE id = :i",
                         i=letter)
        refused = scalar(app.db_url, "SELECT count(*) FROM audit_event WHERE action IN "
                                     "('read_letter', 'print_letter') AND NOT allowed AND "
                                     "target = :t", t=f"letter:{letter}")
    finally:
        _regrant(app, "sara", "koordinator")
        execute(app.db_url, "DELETE FROM notification_outbox WHERE id = :i", i=letter)
    assert "Sara Nilsen" in before  # the list showed the letter while access lasted
    assert "Sara Nilsen" not in after, f"/brev still named Sara: {after[:600]}"
    assert printed is None  # "Merk som skrevet ut" changed nothing
    assert refused == 2  # the letter and the print, each refused and audited


def test_the_open_consent_overview_says_access_ended_in_the_browser(
        browser, browser_context_args, app):
    """The reported case: the koordinator's open 'Samtykker i planen' after Amina withdrew
    his consent shows the plain message instead of every participant's consents."""
    from playwright.sync_api import expect

    from tests.utils.browser import logged_in

    plan = plan_id_of(app.db_url, "amina")
    consent_id, status, _, version = _consent_row(app, "amina", "koordinator")
    assert status == "granted"
    ctx = browser.new_context(**browser_context_args)
    try:
        page = logged_in(ctx, app.url, "koordinator")
        page.goto(f"{app.url}/plan/{plan}/samtykker")
        expect(page.get_by_role("heading", level=1, name="Samtykker i planen")).to_be_visible()
        expect(page.get_by_role("heading", name="Siri Dahl")).to_be_visible()

        async def withdraw() -> None:
            amina = RxClient(app.url, login_cookie(app.url, "amina"), "/samtykker")
            await amina.connect(quiet=0)
            await amina.loaded()
            state = ConsentState.get_full_name()
            await amina.call(f"{state}.load_page", {}, path="/samtykker")
            await amina.call(f"{state}.withdraw", {"form_data": {
                "consent_id": str(consent_id), "version": str(version)}})
            await amina.close()

        run_async(withdraw())
        expect(page.get_by_text(ENDED)).to_be_visible()
        expect(page.get_by_role("heading", name="Siri Dahl")).to_have_count(0)
        assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        ctx.close()
        _regrant(app, "amina", "koordinator")
