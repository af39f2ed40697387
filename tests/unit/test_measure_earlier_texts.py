"""Every earlier text of a tiltak is readable in its history, and hours show on the card."""

from __future__ import annotations

from ip_app.kernel import history as hist
from ip_app.kernel.models import Measure
from ip_app.kernel.plan_access import access_for
from ip_app.measures.data import update_measure, versions
from ip_app.plan.data import load_page, load_plan
from ip_app.plan.view import build_page


def _card(s, demo, viewer_name, person, today, title):
    viewer = demo.viewer(s, viewer_name)
    plan, access = access_for(s, viewer, demo.plan(s, person).id, today)
    page = build_page(load_page(s, load_plan(s, plan, access, viewer), viewer, today, "nb"),
                      viewer, today, "nb")
    return next(c for g in page.by_status for c in g.cards if c.title == title)


def test_earlier_values_are_what_a_version_replaced():
    before = {"title": "Norsk", "description": "A", "hours_per_week": 6, "status": "planlagt",
              "responsible_participant_id": 1}
    after = {**before, "title": "Norsk B1", "hours_per_week": 10, "status": "gjennomfores",
             "responsible_participant_id": 2}
    assert hist.earlier_values(before, after) == [("title", "Norsk"), ("hours_per_week", 6)]
    assert hist.earlier_values(None, after) == []
    assert hist.earlier_values(after, dict(after)) == []


def test_hours_changed_in_the_demo_show_the_old_figure(s, demo, today):
    card = _card(s, demo, "amina", "amina", today, "Norskopplæring spor 2 mot B1")
    assert card.history[0].text == "Siri Dahl (tjenesteyter) endret timer per uke"
    [before] = [v.snapshot for v in versions(s, card.id)][-2:-1]
    old = f"{float(before['hours_per_week']):g}".replace(".", ",")
    assert card.history[0].earlier == f"Timer per uke: {old}"
    now = f"{float(s.get(Measure, card.id).hours_per_week):g}".replace(".", ",")
    assert card.hours == now != old


def test_every_earlier_title_and_description_stays_readable(s, demo, today):
    title = "Ta teoriprøven for førerkort klasse B"
    card = _card(s, demo, "veileder", "amina", today, title)
    actor = demo.actor(s, "amina", "veileder")
    m = update_measure(s, measure_id=card.id, based_on_version=card.version, actor=actor,
                       title="Teoriprøven", description="Første tekst")
    update_measure(s, measure_id=m.id, based_on_version=m.version, actor=actor,
                   description="Andre tekst", extent="")
    card = _card(s, demo, "amina", "amina", today, "Teoriprøven")
    newest, older = card.history[0], card.history[1]
    assert "Beskrivelse: Første tekst" in newest.earlier
    assert f"Tittel: {title}" in older.earlier
    assert card.description == "Andre tekst"
    assert card.history[-1].earlier == ""  # creation replaced nothing
