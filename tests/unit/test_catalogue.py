"""The tiltak catalogue: every type is complete, forms accept only known types,
and a tiltak card shows its type's plain description ("Hva er dette?")."""

from __future__ import annotations

import pytest
from sqlmodel import select

from ip_app.kernel.forms import FormError, validate
from ip_app.kernel.i18n import catalogue as texts, t
from ip_app.kernel.models import Measure
from ip_app.kernel.plan_access import access_for
from ip_app.kernel.roles import OrgKind
from ip_app.measures import catalogue
from ip_app.measures.catalogue_view import kind_text, with_kind_title
from ip_app.measures.input import MeasureInput, NewActivity
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.rules import PlanBasis
from ip_app.plan.view import build_page

NB = texts("nb")
REQUIRED = ("arbeidsforberedende_trening", "arbeidstrening", "mentor", "ips", "hjelpemidler",
            "norskopplaering", "samfunnskunnskap", "tilrettelagt_fagopplaering", "behandling")


def test_the_common_types_are_there():
    assert set(REQUIRED) <= set(catalogue.BY_KEY)
    assert len(catalogue.BY_KEY) == len(catalogue.CATALOGUE)  # no key twice


@pytest.mark.parametrize("m", catalogue.CATALOGUE, ids=lambda m: m.key)
def test_every_type_has_description_plans_and_provider(m):
    assert NB.get(m.name_key, "").strip(), m.name_key
    about = NB.get(m.about_key, "")
    assert len(about) >= 40, f"{m.about_key} should explain the tiltak in a sentence or two"
    assert m.serves and all(isinstance(b, PlanBasis) for b in m.serves)
    assert len(set(m.serves)) == len(m.serves)
    assert isinstance(m.provider, OrgKind) and NB.get(m.provider_key, "").strip()


def test_every_provider_kind_has_a_name():
    for k in OrgKind:
        assert NB.get(f"catalogue.provider.{k.value}", "").strip()


def test_each_plan_basis_has_types_and_they_come_first():
    for b in PlanBasis:
        ordered = catalogue.for_plan([b])
        assert len(ordered) == len(catalogue.CATALOGUE)
        n = sum(1 for m in catalogue.CATALOGUE if b in m.serves)
        assert n >= 2, b
        assert all(b in m.serves for m in ordered[:n])


def test_default_serves_follows_the_type_within_the_plan():
    bases = [PlanBasis.INTEGRERINGSPLAN, PlanBasis.AKTIVITETSPLAN, PlanBasis.INDIVIDUELL_PLAN]
    assert catalogue.default_serves("mentor", bases) == [PlanBasis.AKTIVITETSPLAN,
                                                         PlanBasis.INDIVIDUELL_PLAN]
    assert catalogue.default_serves("norskopplaering", bases) == [PlanBasis.INTEGRERINGSPLAN]
    # a type foreign to the plan, and own tiltak, fall back to the plan's first basis
    assert catalogue.default_serves("kvp_aktivitet", bases) == [PlanBasis.INTEGRERINGSPLAN]
    assert catalogue.default_serves("", bases) == [PlanBasis.INTEGRERINGSPLAN]


def test_forms_take_a_known_type_or_none():
    assert validate(NewActivity, {"title": "Kurs"}).kind == ""
    assert validate(MeasureInput, {"title": "x", "kind": " mentor "}).kind == "mentor"
    with pytest.raises(FormError) as exc:
        validate(MeasureInput, {"title": "x", "kind": "mentorr"})
    assert exc.value.errors == {"kind": "error.invalid"}
    with pytest.raises(FormError):
        validate(NewActivity, {"title": "x", "kind": "<script>"})


def test_a_chosen_type_gives_the_title_when_none_is_typed():
    filled = with_kind_title({"title": "  ", "kind": "mentor"}, "nb")
    assert validate(NewActivity, filled).title == t("catalogue.mentor.name")
    assert with_kind_title({"title": "Min mentor", "kind": "mentor"}, "nb")["title"] == "Min mentor"
    # own tiltak still needs a title
    with pytest.raises(FormError) as exc:
        validate(NewActivity, with_kind_title({"title": "", "kind": ""}, "nb"))
    assert exc.value.errors == {"title": "error.title_required"}


def test_every_demo_tiltak_type_is_in_the_catalogue(s):
    kinds = set(s.exec(select(Measure.kind)))
    assert kinds - {""} <= set(catalogue.BY_KEY), kinds - set(catalogue.BY_KEY)
    assert len(kinds - {""}) >= 8  # the demo uses the catalogue widely


def test_the_card_explains_its_type_to_the_person(s, demo, today):
    viewer = demo.viewer(s, "amina")
    plan, access = access_for(s, viewer, demo.plan(s, "amina").id, today)
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    cards = {c.title: c for g in page.by_status for c in g.cards}
    norsk = cards["Norskopplæring spor 2 mot B1"]
    assert norsk.kind_name == "Norskopplæring"
    assert norsk.kind_about == t("catalogue.norskopplaering.about")
    assert norsk.kind_provider == "Vanligvis gitt av: Voksenopplæringen"
    assert "Integreringsplan" in norsk.kind_serves
    own = cards["Ta teoriprøven for førerkort klasse B"]
    assert (own.kind_name, own.kind_about, own.kind_provider) == ("", "", "")
    assert kind_text("unknown", "nb").about == ""
