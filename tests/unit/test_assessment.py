"""§ 14 a assessment: who may read and write it, versions kept, the person's own view."""

from __future__ import annotations

import pytest

from ip_app.assessment import data as adata
from ip_app.assessment.rules import (
    AssessmentForm, AuthorKind, OwnViewForm, applies, may_add_own_view, may_read_assessment,
    may_write_assessment,
)
from ip_app.assessment.view import build_assessment_page
from ip_app.kernel.access import PlanAccess, Viewer
from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import Role
from ip_app.kernel.scopes import Scope
from ip_app.plan.rules import PlanBasis


def _acc(role: Role, *scopes: Scope) -> PlanAccess:
    return PlanAccess(allowed=True, role=role, participant_id=5, scopes=frozenset(scopes))


NAV = Viewer(account_id=1, kind="staff", org_kind="nav")
DPS = Viewer(account_id=2, kind="staff", org_kind="dps")
KOMMUNE = Viewer(account_id=3, kind="staff", org_kind="kommune")


@pytest.mark.parametrize("access, viewer, read, write", [
    (_acc(Role.PERSON), Viewer(account_id=9, kind="person"), True, False),
    (_acc(Role.VEILEDER, Scope.GOALS), NAV, True, True),
    (_acc(Role.KOORDINATOR, Scope.GOALS), NAV, True, True),
    (_acc(Role.KOORDINATOR, Scope.GOALS, Scope.ALL_MEASURES), KOMMUNE, False, False),
    (_acc(Role.KOORDINATOR, Scope.GOALS, Scope.CONFIDENTIAL), KOMMUNE, True, False),
    (_acc(Role.TJENESTEYTER, Scope.OWN_MEASURES, Scope.ALL_MEASURES), DPS, False, False),
    (_acc(Role.TJENESTEYTER, Scope.OWN_MEASURES, Scope.CONFIDENTIAL), DPS, True, False),
    # a tjenesteyter at NAV is not NAV staff writing the assessment
    (_acc(Role.TJENESTEYTER, Scope.OWN_MEASURES), NAV, False, False),
    (_acc(Role.PARORENDE, Scope.GOALS), Viewer(account_id=4, kind="relative"), False, False),
    (PlanAccess(allowed=False), NAV, False, False),
])
def test_who_reads_and_writes(access, viewer, read, write):
    assert may_read_assessment(access, viewer) is read
    assert may_write_assessment(access, viewer) is write
    assert may_add_own_view(access) is (access.allowed and access.role == Role.PERSON)
    assert may_read_assessment(access, None) is False


def test_only_plans_with_aktivitetsplan_have_it():
    assert applies([PlanBasis.INTEGRERINGSPLAN, PlanBasis.AKTIVITETSPLAN])
    assert not applies([PlanBasis.INDIVIDUELL_PLAN, PlanBasis.KVALIFISERINGSPROGRAM])


def test_forms():
    with pytest.raises(FormError) as exc:
        validate(AssessmentForm, {"possibilities": " ", "ability": "", "innsatsgruppe": "x"})
    assert exc.value.errors == {"possibilities": "error.assessment_required",
                                "ability": "error.choose_one", "innsatsgruppe": "error.invalid"}
    with pytest.raises(FormError) as exc:
        validate(OwnViewForm, {"agrees": "nei", "text": "  "})
    assert exc.value.errors == {"text": "error.own_view_required"}
    assert validate(OwnViewForm, {"agrees": "ja"}).agrees is True
    with pytest.raises(FormError):
        validate(OwnViewForm, {"agrees": "kanskje"})


def test_versions_are_kept_and_never_overwritten(s, demo):
    plan = demo.plan(s, "emil")
    before = adata.versions(s, plan.id, AuthorKind.NAV)
    assert [v.version for v in before] == [1, 2]
    vid = demo.account(s, "veileder").id
    row = adata.add_version(s, plan_id=plan.id, kind=AuthorKind.NAV, based_on=2, actor_id=vid,
                            actor_role="veileder", possibilities="Ny tekst", ability="noe_nedsatt",
                            innsatsgruppe="situasjonsbestemt")
    after = adata.versions(s, plan.id, AuthorKind.NAV)
    assert [v.version for v in after] == [1, 2, 3] and row.version == 3
    assert [v.possibilities for v in after[:2]] == [v.possibilities for v in before]
    # a save based on an older version is refused, nothing written
    with pytest.raises(adata.StaleAssessment) as exc:
        adata.add_version(s, plan_id=plan.id, kind=AuthorKind.NAV, based_on=2, actor_id=vid,
                          actor_role="veileder", possibilities="Gammel")
    assert exc.value.current.version == 3
    assert len(adata.versions(s, plan.id, AuthorKind.NAV)) == 3


def _page(s, demo, who: str, person: str, today):
    viewer = demo.viewer(s, who)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    return build_assessment_page(adata.load_page(s, plan.id), plan, access, viewer, "Emil", "nb")


def test_the_person_reads_the_current_and_earlier_versions_and_their_views(s, demo, today):
    page = _page(s, demo, "emil", "emil", today)
    assert page.mode == "person" and page.has_current and page.can_add_view
    assert not page.can_write
    assert page.current.version == 2 and "Deltidsjobb" in page.current.work_goal
    assert page.current.ability == "Arbeidsevnen er noe nedsatt"
    assert page.current.innsats_explained
    assert [a.version for a in page.earlier] == [1]
    assert [v.stance for v in page.views] == ["Du er enig", "Du er uenig"]
    assert "klarer mer" in page.views[1].text


def test_nav_writes_with_the_current_wording_in_the_form(s, demo, today):
    page = _page(s, demo, "veileder", "emil", today)
    assert page.mode == "staff" and page.can_write and not page.can_add_view
    assert page.nav_version == 2 and page.f_ability == "noe_nedsatt"
    assert page.views[0].stance == "Er enig"


def test_a_tjenesteyter_without_confidential_scope_gets_no_text(s, demo, today):
    page = _page(s, demo, "jobbspesialist", "emil", today)
    assert page.mode == "denied"
    assert page.current is None and page.earlier == [] and page.views == []
    # the behandler has consent to confidential information
    assert _page(s, demo, "behandler", "emil", today).has_current


def test_the_plan_page_links_to_it_only_for_readers(s, demo, today):
    from ip_app.plan.data import load_page, load_plan
    from ip_app.plan.view import build_page
    hrefs = {}
    for who in ("emil", "veileder", "behandler", "jobbspesialist"):
        viewer = demo.viewer(s, who)
        plan, access = access_for(s, viewer, demo.plan(s, "emil").id, today)
        hrefs[who] = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                                viewer, today, "nb").assessment_href
    assert hrefs["emil"] == hrefs["veileder"] == hrefs["behandler"] != ""
    assert hrefs["jobbspesialist"] == ""
