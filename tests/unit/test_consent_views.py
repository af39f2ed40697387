"""What the consent pages and the access log show, in plain words (web/*_view.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ip_app.access_log import data as access_log
from ip_app.access_log.view import build_log_page, sentence
from ip_app.consent import data as cd
from ip_app.consent import data as consent_data
from ip_app.consent.view import build_consent_page
from ip_app.kernel.audit import record
from ip_app.kernel.i18n import catalogue
from ip_app.kernel.models import AuditEvent
from ip_app.kernel.scopes import ConsentStatus, Scope


def test_dynamic_text_keys_exist():
    keys = {f"scope.{sc.value}" for sc in Scope}
    keys |= {f"consent_status.{st.value}" for st in ConsentStatus} | {"consent_status.none"}
    keys |= {f"consent.event_{a}" for a in ("requested", "granted", "changed", "declined",
                                            "withdrawn", "expired")}
    keys |= {f"log.{a}{r}" for a in ("read_plan", "change_status", "add_measure", "other",
                                     "read_consents") for r in ("", "_refused")}
    keys |= {f"log.consent_{a}{r}" for a in ("granted", "declined", "withdrawn", "changed")
             for r in ("", "_refused")}
    assert sorted(k for k in keys if k not in catalogue("nb")) == []


def test_person_sees_the_pending_request_in_plain_words(s, demo, today):
    plan = demo.plan(s, "amina")
    page = build_consent_page(consent_data.load_page(s, plan, today), demo.viewer(s, "amina"),
                              True, today)
    assert page.mode == "manage" and page.can_decide and not page.minor
    [req] = page.pending
    assert req.request_title == "Hassan Yusuf ber om å se planen din"
    assert req.who == "Pårørende"
    assert req.scopes == ["Målene dine, ressursene dine og hva du trenger hjelp til",
                          "Samtalene (dialogen) du har med dem"]
    assert req.can_answer and not req.can_change
    assert [c.value for c in req.choices] == ["goals", "dialog"]
    assert req.until == "Til du trekker samtykket tilbake"
    names = [c.name for c in page.participants]
    assert "Kari Nordmann" in names and "Amina Yusuf" not in names
    kari = next(c for c in page.participants if c.name == "Kari Nordmann")
    assert kari.status == "granted" and kari.can_change and kari.until.startswith("Til og med ")
    assert kari.who == "NAV-veileder, NAV Molde"
    # history newest first: given by "Du" (the viewer), requested by the koordinator
    assert kari.history[0].text.startswith("Du ga samtykke til: målene dine")
    assert kari.history[-1].text.startswith("Ola Hansen ba om samtykke til:")


def test_staff_viewer_cannot_decide_and_expired_is_shown(s, demo, today):
    c = cd.latest_for(s, demo.participant(s, "amina", "laerer").id)
    c.valid_until = today - timedelta(days=2)
    s.add(c)
    s.flush()
    page = build_consent_page(consent_data.load_page(s, demo.plan(s, "amina"), today),
                              demo.viewer(s, "amina"), False, today)
    laerer = next(x for x in page.participants if x.name == "Siri Dahl")
    assert laerer.status == "expired" and laerer.status_label == "Utløpt"
    assert laerer.until.startswith("Utløp ")
    assert laerer.history[0].text == "Samtykket utløp"
    assert not any(x.can_change or x.can_answer for x in page.participants)


def _entry(s, demo, username, action, allowed, plan_id, minutes_ago=0):
    acct = demo.account(s, username)
    s.add(AuditEvent(actor_id=acct.id, actor_role="veileder", action=action, plan_id=plan_id,
                     allowed=allowed,
                     at=datetime(2026, 11, 12, 9, 14, tzinfo=timezone.utc)
                     - timedelta(minutes=minutes_ago)))
    s.flush()


def test_access_log_sentences(s, demo):
    plan = demo.plan(s, "amina")
    amina = demo.account(s, "amina")
    _entry(s, demo, "veileder", "read_plan", True, plan.id, minutes_ago=5)
    _entry(s, demo, "veileder2", "read_plan", False, plan.id, minutes_ago=1)
    _entry(s, demo, "amina", "read_plan", True, plan.id)
    rows = access_log.entries(s, plan.id, exclude_actor_id=amina.id)
    texts = [sentence(e, "nb") for e in rows]
    assert texts[:2] == [
        "Nils Vik, NAV Kristiansund, prøvde å åpne planen din 12. november 2026 kl. 10:13 "
        "– ble stoppet",
        "Kari Nordmann, NAV Molde, så planen din 12. november 2026 kl. 10:09",
    ]
    assert all("Amina" not in t for t in texts)  # her own reads are not listed


def test_access_log_pages_of_50_newest_first(s, demo):
    plan = demo.plan(s, "emil")
    emil = demo.account(s, "emil")
    before = access_log.count(s, plan.id, exclude_actor_id=emil.id)
    for i in range(120):
        record(s, actor_id=demo.account(s, "veileder").id, action="read_plan", plan_id=plan.id)
    s.flush()
    total = access_log.count(s, plan.id, exclude_actor_id=emil.id)
    assert total == before + 120
    first = access_log.entries(s, plan.id, exclude_actor_id=emil.id)
    assert len(first) == 50
    assert [e.at for e in first] == sorted((e.at for e in first), reverse=True)
    page = build_log_page(first, total, 0)
    assert page.range_label == f"Viser 1–50 av {total}"
    assert page.has_older and not page.has_newer
    last_offset = (total - 1) // 50 * 50
    last = access_log.entries(s, plan.id, exclude_actor_id=emil.id, offset=last_offset)
    page = build_log_page(last, total, last_offset)
    assert page.has_newer and not page.has_older
    assert page.range_label == f"Viser {last_offset + 1}–{total} av {total}"


@pytest.mark.parametrize("action", ["consent_withdrawn", "something_new"])
def test_unknown_and_consent_actions_read_naturally(s, demo, action):
    plan = demo.plan(s, "sara")
    _entry(s, demo, "veileder2", action, False, plan.id)
    [e] = [e for e in access_log.entries(s, plan.id) if e.action == action]
    text = sentence(e, "nb")
    assert text.startswith("Nils Vik, NAV Kristiansund, prøvde å ") and text.endswith(
        "– ble stoppet")
