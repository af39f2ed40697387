"""Samtalereferat (issue 21): who reads, writes and confirms it (conversation_records/
rules.py), the form's input, and versions that are never lost (conversation_records/data.py)."""

from __future__ import annotations

from datetime import date

import pytest

from ip_app.conversation_records.rules import (
    RecordInput, may_confirm, may_read, may_write,
)
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope

ALL = frozenset(Scope)


@pytest.mark.parametrize("role, org_kind, reads, writes, confirms", [
    (Role.PERSON, "", True, False, True),
    (Role.VERGE, "", True, False, False),
    (Role.VEILEDER, "nav", True, True, False),
    (Role.VEILEDER, "kommune", False, False, False),  # a veileder outside NAV
    (Role.KOORDINATOR, "kommune", False, False, False),
    (Role.KOORDINATOR, "nav", False, False, False),
    (Role.TJENESTEYTER, "kommune", False, False, False),
    (Role.PARORENDE, "", False, False, False),
])
def test_nav_only_and_the_person(role, org_kind, reads, writes, confirms):
    access = PlanAccess(allowed=True, role=role, participant_id=1, scopes=ALL)
    assert may_read(access, org_kind) is reads
    assert may_write(access, org_kind) is writes
    assert may_confirm(access) is confirms
    refused = PlanAccess(allowed=False, role=role)
    assert not may_read(refused, org_kind) and not may_write(refused, org_kind)


def test_the_form_needs_a_past_date_a_topic_and_the_text():
    with pytest.raises(FormError) as exc:
        validate(RecordInput, {"held_on": "", "topic": " ", "text": ""},
                 context={"today": date(2026, 12, 7)})
    assert exc.value.errors == {"held_on": "error.record_date_required",
                                "topic": "error.record_topic_required",
                                "text": "error.record_text_required"}
    with pytest.raises(FormError) as exc:
        validate(RecordInput, {"held_on": "2026-12-08", "topic": "a", "text": "b"},
                 context={"today": date(2026, 12, 7)})
    assert exc.value.errors == {"held_on": "error.record_date_future"}
    ok = validate(RecordInput, {"held_on": "2026-12-07", "topic": " Jobb ", "text": "Tekst"},
                  context={"today": date(2026, 12, 7)})
    assert (ok.held_on, ok.topic, ok.text) == (date(2026, 12, 7), "Jobb", "Tekst")


def test_versions_are_kept_and_an_old_base_is_refused(s, demo):
    from ip_app.conversation_records import data as crd

    session = s
    plan = demo.plan(s, "amina")
    actor = demo.actor(s, "amina", "veileder")
    r = crd.create(session, plan_id=plan.id, held_on=date(2026, 12, 1), actor=actor,
                   topic="Jobb", text="Første")
    crd.save_version(session, record=r, based_on_version=1, actor=actor, topic="Jobb",
                     text="Andre")
    with pytest.raises(crd.StaleRecord):
        crd.save_version(session, record=r, based_on_version=1, actor=actor, topic="Jobb",
                         text="Tredje")
    [(found, versions)] = [x for x in crd.of_plan(session, plan.id) if x[0].id == r.id]
    assert [v.text for v in versions] == ["Første", "Andre"]
    assert crd.current(session, r.id).text == "Andre"


@pytest.mark.parametrize("lang, heading, intro", [
    ("nb", "Noahs samtalereferat", "Her står hva NAV og Noah har snakket om."),
    ("nn", "Noahs samtalereferat", "Her står kva NAV og Noah har snakka om."),
    ("en", "Noah’s conversation notes", "What NAV and Noah talked about."),
])
def test_a_guardian_reads_about_the_child_and_others_keep_their_texts(s, demo, today, lang,
                                                                     heading, intro):
    from ip_app.conversation_records.data import load_page
    from ip_app.conversation_records.view import build_page
    from ip_app.kernel.plan_access import access_for

    for username, person, guardian in (("foresatt", "noah", True), ("noah", "noah", False),
                                       ("veileder", "amina", False), ("amina", "amina", False)):
        plan = demo.plan(s, person)
        viewer = demo.viewer(s, username)
        _plan, access = access_for(s, viewer, plan.id, today)
        page = build_page(load_page(s, plan.id, access, viewer.org_kind), plan, access, viewer,
                          demo.account(s, person).display_name, lang)
        assert page.mode in ("person", "staff"), (username, page.mode)
        if guardian:
            assert page.guardian_heading == heading
            assert page.guardian_intro.startswith(intro)
        else:  # the person and staff: the fixed texts of their mode, nothing about a child
            assert (page.guardian_heading, page.guardian_intro) == ("", ""), username
