"""The IP's own contents (resources, needs, samarbeidsparter, sub-goals): who reads and
writes them, the form's checks, and that every wording and archiving is kept."""

from __future__ import annotations


import pytest
from sqlmodel import Session, select

from ip_app.kernel import clock
from ip_app.ip_contents import data as ipc
from ip_app.ip_contents.rules import (
    ITEM_MAX, ItemKind, check_archive, check_item, may_read_ip_contents, may_write_ip_contents,
    shows_ip_contents,
)
from ip_app.kernel import db
from ip_app.kernel.access import PlanAccess
from ip_app.kernel.actor import Actor
from ip_app.kernel.forms import FormError
from ip_app.kernel.i18n import catalogue
from ip_app.kernel.models import GoalVersion, PlanItem, PlanItemVersion
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import build_page


def actor(role: Role) -> Actor:
    return Actor(account_id=7, role=role, participant_id=3)


# --- domain -------------------------------------------------------------------------

@pytest.mark.parametrize("scopes, readable", [
    ({Scope.GOALS}, True), ({Scope.GOALS, Scope.DIALOG}, True),
    ({Scope.ALL_MEASURES, Scope.OWN_MEASURES, Scope.DIALOG, Scope.CONFIDENTIAL}, False),
    ({Scope.DIALOG}, False),
])
def test_the_consent_to_the_goals_covers_the_ip_contents(scopes, readable):
    access = PlanAccess(allowed=True, role=Role.TJENESTEYTER, participant_id=3,
                        scopes=frozenset(scopes))
    assert may_read_ip_contents(access) is readable


def test_the_person_always_reads_them_and_a_refused_viewer_never():
    assert may_read_ip_contents(PlanAccess(allowed=True, role=Role.PERSON,
                                           scopes=frozenset(Scope)))
    assert not may_read_ip_contents(PlanAccess(allowed=False, scopes=frozenset(Scope)))


@pytest.mark.parametrize("role, may", [
    (Role.PERSON, True), (Role.VEILEDER, True), (Role.KOORDINATOR, True),
    (Role.TJENESTEYTER, False), (Role.PARORENDE, False), (Role.VERGE, False),
])
def test_who_writes_them(role, may):
    assert may_write_ip_contents(actor(role)) is may
    if not may:
        with pytest.raises(FormError) as e:
            check_item(actor(role), kind="resource", text="Jeg lager god mat")
        assert e.value.errors == {"_form": "error.not_allowed"}


def test_only_plans_with_an_individuell_plan_show_them():
    assert shows_ip_contents([PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN])
    assert not shows_ip_contents(["aktivitetsplan", "kvalifiseringsprogram"])


@pytest.mark.parametrize("text, old, key", [
    ("", None, "ipc.error_text_required"), ("   ", None, "ipc.error_text_required"),
    ("x" * (ITEM_MAX + 1), None, "ipc.error_text_too_long"),
    ("Samme", "Samme", "ipc.error_text_same"), (["a", "b"], None, "error.invalid"),
])
def test_bad_text_is_refused_at_the_field(text, old, key):
    with pytest.raises(FormError) as e:
        check_item(actor(Role.PERSON), kind="service_need", text=text, old_text=old)
    assert e.value.errors["text"] == key


def test_staff_say_why_they_change_or_archive_the_person_need_not():
    with pytest.raises(FormError) as e:
        check_item(actor(Role.KOORDINATOR), kind="partner", text="Ny", old_text="Gammel")
    assert e.value.errors == {"reason": "ipc.error_reason_required"}
    with pytest.raises(FormError):
        check_archive(actor(Role.VEILEDER), "  ")
    assert check_item(actor(Role.PERSON), kind="partner", text=" Ny ", old_text="Gammel") == (
        "Ny", "")
    assert check_archive(actor(Role.PERSON), "") == ""
    assert check_archive(actor(Role.KOORDINATOR), " Ikke aktuelt ") == "Ikke aktuelt"
    # a new item needs no reason from anyone
    assert check_item(actor(Role.KOORDINATOR), kind="resource", text="Sykler")[0] == "Sykler"


def test_an_unknown_kind_is_refused():
    with pytest.raises(FormError) as e:
        check_item(actor(Role.PERSON), kind="secret", text="x")
    assert "_form" in e.value.errors


def test_every_key_the_rules_name_is_in_the_catalogue():
    nb = catalogue("nb")
    for key in ("ipc.error_text_required", "ipc.error_text_too_long", "ipc.error_text_same",
                "ipc.error_reason_required"):
        assert key in nb
    for k in ItemKind:
        for tail in ("title_person", "title_staff", "add", "edit", "archive", "empty"):
            assert f"ipc.{k.value}_{tail}" in nb


# --- data: every wording kept, nothing deleted --------------------------------------

def test_change_and_archive_keep_every_wording(fresh_db, demo):
    with db.session() as s:
        plan = demo.plan(s, "amina")
        koord = demo.actor(s, "amina", "koordinator")
        person = demo.actor(s, "amina", "amina")
        item = ipc.create_item(s, plan_id=plan.id, kind="resource", text="Jeg er god i matte",
                               actor=koord)
        ipc.change_item(s, item_id=item.id, based_on=1, text="Jeg er god i matte og fysikk",
                        reason="", actor=person)
        with pytest.raises(ipc.Stale):  # based on the first version: refused, nothing written
            ipc.change_item(s, item_id=item.id, based_on=1, text="Annet", reason="x",
                            actor=koord)
        current = s.get(PlanItem, item.id)
        ipc.archive_item(s, item=current, based_on=2, reason="Ikke aktuelt", actor=koord)
        item_id = item.id
    with Session(db.engine()) as s:
        versions = list(s.exec(select(PlanItemVersion).where(
            PlanItemVersion.plan_item_id == item_id).order_by(PlanItemVersion.version)))
        assert [(v.version, v.text, v.archived, v.reason) for v in versions] == [
            (1, "Jeg er god i matte", False, ""),
            (2, "Jeg er god i matte og fysikk", False, ""),
            (3, "Jeg er god i matte og fysikk", True, "Ikke aktuelt")]
        row = s.get(PlanItem, item_id)
        assert row.archived_at is not None and row.version == 3
        history = ipc.items_with_history(s, row.plan_id)
        kept = next(h for h in history if h.item.id == item_id)
        assert len(kept.versions) == 3 and kept.names[versions[0].changed_by_id]


def test_a_subgoal_is_added_under_the_main_goal_and_archived_with_its_history(fresh_db, demo):
    with db.session() as s:
        plan = demo.plan(s, "amina")
        person = demo.actor(s, "amina", "amina")
        data = load_plan(s, plan, access_for(s, demo.viewer(s, "amina"), plan.id,
                                             clock.today())[1], demo.viewer(s, "amina"))
        main = next(g for g in data.goals if g.parent_id is None)
        sub = ipc.add_subgoal(s, plan_id=plan.id, parent_id=main.id, text="Ta lappen",
                              actor=person)
        ipc.archive_goal(s, goal=sub, based_on=1, reason="Venter til neste år", actor=person)
        sub_id, plan_id = sub.id, plan.id
    with Session(db.engine()) as s:
        vs = list(s.exec(select(GoalVersion).where(GoalVersion.goal_id == sub_id)
                         .order_by(GoalVersion.version)))
        assert [(v.text, v.archived) for v in vs] == [("Ta lappen", False), ("Ta lappen", True)]
        archived = ipc.archived_goals(s, plan_id)
        assert [g.id for g, _, _ in archived] == [sub_id]


# --- what the page shows ----------------------------------------------------------------

def _page(s, demo, username: str, person: str = "amina"):
    viewer = demo.viewer(s, username)
    plan = demo.plan(s, person)
    _, access = access_for(s, viewer, plan.id, clock.today())
    return build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, clock.today()),
                      viewer, clock.today())


def test_the_section_shows_the_seeded_items_to_those_with_consent_to_the_goals(fresh_db, demo):
    with Session(db.engine()) as s:
        own = _page(s, demo, "amina")
        assert own.ip.shown and own.ip.can_write
        assert [b.kind for b in own.ip.blocks] == [k.value for k in ItemKind]
        assert all(b.rows for b in own.ip.blocks)  # the demo has each kind
        assert own.ip.blocks[0].title == "Dette får jeg til"
        staff = _page(s, demo, "koordinator")
        assert staff.ip.shown and staff.ip.can_write
        assert staff.ip.blocks[0].title == "Dette får Amina til"
        teacher = _page(s, demo, "laerer")  # consent to the goals, but no writer
        assert teacher.ip.shown and not teacher.ip.can_write


def test_without_consent_to_the_goals_nothing_of_them_is_built(fresh_db, demo):
    from ip_app.kernel.models import Consent
    with db.session() as s:
        part = demo.participant(s, "amina", "laerer")
        c = s.exec(select(Consent).where(Consent.participant_id == part.id)
                   .order_by(Consent.id.desc())).first()
        c.scopes = "own_measures,dialog"
        s.add(c)
    with Session(db.engine()) as s:
        page = _page(s, demo, "laerer")
        assert not page.ip.shown and page.ip.blocks == [] and page.ip.archived == []


def test_the_print_page_shows_the_section_as_text(fresh_db, demo):
    from ip_app.export.data import load_export
    from ip_app.export.view import ExportOptions, plan_html
    hostile = "<script>alert(1)</script> Jeg & co"
    with db.session() as s:
        plan = demo.plan(s, "amina")
        ipc.create_item(s, plan_id=plan.id, kind="partner", text=hostile,
                        actor=demo.actor(s, "amina", "koordinator"))
    with Session(db.engine()) as s:
        viewer = demo.viewer(s, "amina")
        plan = demo.plan(s, "amina")
        _, access = access_for(s, viewer, plan.id, clock.today())
        doc = plan_html(load_export(s, plan, access, viewer, clock.today(), "nb", ExportOptions()),
                        viewer, clock.today(), "nb", ExportOptions())
    assert "Min individuelle plan" in doc and "Dette trenger jeg hjelp til" in doc
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Jeg &amp; co" in doc and "<script>" not in doc
